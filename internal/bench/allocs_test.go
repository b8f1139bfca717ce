package bench

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

// maxListingAllocs bounds the heap allocations of one uncached listing
// request (50 products, their variants, prices and stock), server and
// database driver together. Allocation counts, unlike times, do not depend
// on the machine's load, so the executor's leanness is a test. Measured:
// 56,000 before prices became methods, 47,000-48,500 after, 51,600 on
// SQLite once facets and promotions were merged; 33,200 (SQLite) and
// 31,700 (PostgreSQL) once cmd/gqlgenpatch marshaled leaf fields directly
// and wrote objects without graphql.FieldSet's per-object map, and
// priceRange became a method; 23,700 (SQLite) and 24,100 (PostgreSQL) once
// field collection knew the columns of price, priceRange and
// quantityAvailable (schema.CollectColumns) and products and variants were
// read without their unused columns (JSON media, attributes and options,
// timestamps); 16,950 (SQLite) and 17,400 (PostgreSQL) once cmd/gqlgenpatch
// also wrote prices (Money, MoneyRange) and edges' nodes without
// graphql.ResolveField, parsed field arguments and collected fields once per
// operation, allocated list elements' field contexts once per list and kept
// resolver-less objects' field sets on the stack, and the stock loaders
// traced nothing per Load; 16,350 (SQLite) and 16,800 (PostgreSQL) once
// resolvers of scalar fields (quantityAvailable) ran without the field
// middleware chain; 13,300 (SQLite) and 13,750 (PostgreSQL) once integers,
// booleans, strings and IDs were written without boxes (cmd/gqlgenpatch
// step 11, and IDs, currencies and decimals quoted without strconv.Quote),
// a row's scan destinations came in one allocation
// (ent/template/decode.tmpl) and leaf resolvers ran in place (step 12).
// 10,800 (SQLite) and 11,250 (PostgreSQL) once stock was scanned without
// ent's reflective Scan, a page's edges came in one allocation
// (ent/entc.go), the page's stock was primed in a map (loader.Stock) and a
// price's amount and currency were written from the Money itself
// (money.AmountJSON, references to fields of self-marshaling types). Under
// the 12,000. What is left is mostly per list element: a
// goroutine, a context and a field context each (cmd/gqlgenpatch step 6),
// and the driver's strings.
const maxListingAllocs = 11800

func TestListingAllocations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		testcatalog.Import(t, st)
		h := graphqlHandler(t, st)
		body, _ := json.Marshal(map[string]any{"query": listingQuery})
		serve := func() {
			r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != 200 || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) || bytes.Count(rec.Body.Bytes(), []byte(`"sku"`)) < 100 {
				t.Fatalf("bad response %d: %.300s", rec.Code, rec.Body)
			}
		}
		serve() // warm: prepared statements, parsed query cache
		n := testing.AllocsPerRun(20, serve)
		t.Logf("%s: %.0f allocations per listing request", st.Dialect, n)
		if n > maxListingAllocs {
			t.Errorf("%s: %.0f allocations per listing request, want at most %d", st.Dialect, n, maxListingAllocs)
		}
	})
}

// graphqlHandler is the server's handler with the response cache off: what
// is measured is execution.
func graphqlHandler(t testing.TB, st *store.Store) http.Handler {
	cfg, _ := config.Load(func(string) string { return "" })
	cfg.ResponseCacheBytes = 0
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv.Handler()
}
