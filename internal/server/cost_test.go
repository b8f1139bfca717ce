package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/guard/guardtest"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/internal/wstest"
)

// Documents costing the validator the square of their size are refused
// before it runs, as COMPLEXITY_LIMIT_EXCEEDED, whatever way they come.
func TestCostlyDocumentsAreRefusedBeforeValidation(t *testing.T) {
	// Sent as written: the identity check's rewriting of a document
	// nested 900 deep is itself the kind of work refused here.
	c := apitest.New(t, testdb.Open(t, testdb.Dialects[0])).WithoutIdentityCheck()
	for _, a := range guardtest.Attacks() {
		t.Run(a.Name, func(t *testing.T) {
			refused(t, c, "COMPLEXITY_LIMIT_EXCEEDED", a.Query, nil)
		})
	}
	small := "{" + strings.Repeat(" __typename", 201) + " }" // over the per-set limit
	t.Run("persisted query", func(t *testing.T) {
		sum := sha256.Sum256([]byte(small))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		for _, body := range []map[string]any{{"query": small, "extensions": ext}, {"extensions": ext}} {
			raw, _ := json.Marshal(body)
			r := c.Post(t, raw)
			if e := r.FirstError(t); e.Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
				t.Fatalf("%s: %s", raw, r.Raw)
			}
		}
	})
	t.Run("websocket", func(t *testing.T) {
		ctx := waitfor.Context(t)
		ws, err := wstest.Dial(ctx, c.URL+"/graphql", wstest.TransportWS, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		if err := ws.Subscribe(ctx, "1", small, nil); err != nil {
			t.Fatal(err)
		}
		m, err := ws.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.ErrorCode() != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Fatalf("%s %s", m.Type, m.Payload)
		}
	})
	t.Run("configured", func(t *testing.T) {
		c := apitest.New(t, testdb.Open(t, testdb.Dialects[0]), apitest.Config(func(cfg *config.Config) {
			cfg.MaxSetSelections = 300
		}))
		if r := c.Query(t, small, nil); len(r.Errors) > 0 {
			t.Fatalf("201 selections with a limit of 300: %s", r.Raw)
		}
	})
}

// Repeated fields are legal and answered once; the document is validated
// as written (the overlap rule on its merged copy gives the same verdict).
func TestRepeatedFieldsStillWork(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		c := apitest.Seeded(t, st)
		q := `{ __typename __typename ... { __typename }
			products(first: 2) { edges { node { id id name ... on Product { id name } } } }
			products(first: 2) { totalCount } }`
		var out struct {
			Typename string `json:"__typename"`
			Products struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID, Name string } }
			}
		}
		c.Query(t, q, nil).Decode(t, &out)
		if out.Typename != "Query" || out.Products.TotalCount == 0 || len(out.Products.Edges) != 2 || out.Products.Edges[0].Node.Name == "" {
			t.Fatalf("%+v", out)
		}
		// Conflicts are still found, through merged fields.
		for _, q := range []string{
			`{ products(first: 2) { totalCount } products(first: 3) { totalCount } }`,
			`{ p: products(first: 2) { n: totalCount } p: products(first: 2) { n: pageInfo { hasNextPage } } }`,
			`{ a: __typename a: __typename @include(if: true) a: products(first: 1) { totalCount } }`,
		} {
			if e := c.Query(t, q, nil).FirstError(t); e.Code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "conflict") {
				t.Fatalf("%s: %+v", q, e)
			}
		}
	})
}

// BenchmarkCostlyDocuments measures what refusing each costly document
// costs, through the whole handler; over 50 ms a request fails it.
//
//	go test -run '^$' -bench CostlyDocuments ./internal/server
func BenchmarkCostlyDocuments(b *testing.B) {
	st := testdb.Open(b, testdb.Dialects[0])
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics(), server.WithSweepInterval(0))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	h := srv.Handler()
	const budget = 50 * time.Millisecond
	for _, a := range guardtest.Attacks() {
		body, _ := json.Marshal(map[string]any{"query": a.Query})
		post := func() *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		b.Run(a.Name, func(b *testing.B) {
			if w := post(); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"COMPLEXITY_LIMIT_EXCEEDED"`) {
				b.Fatalf("not refused: %d %.300s", w.Code, w.Body)
			}
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				post()
			}
			if per := b.Elapsed() / time.Duration(b.N); per > budget {
				b.Fatalf("%d-byte document refused in %v per request, over %v", len(body), per, budget)
			}
		})
	}
}
