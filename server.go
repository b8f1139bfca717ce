// Comptoir is a headless commerce GraphQL API server.
//
//	comptoir [serve]          run the server (the default)
//	comptoir migrate [status] apply migrations, or list them
//	comptoir seed demo        load the demo catalog
//	comptoir import FILE      load a catalog file (JSON lines)
//
// Configuration comes from environment variables (see README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/seed"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/telemetry"
	"github.com/comptoir/comptoir/migrations"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	commands := map[string]func([]string, io.Writer, io.Writer) error{
		"serve":   cmdServe,
		"migrate": cmdMigrate,
		"seed":    cmdSeed,
		"import":  cmdImport,
		"admin":   cmdAdmin,
	}
	fn, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "comptoir: unknown command %q (serve, migrate, seed, import, admin; add --help to any)\n", cmd)
		return 2
	}
	err := fn(args, stdout, stderr)
	var ce *config.Error
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ce):
		fmt.Fprintln(stderr, "comptoir:", ce.Error())
		return 2
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintln(stderr, "comptoir:", err)
		return 1
	}
}

var errUsage = errors.New("usage")

// newFlags returns a flag set whose --help prints usage to stdout.
func newFlags(name, usage string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := stderr
		fmt.Fprintf(out, "usage: comptoir %s\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage = func() {
				fmt.Fprintf(stdout, "usage: comptoir %s\n", usageOf[fs.Name()])
				fs.PrintDefaults()
			}
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

var usageOf = map[string]string{
	"serve":   "serve\n\nRuns the GraphQL server: applies migrations, seeds the demo catalog into an empty\nstore (development), serves GraphQL at /graphql and the playground at /.",
	"migrate": "migrate [status]\n\nApplies pending migrations, or lists every migration and when it was applied.",
	"seed":    "seed demo\n\nLoads the demo catalog shipped in the binary. Loading it twice changes nothing.",
	"admin":   "admin create --email EMAIL --password PASSWORD\n\nMakes the account with this email an admin, creating it with the password when\nit does not exist (an existing account keeps its password). No prompt.",
	"import":  "import FILE.jsonl\n\nLoads a catalog file (one product per line; see docs/catalog-format.md). Slugs and\nSKUs are natural keys: loading a file twice changes nothing. Malformed lines are\nreported with their line number and skipped.",
}

// setup reads the configuration and opens the store.
func setup(stderr io.Writer) (*config.Config, *slog.Logger, *store.Store, *server.Metrics, error) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := telemetry.Check(os.Getenv); err != nil {
		return nil, nil, nil, nil, err
	}
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(stderr, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(stderr, opts)
	}
	log := slog.New(h)
	m := server.NewMetrics()
	st, err := store.Open(context.Background(), cfg.DatabaseURL, &store.Counter{OnExec: m.DBQueries.Inc}, store.WithPool(cfg.DBPool))
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return cfg, log, st, m, nil
}

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", usageOf["serve"], stdout, stderr)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	cfg, log, st, m, err := setup(stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	applied, err := migrations.Apply(ctx, st.DB, st.Dialect)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "versions", applied)
	}
	if cfg.SeedDemo {
		seeded, err := seed.DemoIfEmpty(ctx, st)
		if err != nil {
			return fmt.Errorf("seed demo catalog: %w", err)
		}
		if seeded {
			log.Info("the store was empty: demo catalog loaded")
		}
	}
	tracing, err := telemetry.Setup(ctx, os.Getenv)
	if err != nil {
		return err
	}
	if tracing.Enabled() {
		log.Info("tracing: spans exported over OTLP/HTTP")
	}
	// Runs after the HTTP server has drained: the last requests' spans go
	// out too.
	defer func() {
		fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tracing.Shutdown(fctx); err != nil {
			log.Warn("tracing: spans not flushed at shutdown", "err", err)
		}
	}()
	app, err := server.New(cfg, st, log, m, server.WithTracing(tracing))
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	errc := make(chan error, 2)
	stopMetrics := func(context.Context) error { return nil }
	if cfg.Metrics.Addr != "" {
		if stopMetrics, err = serveMetrics(cfg.Metrics.Addr, app, log, errc); err != nil {
			_ = ln.Close()
			return err
		}
	}
	base := "http://" + displayAddr(ln.Addr())
	log.Info("Comptoir is listening", "graphql", base+"/graphql", "playground", map[bool]string{true: base + "/", false: "off"}[cfg.Playground],
		"store", st.Dialect, "env", cfg.Env)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests", "timeout", cfg.ShutdownTimeout)
	srv.RegisterOnShutdown(app.CloseStreams)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := stopMetrics(sctx); err != nil {
		return fmt.Errorf("shutdown of the metrics listener: %w", err)
	}
	app.Close()
	log.Info("stopped")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
	}
	return a.String()
}

func cmdMigrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", usageOf["migrate"], stdout, stderr)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	_, _, st, _, err := setup(stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	switch fs.Arg(0) {
	case "":
		applied, err := migrations.Apply(ctx, st.DB, st.Dialect)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d migration(s) applied\n", len(applied))
		for _, v := range applied {
			fmt.Fprintln(stdout, "applied", v)
		}
		return nil
	case "status":
		status, err := migrations.Status(ctx, st.DB, st.Dialect)
		if err != nil {
			return err
		}
		for _, m := range status {
			at := "pending"
			if m.AppliedAt != nil {
				at = "applied " + m.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%s  %-20s %s\n", m.Version, m.Description, at)
		}
		return nil
	default:
		fs.Usage()
		return errUsage
	}
}

func cmdSeed(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", usageOf["seed"], stdout, stderr)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.Arg(0) != "demo" || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	_, _, st, _, err := setup(stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		return err
	}
	res, err := seed.Demo(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo catalog: %d products (%d created, %d updated), %d variants created\n",
		res.Products, res.ProductsCreated, res.ProductsUpdated, res.VariantsCreated)
	return nil
}
