package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/playground"
	"github.com/comptoir/comptoir/internal/seed"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testdb"
)

// FuzzGraphQLRequest sends documents, variables and extensions through the
// whole handler, over POST or GET, to a server holding the demo catalog:
// whatever the request, the answer is never a 5xx nor an INTERNAL error
// (a panic in any layer, or a client mistake taken for our bug).
//
//	go test -run '^$' -fuzz '^FuzzGraphQLRequest$' -fuzztime 10s ./internal/server
func FuzzGraphQLRequest(f *testing.F) {
	st := testdb.Open(f, testdb.Dialects[0])
	if _, err := seed.Demo(context.Background(), st); err != nil {
		f.Fatal(err)
	}
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		f.Fatal(err)
	}
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics(),
		server.WithHasher(auth.Hasher{Params: apitest.FastArgon2}), server.WithSweepInterval(0))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(srv.Close)
	h := srv.Handler()

	for _, tab := range playground.Examples {
		f.Add(tab.Query, tab.Variables, "", false)
	}
	for _, s := range []struct{ q, v, e string }{
		{`{ products(first: 3) { edges { cursor node { id name } } pageInfo { endCursor } } }`, ``, ``},
		{`query($a: Cursor) { products(first: 2, after: $a) { totalCount } }`, `{"a": "gqFp"}`, ``},
		{`query($id: ID!) { node(id: $id) { id __typename } }`, `{"id": "prd_01J00000000000000000000000"}`, ``},
		{`query($s: String) { products(search: $s, first: 5) { edges { node { name } } } }`, `{"s": "\"tent -x or"}`, ``},
		{`query($n: Int) { products(first: $n) { totalCount } }`, `{"n": 1e40}`, ``},
		{`{ __typename }`, ``, `{"persistedQuery": {"version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}`},
		{``, ``, `{"persistedQuery": {"version": 1, "sha256Hash": "00"}}`},
		{`mutation { cartCreate(input: {}) { cart { id } userErrors { code } } }`, ``, ``},
		{`{ a: __typename a: __typename ... { a: __typename } }`, `null`, `null`},
		{`{ products(where: {price: {min: "1e3"}}) { totalCount } }`, ``, ``},
		{"{" + strings.Repeat(" __typename", 201) + " }", ``, ``},
		{`subscription { __typename }`, ``, ``},
		{`{ product(slug: "\u0000") { id } }`, `{"x": "\ud800"}`, `[]`},
	} {
		f.Add(s.q, s.v, s.e, false)
		f.Add(s.q, s.v, s.e, true)
	}

	f.Fuzz(func(t *testing.T, query, variables, extensions string, get bool) {
		var r *http.Request
		if get {
			v := url.Values{"query": {query}}
			if variables != "" {
				v.Set("variables", variables)
			}
			if extensions != "" {
				v.Set("extensions", extensions)
			}
			r = httptest.NewRequest(http.MethodGet, "/graphql?"+v.Encode(), nil)
		} else {
			q, _ := json.Marshal(query)
			body := []byte(`{"query":` + string(q))
			if variables != "" {
				body = append(body, `,"variables":`+variables...)
			}
			if extensions != "" {
				body = append(body, `,"extensions":`+extensions...)
			}
			body = append(body, '}')
			r = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
		}
		// A request that hangs (a subscription answered over plain HTTP,
		// say) is a finding too.
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.WithContext(ctx))
		if ctx.Err() != nil {
			t.Fatalf("no answer within 10 s: %d %.500s", w.Code, w.Body)
		}
		if w.Code >= 500 || bytes.Contains(w.Body.Bytes(), []byte(`"INTERNAL"`)) {
			t.Fatalf("%d %.2000s", w.Code, w.Body)
		}
	})
}
