package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/comptoir/comptoir/internal/testbin"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestTracingFlushedAtShutdown runs the binary with an OTLP endpoint on
// loopback: the spans of a request made just before SIGTERM reach the
// collector by the time the process has exited (the batch would otherwise
// wait for its 5 s schedule).
func TestTracingFlushedAtShutdown(t *testing.T) {
	var mu sync.Mutex
	names := map[string]string{} // span name → trace id
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var req collectortrace.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || proto.Unmarshal(raw, &req) != nil {
			http.Error(w, "bad export", http.StatusBadRequest)
			return
		}
		mu.Lock()
		for _, rs := range req.GetResourceSpans() {
			for _, ss := range rs.GetScopeSpans() {
				for _, sp := range ss.GetSpans() {
					names[sp.GetName()] = hex.EncodeToString(sp.GetTraceId())
				}
			}
		}
		mu.Unlock()
		out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	defer collector.Close()

	addr := testbin.FreeAddr(t)
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	cmd.Env = append(testbin.CleanEnv(), "COMPTOIR_ADDR="+addr, "DATABASE_URL="+databaseURL(t, testdb.Dialects[0]),
		"COMPTOIR_SEED_DEMO=false", "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL)
	testbin.Start(t, cmd)

	const traceID = "0af7651916cd43dd8448eb211c80319c"
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(`{"query":"query Count { products(first: 1) { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+traceID+"-b7ad6b7169203331-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"POST /graphql", "query Count"} {
		if names[want] != traceID {
			t.Errorf("span %q in trace %q, want %s; got %v", want, names[want], traceID, names)
		}
	}
}
