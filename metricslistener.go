package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/comptoir/comptoir/internal/server"
)

// serveMetrics starts the listener of its own that serves /metrics
// (COMPTOIR_METRICS_ADDR), off the public one, and Go's profiles under
// /debug/pprof/ there, so an operator can see where a loaded instance spends
// its CPU and memory without exposing them publicly; its error, if it stops
// serving, goes to errc. The returned function shuts it down.
func serveMetrics(addr string, app *server.Server, log *slog.Logger, errc chan<- error) (func(context.Context) error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (COMPTOIR_METRICS_ADDR): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", app.MetricsHandler())
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	// No WriteTimeout: a CPU profile or trace answers after its seconds.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("metrics listener: %w", err)
		}
	}()
	log.Info("metrics listener", "metrics", "http://"+displayAddr(ln.Addr())+"/metrics")
	return srv.Shutdown, nil
}
