package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/respcache"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/migrations"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// listingQuery is what a storefront grid asks: 50 products with their
// variants, prices and stock.
const listingQuery = W1Listing

var (
	once   sync.Once
	shared *store.Store
)

// catalogStore is a PostgreSQL store loaded with the reference catalog.
func catalogStore(b *testing.B) *store.Store {
	once.Do(func() {
		u := testdb.SharedPostgresURL(b)
		st, err := store.Open(context.Background(), u, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := migrations.Apply(context.Background(), st.DB, st.Dialect); err != nil {
			b.Fatal(err)
		}
		testcatalog.Import(b, st)
		shared = st
	})
	if shared == nil {
		b.Skip("no catalog store")
	}
	return shared
}

func run(b *testing.B, h http.Handler, req func() *http.Request, check func([]byte)) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req())
	if rec.Code != 200 {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	check(rec.Body.Bytes())
	b.ReportAllocs()
	// 8 per core: enough requests in flight to keep both the server and
	// PostgreSQL busy, so ns/op is the inverse of throughput.
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req())
			if rec.Code != 200 {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkListingGraphQL executes the listing every time: the response
// cache is off (BenchmarkListingCached measures it).
func BenchmarkListingGraphQL(b *testing.B) { benchListing(b, 0, false) }

// BenchmarkListingCached serves the listing from the response cache (a hit).
func BenchmarkListingCached(b *testing.B) { benchListing(b, 32<<20, false) }

// BenchmarkListingCacheMiss executes the listing with the response cache
// on, every answer purged before the next request: the cost a miss adds
// (policy, tags, storing).
func BenchmarkListingCacheMiss(b *testing.B) { benchListing(b, 32<<20, true) }

func benchListing(b *testing.B, cacheBytes int, miss bool) {
	st := catalogStore(b)
	cfg, _ := config.Load(func(string) string { return "" })
	cfg.ResponseCacheBytes = cacheBytes
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics())
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	body, _ := json.Marshal(map[string]any{"query": listingQuery})
	run(b, h, func() *http.Request {
		if miss {
			srv.ResponseCache().PurgeLocal([]string{respcache.Any(respcache.FamilyProduct)})
		}
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}, func(out []byte) {
		if bytes.Contains(out, []byte(`"errors"`)) || bytes.Count(out, []byte(`"sku"`)) < 100 {
			b.Fatalf("bad response: %.300s", out)
		}
	})
}

// handwritten is the hand-written W1 handler (handwritten.go), its
// statements closed at cleanup.
func handwritten(b *testing.B, db *sql.DB) http.Handler {
	h, closeStmts, err := Handwritten(db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = closeStmts() })
	return h
}

func BenchmarkListingHandwritten(b *testing.B) { benchHandwritten(b) }

// BenchmarkListingRatio serves the two listings one after the other, one
// request at a time, and reports how many times the hand-written handler's
// latency and allocations the GraphQL listing costs (x-time, x-allocs), with
// the GraphQL request's allocations (gql-allocs/op). (testing.Benchmark
// cannot nest in a benchmark: both hold the benchmark lock.)
func BenchmarkListingRatio(b *testing.B) {
	st := catalogStore(b)
	gh, hh := graphqlHandler(b, st), handwritten(b, st.DB)
	body, _ := json.Marshal(map[string]any{"query": listingQuery})
	gql := func() {
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		serveOK(b, gh, r)
	}
	hw := func() { serveOK(b, hh, httptest.NewRequest(http.MethodGet, "/", nil)) }
	gql()
	hw()
	var tg, th time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		gql()
		t1 := time.Now()
		hw()
		tg += t1.Sub(t0)
		th += time.Since(t1)
	}
	b.StopTimer()
	ag, ah := testing.AllocsPerRun(5, gql), testing.AllocsPerRun(5, hw)
	b.ReportMetric(float64(tg)/float64(th), "x-time")
	b.ReportMetric(ag/ah, "x-allocs")
	b.ReportMetric(ag, "gql-allocs/op")
}

func serveOK(b *testing.B, h http.Handler, r *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		b.Fatalf("status %d: %.300s", rec.Code, rec.Body)
	}
}

func benchHandwritten(b *testing.B) {
	st := catalogStore(b)
	h := handwritten(b, st.DB)
	run(b, h, func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) }, func(out []byte) {
		if bytes.Count(out, []byte(`"sku"`)) < 100 || !strings.Contains(string(out), `"products"`) {
			b.Fatalf("bad response: %.300s", out)
		}
	})
}
