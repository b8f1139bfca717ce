// Package apitest runs the real HTTP handler over a real database for tests
// and gives them a small GraphQL client.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/seed"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
)

// FastArgon2 keeps password hashing cheap in API tests; internal/auth tests
// the production parameters.
var FastArgon2 = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// Client talks to one test server.
type Client struct {
	URL     string
	Store   *store.Store
	Metrics *server.Metrics
	Server  *server.Server
	Logs    *lockedBuffer
	http    *http.Client
	// unchecked turns the identity check off (WithoutIdentityCheck).
	unchecked bool
}

// WithoutIdentityCheck returns a client of the same server whose requests
// are sent as written and whose responses are not held to "same __typename
// and id, same fields" (see identity.go). Only for a test that deliberately
// shows one object in two states within one response.
func (c *Client) WithoutIdentityCheck() *Client {
	cp := *c
	cp.unchecked = true
	return &cp
}

// settings are what a test server is built from.
type settings struct {
	cfg    *config.Config
	server []server.Option
}

// Option adjusts a test server.
type Option func(*settings)

// Config changes the server's configuration.
func Config(f func(*config.Config)) Option { return func(s *settings) { f(s.cfg) } }

// WithServerOptions passes options to server.New (for example a mailer or a
// rate-limit counter).
func WithServerOptions(opts ...server.Option) Option {
	return func(s *settings) { s.server = append(s.server, opts...) }
}

// New starts a server over st with the default development configuration.
func New(t testing.TB, st *store.Store, opts ...Option) *Client {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	set := &settings{cfg: cfg, server: []server.Option{server.WithHasher(auth.Hasher{Params: FastArgon2})}}
	for _, o := range opts {
		o(set)
	}
	logs := &lockedBuffer{}
	m := server.NewMetrics()
	st.Counter.OnExec = m.DBQueries.Inc
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(logs, nil)), m, set.server...)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Close)
	return &Client{URL: ts.URL, Store: st, Metrics: m, Logs: logs, Server: srv, http: ts.Client()}
}

// Seeded starts a server over st loaded with the demo catalog.
func Seeded(t testing.TB, st *store.Store, opts ...Option) *Client {
	t.Helper()
	if _, err := seed.Demo(context.Background(), st); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return New(t, st, opts...)
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Response is a GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	Raw    []byte
}

// Decode unmarshals data into v, failing the test on errors.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %s", r.Raw)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// Query posts a GraphQL operation.
func (c *Client) Query(t testing.TB, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return c.Post(t, body)
}

// Post sends a raw body to /graphql.
func (c *Client) Post(t testing.TB, body []byte) *Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return c.Do(t, req)
}

// Do sends a prepared request. Every request of a Client goes through
// here: a GraphQL one is held to the identity check (identity.go) unless
// the client is WithoutIdentityCheck.
func (c *Client) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	var op *identityOp
	if !c.unchecked {
		var err error
		if op, err = rewriteRequest(req); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp, op)
}

func read(t testing.TB, resp *http.Response, op *identityOp) *Response {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if op != nil {
		var conflicts []string
		raw, conflicts = op.checkResponse(raw)
		for _, c := range sortedConflicts(conflicts) {
			t.Errorf("identity: same __typename and id, different values in one response: %s", c)
		}
	}
	r := &Response{Status: resp.StatusCode, Raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || json.Valid(raw) {
		_ = json.Unmarshal(raw, r)
	}
	return r
}

// Get fetches a path of the server.
func (c *Client) Get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := c.http.Get(c.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Statements runs fn and returns how many SQL statements it sent.
func (c *Client) Statements(fn func()) int64 {
	before := c.Store.Counter.Load()
	fn()
	return c.Store.Counter.Load() - before
}

// FirstError returns the first error, failing if there is none.
func (r *Response) FirstError(t testing.TB) Error {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("expected an error, got %s", r.Raw)
	}
	return r.Errors[0]
}

// QueryAs posts an operation with a bearer token.
func (c *Client) QueryAs(t testing.TB, token, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.Do(t, req)
}
