// Package testbin runs the built comptoir binary for end-to-end tests (the
// root package's and examples'): build it, start it on a free loopback port
// with an environment of its own, wait until it listens, and talk GraphQL
// and /metrics to it. One copy of what each such test needs.
package testbin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/waitfor"
)

// Build compiles the main package at pkgDir into a temporary directory and
// returns the binary's path and what removes it.
func Build(pkgDir string) (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "comptoir-bin")
	if err != nil {
		return "", nil, err
	}
	bin = filepath.Join(dir, "comptoir")
	if out, err := exec.Command("go", "build", "-o", bin, pkgDir).CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, fmt.Errorf("go build %s: %w\n%s", pkgDir, err, out)
	}
	return bin, func() { _ = os.RemoveAll(dir) }, nil
}

// CleanEnv is this process's environment without the variables Comptoir
// reads, so that each test sets its own.
func CleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "COMPTOIR_") &&
			!strings.HasPrefix(kv, "REDIS_URL=") && !strings.HasPrefix(kv, "OTEL_") {
			out = append(out, kv)
		}
	}
	return out
}

// FreeAddr returns a loopback address nobody listens on right now.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Proc is a started server process and what it logged.
type Proc struct {
	Cmd *exec.Cmd
	log Buffer
}

// Log is everything the process wrote to stderr so far.
func (p *Proc) Log() string { return p.log.String() }

// WaitLog waits until the process has logged a line containing substr.
func (p *Proc) WaitLog(t testing.TB, substr string) {
	t.Helper()
	waitfor.Cond(t, fmt.Sprintf("%q in %s's log", substr, filepath.Base(p.Cmd.Path)), func() bool {
		return strings.Contains(p.Log(), substr)
	})
}

// Start starts cmd and returns once it logs that it listens (bounded by
// waitfor.Bound). The process is killed when the test ends if it still
// runs, and its log's tail is printed if the test failed.
func Start(t testing.TB, cmd *exec.Cmd) *Proc {
	t.Helper()
	p := &Proc{Cmd: cmd}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("%s log (tail):\n%s", filepath.Base(cmd.Path), Tail(p.Log(), 60))
		}
	})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		signalled := false
		for sc.Scan() {
			p.log.Write([]byte(sc.Text() + "\n"))
			if !signalled && strings.Contains(sc.Text(), "Comptoir is listening") {
				close(ready)
				signalled = true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(waitfor.Bound):
		t.Fatalf("%s did not start:\n%s", filepath.Base(cmd.Path), Tail(p.Log(), 60))
	}
	return p
}

// Post sends one GraphQL operation to base's /graphql, with a bearer token
// when token is not empty, and returns data and errors as decoded JSON.
func Post(t testing.TB, base, token, query string, vars map[string]any) (map[string]any, []any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out.Data, out.Errors
}

// Gauge reads one unlabelled metric from base's /metrics.
func Gauge(t testing.TB, base, name string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %q: %v", sc.Text(), err)
			}
			return n
		}
	}
	t.Fatalf("no %s in %s/metrics (%v)", name, base, sc.Err())
	return 0
}

// At walks decoded JSON objects along path; nil where one is missing.
func At(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// Tail is the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Buffer is a bytes.Buffer safe for a process's writers and the test.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
