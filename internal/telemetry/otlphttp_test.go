package telemetry

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestOTLPHTTPConfig(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		url  string
		hdr  map[string]string
		gzip bool
		to   time.Duration
		err  string
	}{
		{name: "endpoint gets the signal's path", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318/"}, url: "http://127.0.0.1:4318/v1/traces", to: 10 * time.Second},
		{name: "traces endpoint is used as given", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://c.example/x"}, url: "https://c.example/x", to: 10 * time.Second},
		{name: "headers, decoded, the signal's override", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
			"OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, x-team = shop ", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-team=traces"},
			url: "http://127.0.0.1:4318/v1/traces", hdr: map[string]string{"Api-Key": "a b", "X-Team": "traces"}, to: 10 * time.Second},
		{name: "gzip and timeout, the signal's first", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_COMPRESSION": "none",
			"OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "GZIP", "OTEL_EXPORTER_OTLP_TIMEOUT": "2500"}, url: "http://127.0.0.1:4318/v1/traces", gzip: true, to: 2500 * time.Millisecond},
		{name: "no scheme", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "127.0.0.1:4318"}, err: "want an http:// or https:// URL"},
		{name: "grpc scheme", env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "grpc://127.0.0.1:4317"}, err: "want an http:// or https:// URL"},
		{name: "bad header", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_HEADERS": "novalue"}, err: "OTEL_EXPORTER_OTLP_HEADERS"},
		{name: "bad timeout", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "10s"}, err: "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"},
		{name: "bad compression", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_COMPRESSION": "zstd"}, err: "want gzip or none"},
		{name: "missing CA file", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_CERTIFICATE": "/nonexistent/ca.pem"}, err: "OTEL_EXPORTER_OTLP_CERTIFICATE"},
		{name: "client cert without key", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": "c.pem"}, err: "go together"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := newOTLPHTTP(env(c.env))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.url != c.url || got.gzip != c.gzip || got.timeout != c.to {
				t.Fatalf("url %q gzip %v timeout %v", got.url, got.gzip, got.timeout)
			}
			for k, v := range c.hdr {
				if got.headers.Get(k) != v {
					t.Fatalf("header %s = %q, want %q (all: %v)", k, got.headers.Get(k), v, got.headers)
				}
			}
		})
	}
}

// collector is a loopback OTLP/HTTP receiver that refuses the first
// `refuse` exports with 503.
type collector struct {
	mu      sync.Mutex
	refuse  int
	tries   int
	got     []*collectortrace.ExportTraceServiceRequest
	headers []http.Header
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tries++
	if c.tries <= c.refuse {
		w.Header().Set("Retry-After", "0")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" {
		http.Error(w, "bad request "+r.URL.Path, http.StatusBadRequest)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	b, _ := io.ReadAll(body)
	var req collectortrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.got = append(c.got, &req)
	c.headers = append(c.headers, r.Header.Clone())
	out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

func spans(name string) []*tracepb.ResourceSpans {
	return []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{{Name: name, TraceId: make([]byte, 16), SpanId: make([]byte, 8)}}}}}}
}

func TestOTLPHTTPUpload(t *testing.T) {
	col := &collector{refuse: 2}
	srv := httptest.NewServer(col)
	defer srv.Close()
	c, err := newOTLPHTTP(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": srv.URL, "OTEL_EXPORTER_OTLP_HEADERS": "api-key=k1", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"}))
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = time.Millisecond
	// Two 503s, then accepted: the collector reads the request the gRPC
	// service's message describes.
	if err := c.UploadTraces(context.Background(), spans("GET /graphql")); err != nil {
		t.Fatal(err)
	}
	col.mu.Lock()
	if col.tries != 3 || len(col.got) != 1 || col.got[0].ResourceSpans[0].ScopeSpans[0].Spans[0].Name != "GET /graphql" || col.headers[0].Get("Api-Key") != "k1" {
		t.Fatalf("tries %d, got %v, headers %v", col.tries, col.got, col.headers)
	}
	// Refused for good: the error says so after 5 tries.
	col.refuse, col.tries = 100, 0
	col.mu.Unlock()
	if err := c.UploadTraces(context.Background(), spans("x")); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("error %v, want the collector's 503", err)
	}
	col.mu.Lock()
	if col.tries != 5 {
		t.Fatalf("%d tries, want 5", col.tries)
	}
	col.mu.Unlock()

	// A 400 is not retried; a wrong path is the collector's 400.
	bad, err := newOTLPHTTP(env(map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": srv.URL + "/elsewhere"}))
	if err != nil {
		t.Fatal(err)
	}
	col.mu.Lock()
	col.refuse, col.tries = 0, 0
	col.mu.Unlock()
	if err := bad.UploadTraces(context.Background(), spans("x")); err == nil || !strings.Contains(err.Error(), "400") {
		t.Fatalf("error %v, want the collector's 400", err)
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	if col.tries != 1 {
		t.Fatalf("a 400 was tried %d times", col.tries)
	}
}
