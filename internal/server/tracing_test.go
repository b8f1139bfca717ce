package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/seed"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/telemetry"
	"github.com/comptoir/comptoir/internal/testdb"
)

// otlpReceiver is a loopback OTLP/HTTP trace receiver: it keeps every span
// POSTed to /v1/traces.
type otlpReceiver struct {
	mu    sync.Mutex
	spans []*tracepb.Span
	attrs map[*tracepb.Span]map[string]string
}

func (rc *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = gz
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req collectortrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				rc.spans = append(rc.spans, sp)
				m := map[string]string{}
				for _, kv := range sp.GetAttributes() {
					m[kv.GetKey()] = kv.GetValue().GetStringValue()
				}
				rc.attrs[sp] = m
			}
		}
	}
	rc.mu.Unlock()
	out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

func TestTracingFollowsTraceparent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		if _, err := seed.Demo(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		rc := &otlpReceiver{attrs: map[*tracepb.Span]map[string]string{}}
		collector := httptest.NewServer(rc)
		defer collector.Close()
		// The exporter reads the process environment itself.
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
		t.Setenv("OTEL_SERVICE_NAME", "comptoir-test")
		tr, err := telemetry.Setup(context.Background(), os.Getenv)
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Enabled() {
			t.Fatal("tracing off with OTEL_EXPORTER_OTLP_ENDPOINT set")
		}
		defer tr.Shutdown(context.Background())
		cfg, err := config.Load(func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics(), server.WithTracing(tr))
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		ts := httptest.NewServer(srv.Handler())

		const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		const parentID = "00f067aa0ba902b7"
		body := `{"query":"query ProductGrid { products(first: 3) { edges { node { id name totalInventory category { name ancestors { name } } } } } }","operationName":"ProductGrid"}`
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
			t.Fatalf("status %d: %s", resp.StatusCode, out)
		}
		// Close waits for the handler to return, so its span has ended;
		// ForceFlush exports every ended span before it returns.
		ts.Close()
		if err := tr.ForceFlush(context.Background()); err != nil {
			t.Fatal(err)
		}

		rc.mu.Lock()
		defer rc.mu.Unlock()
		var httpSpan, opSpan *tracepb.Span
		var sqlSpans, batchSpans int
		for _, sp := range rc.spans {
			if hex.EncodeToString(sp.GetTraceId()) != traceID {
				t.Errorf("span %q in trace %x, want %s", sp.GetName(), sp.GetTraceId(), traceID)
				continue
			}
			a := rc.attrs[sp]
			switch {
			case sp.GetName() == "POST /graphql":
				httpSpan = sp
			case sp.GetName() == "query ProductGrid":
				opSpan = sp
				if a["graphql.operation.name"] != "ProductGrid" || a["graphql.operation.type"] != "query" {
					t.Errorf("operation span attributes %v", a)
				}
			case strings.HasPrefix(sp.GetName(), "dataloader "):
				batchSpans++
			case a["db.statement"] != "":
				sqlSpans++
				want := map[string]string{"sqlite3": "sqlite", "postgres": "postgresql"}[st.Dialect]
				if a["db.system"] != want {
					t.Errorf("db.system %q, want %q", a["db.system"], want)
				}
				if !strings.HasPrefix(a["db.statement"], strings.Fields(sp.GetName())[0]) {
					t.Errorf("span %q for statement %q", sp.GetName(), a["db.statement"])
				}
			}
		}
		names := make([]string, 0, len(rc.spans))
		for _, sp := range rc.spans {
			names = append(names, sp.GetName())
		}
		t.Logf("spans: %q", names)
		if httpSpan == nil || opSpan == nil || sqlSpans == 0 || batchSpans == 0 {
			t.Fatalf("spans %q: want POST /graphql, query ProductGrid, a dataloader batch and SQL statements", names)
		}
		if got := hex.EncodeToString(httpSpan.GetParentSpanId()); got != parentID {
			t.Errorf("HTTP span's parent %s, want the traceparent's %s", got, parentID)
		}
		if !bytes.Equal(opSpan.GetParentSpanId(), httpSpan.GetSpanId()) {
			t.Errorf("operation span is not a child of the HTTP span")
		}
		if httpSpan.GetKind() != tracepb.Span_SPAN_KIND_SERVER {
			t.Errorf("HTTP span kind %v", httpSpan.GetKind())
		}
	})
}
