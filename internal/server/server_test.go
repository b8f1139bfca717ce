package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

func TestBodyLimitIs413(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.New(t, st)
		pad := strings.Repeat(" ", 1<<20)
		big := []byte(`{"query":"{ __typename }` + pad + `"}`)
		if r := c.Post(t, big); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("declared length: status %d", r.Status)
		}
		// Chunked: no Content-Length, the limit still applies while reading.
		pr, pw := io.Pipe()
		go func() { _, _ = pw.Write(big); _ = pw.Close() }()
		req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		if r := c.Do(t, req); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked: status %d", r.Status)
		}
		if r := c.Post(t, []byte(`{"query":"{ __typename }`+strings.Repeat(" ", 1000)+`"}`)); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("small body: %d %s", r.Status, r.Raw)
		}
	})
}

// refused asserts an operation is refused with code before any SQL runs.
func refused(t *testing.T, c *apitest.Client, code, query string, vars map[string]any) {
	t.Helper()
	var r *apitest.Response
	n := c.Statements(func() { r = c.Query(t, query, vars) })
	if e := r.FirstError(t); e.Code() != code {
		t.Fatalf("code %q, want %q: %s", e.Code(), code, r.Raw)
	}
	if n != 0 {
		t.Fatalf("a refused operation ran %d statements", n)
	}
}

