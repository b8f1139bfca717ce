package telemetry

import (
	"compress/gzip"
	"context"
	"errors"
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

	"github.com/comptoir/comptoir/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestOTLPHTTPConfig(t *testing.T) {
	const ep = "OTEL_EXPORTER_OTLP_ENDPOINT"
	for _, c := range []struct {
		name string
		env  map[string]string
		url  string
		hdr  map[string]string
		gzip bool
		to   time.Duration
		err  string // the variable a *config.Error names
	}{
		{name: "endpoint gets the signal's path", env: map[string]string{ep: "http://127.0.0.1:4318/"}, url: "http://127.0.0.1:4318/v1/traces", to: 10 * time.Second},
		{name: "endpoint with a path and a query", env: map[string]string{ep: "https://c.example/otlp//?k=v"}, url: "https://c.example/otlp/v1/traces?k=v", to: 10 * time.Second},
		{name: "traces endpoint is used as given", env: map[string]string{ep: "http://127.0.0.1:1", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": " https://c.example/x "}, url: "https://c.example/x", to: 10 * time.Second},
		{name: "headers, decoded", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, x-team = shop "},
			url: "http://127.0.0.1:4318/v1/traces", hdr: map[string]string{"Api-Key": "a b", "X-Team": "shop"}, to: 10 * time.Second},
		{name: "the signal's headers replace the generic ones", env: map[string]string{ep: "http://127.0.0.1:4318",
			"OTEL_EXPORTER_OTLP_HEADERS": "api-key=k,x-team=shop", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-team=traces"},
			url: "http://127.0.0.1:4318/v1/traces", hdr: map[string]string{"Api-Key": "", "X-Team": "traces"}, to: 10 * time.Second},
		{name: "gzip and timeout, the signal's first", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_COMPRESSION": "none",
			"OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "GZIP", "OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"},
			url: "http://127.0.0.1:4318/v1/traces", gzip: true, to: 2500 * time.Millisecond},
		{name: "no scheme", env: map[string]string{ep: "127.0.0.1:4318"}, err: ep},
		{name: "grpc scheme", env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "grpc://127.0.0.1:4317"}, err: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"},
		{name: "grpc protocol", env: map[string]string{ep: "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"}, err: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
		{name: "header without value", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_HEADERS": "novalue"}, err: "OTEL_EXPORTER_OTLP_HEADERS"},
		{name: "header name with a space", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "bad key=v"}, err: "OTEL_EXPORTER_OTLP_TRACES_HEADERS"},
		{name: "header value with CR LF", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_HEADERS": "k=a%0D%0AX-Evil: 1"}, err: "OTEL_EXPORTER_OTLP_HEADERS"},
		{name: "bad timeout", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "10s"}, err: "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"},
		{name: "bad compression", env: map[string]string{ep: "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_COMPRESSION": "zstd"}, err: "OTEL_EXPORTER_OTLP_COMPRESSION"},
		{name: "missing CA file", env: map[string]string{ep: "https://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_CERTIFICATE": "/nonexistent/ca.pem"}, err: "OTEL_EXPORTER_OTLP_CERTIFICATE"},
		{name: "client cert without key", env: map[string]string{ep: "https://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": "c.pem"}, err: "OTEL_EXPORTER_OTLP_CLIENT_KEY"},
		// The pair comes from one level: the signal's certificate does not
		// go with the generic key.
		{name: "pair across levels", env: map[string]string{ep: "https://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE": "c.pem", "OTEL_EXPORTER_OTLP_CLIENT_KEY": "k.pem"},
			err: "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := newOTLPHTTP(env(c.env))
			if c.err != "" {
				var ce *config.Error
				if !errors.As(err, &ce) || ce.Var != c.err {
					t.Fatalf("error %v, want a configuration error naming %s", err, c.err)
				}
				if err := Check(env(c.env)); !errors.As(err, &ce) {
					t.Fatalf("Check: %v", err)
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
	// Tracing off: nothing is read, so nothing is refused.
	if err := Check(env(map[string]string{"OTEL_EXPORTER_OTLP_COMPRESSION": "zstd", ep: "  "})); err != nil {
		t.Fatalf("Check with tracing off: %v", err)
	}
}

// collector is a loopback OTLP/HTTP receiver that refuses the first
// `refuse` exports with 503.
type collector struct {
	mu         sync.Mutex
	refuse     int
	retryAfter string // sent with each refusal
	reply      *collectortrace.ExportTraceServiceResponse
	tries      int
	got        []*collectortrace.ExportTraceServiceRequest
	headers    []http.Header
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tries++
	if c.tries <= c.refuse {
		w.Header().Set("Retry-After", c.retryAfter)
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
	reply := c.reply
	if reply == nil {
		reply = &collectortrace.ExportTraceServiceResponse{}
	}
	out, _ := proto.Marshal(reply)
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

func spans(name string) []*tracepb.ResourceSpans {
	return []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{{Name: name, TraceId: make([]byte, 16), SpanId: make([]byte, 8)}}}}}}
}

func TestOTLPHTTPUpload(t *testing.T) {
	col := &collector{refuse: 2, retryAfter: "0"}
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

// A collector that asks to wait past the export's deadline is given up on
// at once, not waited for; one that rejects spans in a 200 says so.
func TestOTLPHTTPRetryAfterAndPartialSuccess(t *testing.T) {
	col := &collector{refuse: 100, retryAfter: "3600"}
	srv := httptest.NewServer(col)
	defer srv.Close()
	c, err := newOTLPHTTP(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": srv.URL, "OTEL_EXPORTER_OTLP_TIMEOUT": "60000"}))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.UploadTraces(context.Background(), spans("x")); err == nil || !strings.Contains(err.Error(), "past the export's deadline") {
		t.Fatalf("error %v", err)
	}
	col.mu.Lock()
	if col.tries != 1 {
		t.Fatalf("%d tries, want 1", col.tries)
	}
	col.refuse, col.tries = 0, 0
	col.reply = &collectortrace.ExportTraceServiceResponse{PartialSuccess: &collectortrace.ExportTracePartialSuccess{RejectedSpans: 3, ErrorMessage: "span too old"}}
	col.mu.Unlock()
	if time.Since(start) > 50*time.Second {
		t.Fatalf("waited %v for a Retry-After past the deadline", time.Since(start))
	}
	if err := c.UploadTraces(context.Background(), spans("x")); err == nil || !strings.Contains(err.Error(), "rejected 3 spans: span too old") {
		t.Fatalf("error %v, want the partial success reported", err)
	}
}

// No answer at all (the collector restarting) is retried; a binary error
// body is not pasted into the message.
func TestOTLPHTTPRetriesWhenNobodyAnswers(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	url := gone.URL
	gone.Close() // a loopback port nobody listens on now
	c, err := newOTLPHTTP(env(map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": url + "/v1/traces"}))
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = time.Millisecond
	err = c.UploadTraces(context.Background(), spans("x"))
	var r retryable
	if err == nil || !errors.As(err, &r) || r.status != 0 {
		t.Fatalf("error %v, want no answer, retried", err)
	}
	bin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte{0x08, 0x03, 0x12, 0x02, 0xff, 0x00})
	}))
	defer bin.Close()
	c, err = newOTLPHTTP(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": bin.URL}))
	if err != nil {
		t.Fatal(err)
	}
	err = c.UploadTraces(context.Background(), spans("x"))
	if err == nil || !strings.HasSuffix(err.Error(), "collector answered 400") {
		t.Fatalf("error %q", err)
	}
}
