package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/lib/pq" // the PostgreSQL driver of -handwritten

	"github.com/comptoir/comptoir/internal/bench"
)

// caller is one client: it times the requests that succeed.
type caller struct {
	c   *http.Client
	lat []time.Duration
}

func (c *caller) post(ctx context.Context, target, query string, vars map[string]any) ([]byte, error) {
	t := time.Now()
	raw, err := post(ctx, c.c, target, query, vars)
	if err == nil {
		c.lat = append(c.lat, time.Since(t))
	}
	return raw, err
}

func (c *caller) get(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	raw, err := do(c.c, req)
	if err == nil {
		c.lat = append(c.lat, time.Since(t))
	}
	return raw, err
}

// result is one workload's measure.
type result struct {
	w        workload
	conc     int
	steps    int64 // completed without error
	errors   int64
	firstErr error
	elapsed  time.Duration
	lat      []time.Duration // of successful requests, sorted
}

// rate is requests per second.
func (r result) rate() float64 {
	return float64(len(r.lat)) / r.elapsed.Seconds()
}

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[int(p*float64(len(r.lat)-1))]
}

func (r result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-28s c=%-4d %7d req in %6.2fs  %8.1f req/s", r.w.name, r.conc, len(r.lat), r.elapsed.Seconds(), r.rate())
	if r.w.steps > 1 {
		fmt.Fprintf(&b, " (%.1f %ss/s)", float64(r.steps)/r.elapsed.Seconds(), r.w.unit)
	}
	fmt.Fprintf(&b, "  p50 %s  p99 %s  errors %d", r.pct(.50).Round(10*time.Microsecond), r.pct(.99).Round(10*time.Microsecond), r.errors)
	if r.firstErr != nil {
		fmt.Fprintf(&b, " (first: %v)", r.firstErr)
	}
	return b.String()
}

// seq numbers the requests of the process, from a random start so that the
// documents of -cache=bust differ from those of an earlier run too.
var seq atomic.Int64

func init() { seq.Store(rand.Int64N(1 << 40)) }

// load runs w for the warm-up, unmeasured, then measures it.
func load(ctx context.Context, client *http.Client, o options, w workload) (result, error) {
	if o.warmup > 0 {
		if _, err := phase(ctx, client, w, o.conc, o.warmup, 0); err != nil {
			return result{}, err
		}
	}
	return phase(ctx, client, w, o.conc, o.dur, o.maxRequests)
}

// phase runs w from conc clients until dur has passed or max steps were
// started (0: no count).
func phase(ctx context.Context, client *http.Client, w workload, conc int, dur time.Duration, max int64) (result, error) {
	pctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		started atomic.Int64
	)
	res := result{w: w, conc: conc}
	t0 := time.Now()
	for i := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &caller{c: client}
			rnd := rand.New(rand.NewPCG(uint64(t0.UnixNano()), uint64(i)))
			var ok, bad int64
			var first error
			for pctx.Err() == nil {
				if n := started.Add(1); max > 0 && n > max {
					break
				}
				err := w.step(pctx, c, rnd, seq.Add(1))
				switch {
				case err == nil:
					ok++
				case pctx.Err() != nil:
					// Cut by the end of the run: neither a success nor an error.
				default:
					bad++
					if first == nil {
						first = err
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.steps += ok
			res.errors += bad
			if res.firstErr == nil {
				res.firstErr = first
			}
			res.lat = append(res.lat, c.lat...)
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(t0)
	if ctx.Err() != nil {
		return res, errStopped
	}
	slices.Sort(res.lat)
	return res, nil
}

// serveHandwritten serves the hand-written W1 handler on a loopback port
// against the PostgreSQL database at dbURL, with the server's default
// number of connections (COMPTOIR_DB_MAX_OPEN, 10).
func serveHandwritten(dbURL string) (string, func(), error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return "", nil, err
	}
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	url, stop, err := serveHandwrittenDB(db)
	if err != nil {
		db.Close()
		return "", nil, err
	}
	return url, func() { stop(); db.Close() }, nil
}

func serveHandwrittenDB(db *sql.DB) (string, func(), error) {
	h, closeStmts, err := bench.Handwritten(db)
	if err != nil {
		return "", nil, fmt.Errorf("hand-written handler: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		closeStmts()
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "load: hand-written server:", err)
		}
	}()
	return "http://" + ln.Addr().String() + "/", func() {
		_ = srv.Close()
		<-done
		_ = closeStmts()
	}, nil
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}