func TestGuardrails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		nest := func(depth int) string {
			return `{ category(slug: "outdoor") { ` + strings.Repeat("parent { ", depth-2) + "id" + strings.Repeat(" }", depth-2) + " } }"
		}
		t.Run("depth", func(t *testing.T) {
			if r := c.Query(t, nest(15), nil); len(r.Errors) > 0 {
				t.Fatalf("depth 15 refused: %s", r.Raw)
			}
			refused(t, c, "COMPLEXITY_LIMIT_EXCEEDED", nest(16), nil)
		})
		t.Run("complexity", func(t *testing.T) {
			q := `{ products(first: 100) { edges { node { id variants(first: 100) { edges { node { id sku price { amount } } } } } } } }`
			refused(t, c, "COMPLEXITY_LIMIT_EXCEEDED", q, nil)
			ok := `{ products(first: 100) { edges { node { id variants(first: 10) { edges { node { id sku price { amount } } } } } } } }`
			if r := c.Query(t, ok, nil); len(r.Errors) > 0 {
				t.Fatalf("a 100 x 10 listing was refused: %s", r.Raw)
			}
			// Variables count like literals.
			refused(t, c, "COMPLEXITY_LIMIT_EXCEEDED", `query($n: Int) { products(first: 100) { edges { node { variants(first: $n) { edges { node { id sku price { amount } } } } } } } }`, map[string]any{"n": 100})
		})
		t.Run("aliases", func(t *testing.T) {
			var b strings.Builder
			b.WriteString("{")
			for i := 0; i < 101; i++ {
				b.WriteString(" a" + strings.Repeat("x", i) + ": __typename product(slug: \"x\") { id }")
			}
			b.WriteString(" }")
			q := strings.ReplaceAll(b.String(), ": __typename product", ": product")
			refused(t, c, "COMPLEXITY_LIMIT_EXCEEDED", q, nil)
		})
		t.Run("tokens", func(t *testing.T) {
			q := "{ " + strings.Repeat("__typename ", 16000) + "}"
			refused(t, c, "BAD_USER_INPUT", q, nil)
		})
		t.Run("page size", func(t *testing.T) {
			for _, q := range []string{
				`{ products(first: 101) { totalCount } }`,
				`{ products(last: 101) { totalCount } }`,
				`{ products(first: -1) { totalCount } }`,
				`{ sellers(first: 1000) { totalCount } }`,
				`{ categories(first: 101) { totalCount } }`,
				`{ products(first: 1) { edges { node { variants(first: 101) { totalCount } } } } }`,
			} {
				refused(t, c, "BAD_USER_INPUT", q, nil)
			}
			refused(t, c, "BAD_USER_INPUT", `query($n: Int) { products(first: $n) { totalCount } }`, map[string]any{"n": 500})
			var out struct{ Products struct{ Edges []any } }
			c.Query(t, `{ products(first: 100) { edges { cursor } } }`, nil).Decode(t, &out)
			if len(out.Products.Edges) != 100 {
				t.Fatalf("first: 100 gave %d", len(out.Products.Edges))
			}
		})
		t.Run("syntax and validation errors", func(t *testing.T) {
			for _, q := range []string{`{ products(`, `{ noSuchField }`, `{ products(first: "ten") { totalCount } }`} {
				r := c.Query(t, q, nil)
				if e := r.FirstError(t); e.Code() != "BAD_USER_INPUT" {
					t.Fatalf("%s: %s", q, r.Raw)
				}
			}
		})
	})
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		_ = st.DB.Close() // every statement now fails inside the driver
		req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql",
			strings.NewReader(`{"query":"{ products(first: 3) { totalCount edges { node { name } } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", "leak-check-1")
		r := c.Do(t, req)
		e := r.FirstError(t)
		if e.Code() != "INTERNAL" || e.Extensions["requestId"] != "leak-check-1" {
			t.Fatalf("error = %+v", e)
		}
		low := strings.ToLower(string(r.Raw))
		for _, leak := range []string{"select ", " from ", "sql", "database", "closed", "pq:"} {
			if strings.Contains(low, leak) {
				t.Fatalf("response leaks %q: %s", leak, r.Raw)
			}
		}
		if logs := c.Logs.String(); !strings.Contains(logs, "leak-check-1") || !strings.Contains(logs, "closed") {
			t.Fatalf("the detail was not logged with the request id:\n%s", logs)
		}
	})
}

func TestMetrics(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st, apitest.Config(func(c *config.Config) { c.Metrics.Operations = []string{"ProductGrid"} }))
		c.Query(t, `query ProductGrid { products(first: 2) { totalCount } }`, nil)
		code, body := c.Get(t, "/metrics")
		if code != 200 {
			t.Fatalf("/metrics: %d", code)
		}
		for _, want := range []string{
			"comptoir_db_queries_total ",
			`comptoir_graphql_request_duration_seconds_count{operation="ProductGrid"} 1`,
			`comptoir_http_requests_total{code="200"}`,
		} {
			if !strings.Contains(body, want) {
				t.Fatalf("/metrics lacks %q", want)
			}
		}
		if strings.Contains(body, "comptoir_db_queries_total 0\n") {
			t.Fatal("queries were not counted")
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.New(t, st)
		if code, _ := c.Get(t, "/healthz"); code != 200 {
			t.Fatalf("/healthz %d", code)
		}
		if code, body := c.Get(t, "/readyz"); code != 200 {
			t.Fatalf("/readyz %d %s", code, body)
		}
	})
	t.Run("unmigrated", func(t *testing.T) {
		st, err := store.Open(context.Background(), testdb.URL(t, "sqlite3"), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		k, _ := auth.NewKey()
		c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.JWTKeys = []auth.Key{k} }))
		if code, body := c.Get(t, "/readyz"); code != 503 || !strings.Contains(body, "migrations") {
			t.Fatalf("/readyz on an unmigrated store: %d %s", code, body)
		}
	})
}

func TestProductionTurnsPlaygroundAndIntrospectionOff(t *testing.T) {
	testdb.Each(t, productionTurnsPlaygroundAndIntrospectionOff)
}

func productionTurnsPlaygroundAndIntrospectionOff(t *testing.T, st *testdb.Store) {
	dev := apitest.New(t, st)
	if code, body := dev.Get(t, "/"); code != 200 || !strings.Contains(body, "<html") {
		t.Fatalf("development playground: %d", code)
	}
	if r := dev.Query(t, `{ __schema { queryType { name } } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("development introspection: %s", r.Raw)
	}
	k, _ := auth.NewKey()
	prod := apitest.New(t, st, apitest.Config(func(c *config.Config) {
		p, err := config.Load(func(v string) string {
			return map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": k.ID + ":" + k.Seed(), "COMPTOIR_MAIL_LOG": "true"}[v]
		})
		if err != nil {
			t.Fatal(err)
		}
		*c = *p
	}))
	if code, _ := prod.Get(t, "/"); code != 404 {
		t.Fatalf("production playground: %d", code)
	}
	if r := prod.Query(t, `{ __schema { queryType { name } } }`, nil); len(r.Errors) == 0 {
		t.Fatal("production allows introspection")
	}
	if r := prod.Query(t, `{ products(first: 1) { totalCount } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("production API: %s", r.Raw)
	}
	if r := prod.Query(t, `{ prodcts(first: 1) { totalCount } }`, nil); len(r.Errors) == 0 || strings.Contains(string(r.Raw), "Did you mean") {
		t.Fatalf("production suggests field names: %s", r.Raw)
	}
}

func TestRequestIDHeader(t *testing.T) {
	testdb.Each(t, requestIDHeader)
}

func requestIDHeader(t *testing.T, st *testdb.Store) {
	c := apitest.New(t, st)
	resp, err := http.Post(c.URL+"/graphql", "application/json", bytes.NewReader([]byte(`{"query":"{ __typename }"}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Header.Get("X-Request-Id")) < 8 {
		t.Fatal("no X-Request-Id")
	}
}

