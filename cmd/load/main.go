// Command load measures a running Comptoir server with the workloads of the
// issue on speed, from many concurrent clients, and prints per workload the
// request rate, latency percentiles (p50, p99) and errors:
//
//	W1  the storefront grid: 50 products with variants, prices and stock
//	W2  a product page by slug (a random slug of the catalog)
//	W3  a search, 20 hits (a random word of the catalog's product names)
//	W4  a guest cart: cartCreate with one line (a random variant in stock),
//	    then the cart read back; one flow is these two requests
//
// The documents are those of internal/bench (workloads.go). Slugs, words
// and variants come from the target itself: the first pages of `products`
// are read through the API before the clock starts.
//
// PUBLIC answers to anonymous callers are served from the server's response
// cache after their first request, so W1 (one document) is mostly a cache
// hit, and W2 and W3 become hits as their random arguments repeat. With
// -cache=bust every request's document carries an alias of its own
// (`b123: __typename`), as any client may send, so every answer is distinct
// and computed: a miss, paying also the parsing and validation of a new
// document and the storing of its answer. To measure execution alone, run
// the server with COMPTOIR_RESPONSE_CACHE_BYTES=0. W4 is never cached (a
// mutation, and a cart is PRIVATE).
//
// -handwritten also serves the hand-written Go + SQL W1 handler of
// internal/bench on loopback against the database of -db (PostgreSQL), and
// loads it like W1 for the comparison.
//
// Load is only sent to loopback addresses (and the database of -handwritten
// is only reached on one), for a bounded time (-d, at most 10 minutes per
// workload) and optionally a bounded count (-n).
//
//	go run ./cmd/load -url http://127.0.0.1:8080/graphql -w W1,W2,W3,W4 -c 32 -d 15s
//	go run ./cmd/load -w W1 -c 64 -cache bust -handwritten -db postgres://postgres@127.0.0.1:5432/shop?sslmode=disable
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// options are the command's flags, checked.
type options struct {
	target      string
	workloads   []string
	conc        int
	dur         time.Duration
	warmup      time.Duration
	maxRequests int64 // per workload, 0: only the duration bounds it
	bust        bool
	handwritten bool
	dbURL       string
	pages       int
}

const maxDuration = 10 * time.Minute

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	ctx, stop := signalContext()
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var ws, cache string
	fs.StringVar(&o.target, "url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	fs.StringVar(&ws, "w", "W1,W2,W3,W4", "workloads to run, in order, comma-separated")
	fs.IntVar(&o.conc, "c", 32, "concurrent clients (1 to 1024)")
	fs.DurationVar(&o.dur, "d", 15*time.Second, "duration of each workload (at most 10m)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each workload")
	fs.Int64Var(&o.maxRequests, "n", 0, "stop each workload after this many requests (W4: flows); 0: after -d")
	fs.StringVar(&cache, "cache", "hit", "hit: send the documents as they are; bust: a distinct document per request, so the response cache never answers")
	fs.BoolVar(&o.handwritten, "handwritten", false, "also load the hand-written W1 handler of internal/bench, served on loopback against -db")
	fs.StringVar(&o.dbURL, "db", os.Getenv("DATABASE_URL"), "PostgreSQL URL for -handwritten (loopback only)")
	fs.IntVar(&o.pages, "pages", 20, "pages of 100 products read to pick slugs, words and variants from")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, w := range strings.Split(ws, ",") {
		w = strings.ToUpper(strings.TrimSpace(w))
		if _, ok := workloads[w]; !ok {
			return o, fmt.Errorf("-w: unknown workload %q (W1, W2, W3, W4)", w)
		}
		o.workloads = append(o.workloads, w)
	}
	switch {
	case o.conc < 1 || o.conc > 1024:
		return o, fmt.Errorf("-c: 1 to 1024, got %d", o.conc)
	case o.dur <= 0 || o.dur > maxDuration:
		return o, fmt.Errorf("-d: more than 0 and at most %s, got %s", maxDuration, o.dur)
	case o.warmup < 0 || o.warmup > maxDuration:
		return o, fmt.Errorf("-warmup: 0 to %s, got %s", maxDuration, o.warmup)
	case o.maxRequests < 0:
		return o, fmt.Errorf("-n: 0 or more, got %d", o.maxRequests)
	case o.pages < 1 || o.pages > 100:
		return o, fmt.Errorf("-pages: 1 to 100, got %d", o.pages)
	case cache != "hit" && cache != "bust":
		return o, fmt.Errorf("-cache: hit or bust, got %q", cache)
	case o.handwritten && o.dbURL == "":
		return o, errors.New("-handwritten needs -db (or DATABASE_URL)")
	}
	o.bust = cache == "bust"
	return o, nil
}

// loopbackOnly refuses a host unless every address it stands for is a
// loopback one: load is only ever sent to this machine.
func loopbackOnly(host string, ips []net.IP) error {
	if len(ips) == 0 {
		return fmt.Errorf("%q has no address", host)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%q is %s, not a loopback address: load is only sent to this machine", host, ip)
		}
	}
	return nil
}

// checkHost resolves host (an IP literal is taken as it is) and applies
// loopbackOnly.
func checkHost(ctx context.Context, host string) error {
	if ip := net.ParseIP(host); ip != nil {
		return loopbackOnly(host, []net.IP{ip})
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return err
	}
	ips := make([]net.IP, len(addrs))
	for i, a := range addrs {
		ips[i] = a.IP
	}
	return loopbackOnly(host, ips)
}

// checkURL applies checkHost to a URL's host. A database URL without a host
// (a Unix socket) is local.
func checkURL(ctx context.Context, raw string, hostRequired bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Hostname() == "" {
		if hostRequired {
			return fmt.Errorf("%s: no host", raw)
		}
		return nil
	}
	return checkHost(ctx, u.Hostname())
}

func run(ctx context.Context, o options, out io.Writer) error {
	if err := checkURL(ctx, o.target, true); err != nil {
		return err
	}
	if o.handwritten {
		if err := checkURL(ctx, o.dbURL, false); err != nil {
			return fmt.Errorf("-db: %w", err)
		}
	}
	client := newClient(o.conc)
	cat, err := fetchCatalog(ctx, client, o.target, o.pages)
	if err != nil {
		return fmt.Errorf("reading the catalog from %s: %w", o.target, err)
	}
	fmt.Fprintf(out, "target %s: %d products, %d variants in stock, %d search words read; c=%d d=%s cache=%s\n",
		o.target, len(cat.slugs), len(cat.variants), len(cat.words), o.conc, o.dur, map[bool]string{false: "hit", true: "bust"}[o.bust])
	var w1 *result
	for _, name := range o.workloads {
		res, err := load(ctx, client, o, workloads[name](o.target, cat, o.bust))
		if err != nil {
			return err
		}
		fmt.Fprintln(out, res)
		if name == "W1" {
			w1 = &res
		}
	}
	if o.handwritten {
		hwURL, stop, err := serveHandwritten(o.dbURL)
		if err != nil {
			return err
		}
		defer stop()
		res, err := load(ctx, client, o, handwrittenW1(hwURL))
		if err != nil {
			return err
		}
		fmt.Fprintln(out, res)
		if w1 != nil && res.rate() > 0 {
			fmt.Fprintf(out, "W1 GraphQL / hand-written: %.2fx the requests per second, %.2fx the p50 latency\n",
				w1.rate()/res.rate(), float64(w1.pct(.50))/float64(max(res.pct(.50), 1)))
		}
	}
	return nil
}

func newClient(conc int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc, DisableCompression: true},
		Timeout:   30 * time.Second,
	}
}
