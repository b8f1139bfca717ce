package server_test

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/origin"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/wstest"
)

// withOrigins starts the server with COMPTOIR_CORS_ORIGINS set to list.
func withOrigins(list string) apitest.Option {
	return apitest.Config(func(c *config.Config) {
		l, err := origin.ParseList(list)
		if err != nil {
			panic(err)
		}
		c.CORSOrigins = l
	})
}

// send makes a request with the given headers over the loopback server and
// returns the response with its body read.
func send(t *testing.T, method, url string, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
	}
	return resp, b.String()
}

const typename = `{"query":"{ __typename }"}`

// crossOrigin posts a small query as a page of origin would.
func crossOrigin(t *testing.T, c *apitest.Client, origin string) *http.Response {
	t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if origin != "" {
		h["Origin"] = origin
	}
	resp, body := send(t, http.MethodPost, c.URL+"/graphql", typename, h)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"Query"`) {
		t.Fatalf("origin %q: %d %s", origin, resp.StatusCode, body)
	}
	return resp
}

func hasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), token) {
				return true
			}
		}
	}
	return false
}

// allowed asserts the response lets the page of origin read it.
func allowed(t *testing.T, resp *http.Response, origin string) {
	t.Helper()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != origin {
		t.Fatalf("origin %q: Access-Control-Allow-Origin %q", origin, got)
	}
	if !hasToken(resp.Header, "Vary", "Origin") {
		t.Fatalf("origin %q: Vary %q", origin, resp.Header.Values("Vary"))
	}
	if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("credentials allowed")
	}
}

// refusedOrigin asserts the page of origin cannot read the response.
func refusedOrigin(t *testing.T, resp *http.Response, origin string) {
	t.Helper()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Fatalf("origin %q was allowed: Access-Control-Allow-Origin %q", origin, got)
	}
	if !hasToken(resp.Header, "Vary", "Origin") {
		t.Fatalf("origin %q: Vary %q", origin, resp.Header.Values("Vary"))
	}
}

func TestCORSDevelopmentDefault(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st) // development: the storefront and localhost on any port
	for _, o := range []string{"http://localhost:3000", "http://localhost:5173", "http://localhost:8081", "http://localhost"} {
		resp := crossOrigin(t, c, o)
		allowed(t, resp, o)
		if !hasToken(resp.Header, "Access-Control-Expose-Headers", "X-Request-Id") || resp.Header.Get("X-Request-Id") == "" {
			t.Fatalf("X-Request-Id not exposed: %v", resp.Header)
		}
	}
	for _, o := range []string{"https://localhost:3000", "http://localhost.evil.example:3000", "http://127.0.0.1:3000", "https://evil.example", "null"} {
		refusedOrigin(t, crossOrigin(t, c, o), o)
	}
	// Without Origin (curl, servers, apps) nothing changes.
	if resp := crossOrigin(t, c, ""); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS headers without Origin")
	}
}

func TestCORSConfiguredOrigins(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st, withOrigins("https://shop.example.com,https://*.brand.example"))
	for _, o := range []string{"https://shop.example.com", "https://fr.brand.example", "https://eu.fr.brand.example"} {
		allowed(t, crossOrigin(t, c, o), o)
	}
	for _, o := range []string{"http://shop.example.com", "https://shop.example.com:8443", "https://evil.shop.example.com",
		"https://brand.example", "https://evilbrand.example", "http://localhost:3000"} {
		refusedOrigin(t, crossOrigin(t, c, o), o)
	}
	// Error responses carry the headers too (the page can read why).
	resp, body := send(t, http.MethodPost, c.URL+"/graphql", typename, map[string]string{
		"Content-Type": "application/json", "Origin": "https://shop.example.com", "Authorization": "Bearer nope"})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "UNAUTHENTICATED") {
		t.Fatalf("bad token: %d %s", resp.StatusCode, body)
	}
	allowed(t, resp, "https://shop.example.com")
}

func TestCORSPreflight(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st, withOrigins("https://shop.example.com"))
	preflight := func(origin, method, headers string) *http.Response {
		h := map[string]string{"Origin": origin, "Access-Control-Request-Method": method}
		if headers != "" {
			h["Access-Control-Request-Headers"] = headers
		}
		resp, _ := send(t, http.MethodOptions, c.URL+"/graphql", "", h)
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("preflight %s %s %s: status %d", origin, method, headers, resp.StatusCode)
		}
		for _, v := range []string{"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"} {
			if !hasToken(resp.Header, "Vary", v) {
				t.Fatalf("preflight: Vary %q lacks %s", resp.Header.Values("Vary"), v)
			}
		}
		return resp
	}
	// What Apollo Client, urql and graphql-sse send.
	headers := "apollo-require-preflight,authorization,content-type,x-apollo-operation-name,x-request-id"
	for _, m := range []string{http.MethodPost, http.MethodGet} {
		resp := preflight("https://shop.example.com", m, headers)
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://shop.example.com" ||
			resp.Header.Get("Access-Control-Allow-Methods") != m ||
			resp.Header.Get("Access-Control-Allow-Headers") != headers ||
			resp.Header.Get("Access-Control-Max-Age") != "600" ||
			resp.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Fatalf("preflight %s: %v", m, resp.Header)
		}
	}
	for _, tc := range []struct{ origin, method, headers string }{
		{"https://evil.example", http.MethodPost, "content-type"},
		{"https://shop.example.com", http.MethodDelete, ""},
		{"https://shop.example.com", http.MethodPost, "content-type,x-unknown"},
	} {
		if resp := preflight(tc.origin, tc.method, tc.headers); resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("preflight %+v allowed: %v", tc, resp.Header)
		}
	}
}

func TestCORSProductionDefaultRefusesAll(t *testing.T) {
	k, _ := auth.NewKey()
	prod, err := config.Load(func(name string) string {
		return map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": k.ID + ":" + k.Seed(), "COMPTOIR_MAIL_LOG": "true"}[name]
	})
	if err != nil {
		t.Fatal(err)
	}
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.CORSOrigins = prod.CORSOrigins }))
	for _, o := range []string{"http://localhost:3000", "http://localhost:5173", "https://shop.example.com"} {
		refusedOrigin(t, crossOrigin(t, c, o), o)
	}
	// Its own origin is always served (the playground at /).
	allowed(t, crossOrigin(t, c, c.URL), c.URL)
	if err := wsDial(t, c, c.URL); err != nil {
		t.Fatalf("same-origin WebSocket: %v", err)
	}
	if err := wsDial(t, c, "http://localhost:3000"); !isStatus(err, http.StatusForbidden) {
		t.Fatalf("cross-origin WebSocket in production: %v", err)
	}
}

// wsDial opens a graphql-transport-ws connection as a page of origin ("":
// no Origin, not a browser) and waits for connection_ack.
func wsDial(t *testing.T, c *apitest.Client, origin string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	ws, err := wstest.DialHeader(ctx, c.URL+"/graphql", wstest.TransportWS, nil, h)
	if err == nil {
		_ = ws.Close()
	}
	return err
}

func isStatus(err error, status int) bool {
	var ue *wstest.UpgradeError
	return errors.As(err, &ue) && ue.Status == status
}

func TestWebSocketOrigin(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st, withOrigins("https://shop.example.com,https://*.brand.example"))
	for _, o := range []string{"https://shop.example.com", "https://fr.brand.example", "", c.URL} {
		if err := wsDial(t, c, o); err != nil {
			t.Fatalf("origin %q refused: %v", o, err)
		}
	}
	for _, o := range []string{"https://evil.example", "http://shop.example.com", "https://brand.example", "null"} {
		if err := wsDial(t, c, o); !isStatus(err, http.StatusForbidden) {
			t.Fatalf("origin %q: %v, want a 403", o, err)
		}
	}
}

func TestSSEOrigin(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st, withOrigins("https://shop.example.com"))
	// A subscription the anonymous caller may not run: the stream opens,
	// carries the error and completes, so the response ends.
	sub := `{"query":"subscription { myOrderUpdates { event { id } } }"}`
	sse := func(origin string) (*http.Response, string) {
		h := map[string]string{"Content-Type": "application/json", "Accept": "text/event-stream"}
		if origin != "" {
			h["Origin"] = origin
		}
		return send(t, http.MethodPost, c.URL+"/graphql", sub, h)
	}
	for _, o := range []string{"https://shop.example.com", "", c.URL} {
		resp, body := sse(o)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") ||
			!strings.Contains(body, "UNAUTHENTICATED") || !strings.Contains(body, "event: complete") {
			t.Fatalf("origin %q: %d %v %s", o, resp.StatusCode, resp.Header, body)
		}
		if o == "https://shop.example.com" {
			allowed(t, resp, o)
		}
	}
	for _, o := range []string{"https://evil.example", "http://shop.example.com"} {
		resp, body := sse(o)
		if resp.StatusCode != http.StatusForbidden || strings.Contains(body, "event:") || resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("origin %q: %d %s", o, resp.StatusCode, body)
		}
	}
}