// TestServedSchemaIsThePublishedOne compares what introspection serves with
// schema.graphql, type by type and field by field.
func TestServedSchemaIsThePublishedOne(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "schema.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	published, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	want := map[string][]string{}
	for name, def := range published.Types {
		if strings.HasPrefix(name, "__") || def.BuiltIn {
			continue
		}
		want[name] = members(def)
	}
	testdb.Each(t, func(t *testing.T, st *testdb.Store) { servedSchemaIs(t, st, want) })
}

func servedSchemaIs(t *testing.T, st *testdb.Store, want map[string][]string) {
	c := apitest.New(t, st)
	var out struct {
		Schema struct {
			Types []struct {
				Name        string
				Fields      []struct{ Name string }
				InputFields []struct{ Name string }
				EnumValues  []struct{ Name string }
			}
		} `json:"__schema"`
	}
	c.Query(t, `{ __schema { types { name fields(includeDeprecated: true) { name } inputFields { name } enumValues(includeDeprecated: true) { name } } } }`, nil).Decode(t, &out)
	got := map[string][]string{}
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	for _, ty := range out.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") || builtin[ty.Name] {
			continue
		}
		var m []string
		for _, f := range ty.Fields {
			m = append(m, f.Name)
		}
		for _, f := range ty.InputFields {
			m = append(m, f.Name)
		}
		for _, f := range ty.EnumValues {
			m = append(m, f.Name)
		}
		sort.Strings(m)
		got[ty.Name] = m
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if !bytes.Equal(a, b) {
		t.Fatalf("served schema differs from schema.graphql:\npublished %s\nserved    %s", a, b)
	}
}

func members(def *ast.Definition) []string {
	var m []string
	for _, f := range def.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			m = append(m, f.Name)
		}
	}
	for _, v := range def.EnumValues {
		m = append(m, v.Name)
	}
	sort.Strings(m)
	return m
}

// Validation errors suggest names near a typo ("Did you mean ...?") while
// introspection is on, as in development; off (production's default), no
// message names a field, argument, type, enum value or input field the
// client did not write.
func TestSuggestionsFollowIntrospection(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	typos := []struct{ query, hidden string }{
		{`{ prodcts(first: 1) { totalCount } }`, `"products"`},                                          // field
		{`{ products(frist: 1) { totalCount } }`, `"first"`},                                            // argument
		{`{ products(first: 1, orderBy: {field: PRICEE}) { totalCount } }`, `"PRICE"`},                  // enum value
		{`{ products(first: 1, where: {categorySlg: "x"}) { totalCount } }`, `"categorySlug"`},          // input field
		{`{ products(first: 1) { edges { node { ...F } } } } fragment F on Prodct { id }`, `"Product"`}, // type
		{`{ products(first: 1) { totalCount { x } } }`, `"Did you mean`},                                // scalar leaf
	}
	for _, tc := range []struct {
		name    string
		intro   bool
		suggest bool
	}{{"introspection on", true, true}, {"introspection off", false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.Introspection = tc.intro }))
			for _, typo := range typos {
				r := c.Query(t, typo.query, nil)
				if len(r.Errors) == 0 {
					t.Fatalf("%s: accepted: %s", typo.query, r.Raw)
				}
				var msgs []string
				for _, e := range r.Errors {
					msgs = append(msgs, e.Message)
				}
				msg := strings.Join(msgs, " | ")
				if typo.hidden == `"Did you mean` {
					if !tc.suggest && strings.Contains(msg, "Did you mean") {
						t.Errorf("%s: %q", typo.query, msg)
					}
					continue
				}
				if got := strings.Contains(msg, "Did you mean") && strings.Contains(msg, typo.hidden); got != tc.suggest {
					t.Errorf("%s: %q (suggestions wanted: %v)", typo.query, msg, tc.suggest)
				}
				if !tc.suggest && (strings.Contains(msg, typo.hidden) || strings.Contains(msg, "Did you mean")) {
					t.Errorf("%s: %q names %s", typo.query, msg, typo.hidden)
				}
			}
		})
	}
}

// Letting webhooks reach private addresses turns the SSRF guard off: the
// start-up log says so at WARN, whatever the environment. The tests'
// loopback allowance has no variable (server.WithWebhookLoopback).
func TestWebhookPrivateAllowanceIsNeverSilent(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	quiet := apitest.New(t, st)
	if strings.Contains(quiet.Logs.String(), "COMPTOIR_WEBHOOK_ALLOW_PRIVATE") {
		t.Fatalf("warned without the allowance:\n%s", quiet.Logs.String())
	}
	for _, env := range []string{config.Development, config.Production} {
		c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.Env, c.MailLog, c.WebhookAllowPrivate = env, true, true }))
		if logs := c.Logs.String(); !strings.Contains(logs, "level=WARN") || !strings.Contains(logs, "COMPTOIR_WEBHOOK_ALLOW_PRIVATE=true") {
			t.Fatalf("%s: no warning:\n%s", env, logs)
		}
	}
}
