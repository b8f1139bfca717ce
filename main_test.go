package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/testbin"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/migrations"
)

var binary string

func TestMain(m *testing.M) {
	bin, cleanup, err := testbin.Build(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = bin
	code := testdb.Run(m)
	cleanup()
	os.Exit(code)
}

// comptoir runs the binary to completion with extra environment.
func comptoir(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(testbin.CleanEnv(), env...)
	cmd.Dir = t.TempDir()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, o.String(), e.String()
}

func TestInvalidConfigurationExitsWithOneLine(t *testing.T) {
	const otlp = "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"
	for _, env := range [][]string{{"COMPTOIR_ENV=staging"}, {"COMPTOIR_ADDR=nope"}, {"DATABASE_URL=mysql://x"}, {"COMPTOIR_LOG_LEVEL=loud"},
		// The trace exporter's variables are checked with the rest, before
		// the store opens (the last one named is the culprit).
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=127.0.0.1:4318"}, {otlp, "OTEL_EXPORTER_OTLP_COMPRESSION=zstd"},
		{otlp, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT=10s"}, {otlp, "OTEL_EXPORTER_OTLP_HEADERS=novalue"}} {
		name := strings.Split(env[len(env)-1], "=")[0]
		code, _, stderr := comptoir(t, env, "serve")
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], name) {
			t.Fatalf("%s: exit %d, stderr %q", env, code, stderr)
		}
	}
}

func TestSubcommandsHaveHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "migrate", "seed", "import", "admin"} {
		code, stdout, _ := comptoir(t, nil, cmd, "--help")
		if code != 0 || !strings.Contains(stdout, "usage: comptoir "+cmd) {
			t.Fatalf("%s --help: exit %d, %q", cmd, code, stdout)
		}
	}
	if code, _, _ := comptoir(t, nil, "frobnicate"); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
}

func databaseURL(t *testing.T, dia string) string {
	if dia == "postgres" {
		return testdb.EmptyPostgresURL(t)
	}
	return testdb.URL(t, dia)
}

func TestMigrateSeedImport(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			env := []string{"DATABASE_URL=" + databaseURL(t, dia)}
			code, out, errOut := comptoir(t, env, "migrate", "status")
			if code != 0 || !strings.Contains(out, "pending") {
				t.Fatalf("status before: %d %q %q", code, out, errOut)
			}
			all, err := migrations.Load(dia)
			if err != nil {
				t.Fatal(err)
			}
			if code, out, errOut = comptoir(t, env, "migrate"); code != 0 || !strings.Contains(out, fmt.Sprintf("%d migration(s) applied", len(all))) {
				t.Fatalf("migrate: %d %q %q", code, out, errOut)
			}
			if code, out, _ = comptoir(t, env, "migrate", "status"); code != 0 || strings.Contains(out, "pending") || !strings.Contains(out, "applied 20") {
				t.Fatalf("status after: %q", out)
			}
			if code, out, errOut = comptoir(t, env, "seed", "demo"); code != 0 || !strings.Contains(out, "300 products (300 created") {
				t.Fatalf("seed: %d %q %q", code, out, errOut)
			}
			file := filepath.Join(t.TempDir(), "c.jsonl")
			body := `{"slug":"extra-one","name":"Extra","description":"","category":"Misc","seller":{"slug":"x","name":"X"},"attributes":{},"media":[],"variants":[{"sku":"X-1","title":"","options":{},"price":"1.00","currency":"EUR","stock":1,"weightGrams":1}]}` +
				"\n{not json\n"
			if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errOut = comptoir(t, env, "import", file)
			if code != 0 || !strings.Contains(out, "1 products imported (1 created") || !strings.Contains(errOut, "skipped line 2: malformed JSON") {
				t.Fatalf("import: %d %q %q", code, out, errOut)
			}
			if code, _, errOut = comptoir(t, env, "import", "/no/such/file"); code == 0 {
				t.Fatalf("missing file accepted: %q", errOut)
			}
		})
	}
}

// TestServeSeedsAndDrainsOnSIGTERM starts the real binary, checks the demo
// catalog is served, then sends SIGTERM while a request is in flight: the
// request completes and the process exits 0.
func TestServeSeedsAndDrainsOnSIGTERM(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			addr := testbin.FreeAddr(t)
			cmd := exec.Command(binary)
			cmd.Dir = t.TempDir()
			cmd.Env = append(testbin.CleanEnv(), "COMPTOIR_ADDR="+addr, "DATABASE_URL="+databaseURL(t, dia))
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill() }()
			lines := make(chan string, 100)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			waitFor := func(substr string) {
				t.Helper()
				timeout := time.After(waitfor.Bound)
				for {
					select {
					case l, ok := <-lines:
						if !ok {
							t.Fatalf("process ended before %q", substr)
						}
						if strings.Contains(l, substr) {
							return
						}
					case <-timeout:
						t.Fatalf("no %q within %v", substr, waitfor.Bound)
					}
				}
			}
			waitFor("Comptoir is listening")

			resp, err := http.Post("http://"+addr+"/graphql", "application/json",
				strings.NewReader(`{"query":"{ products(first: 1) { totalCount } }"}`))
			if err != nil {
				t.Fatal(err)
			}
			var out struct {
				Data struct{ Products struct{ TotalCount int } }
			}
			_ = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if out.Data.Products.TotalCount != 300 {
				t.Fatalf("demo catalog not served: %+v", out)
			}

			// An in-flight request: its headers sent, its body held back. With
			// Expect: 100-continue the server says "100 Continue" when its
			// handler starts reading the body: from then on the request is in
			// flight, not waiting to be accepted, whatever the machine's load.
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(waitfor.Bound))
			body := `{"query":"{ products(first: 2) { totalCount } }"}`
			fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", len(body))
			br := bufio.NewReader(conn)
			if status, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(status, "HTTP/1.1 100 ") {
				t.Fatalf("interim response: %q %v", status, err)
			}
			for {
				l, err := br.ReadString('\n')
				if err != nil {
					t.Fatalf("interim response: %v", err)
				}
				if l == "\r\n" {
					break
				}
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			waitFor("shutting down")
			if _, err := io.WriteString(conn, body); err != nil {
				t.Fatal(err)
			}
			reply, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("in-flight request lost: %v", err)
			}
			b, _ := io.ReadAll(reply.Body)
			if reply.StatusCode != 200 || !strings.Contains(string(b), `"totalCount":300`) {
				t.Fatalf("in-flight request: %d %s", reply.StatusCode, b)
			}
			conn.Close()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v", err)
				}
			case <-time.After(waitfor.Bound):
				t.Fatal("the server did not exit after SIGTERM")
			}
		})
	}
}

func TestAdminCreate(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			env := []string{"DATABASE_URL=" + databaseURL(t, dia)}
			code, out, errOut := comptoir(t, env, "admin", "create", "--email", "Boss@Example.com", "--password", "correct horse")
			if code != 0 || !strings.Contains(out, "admin Boss@Example.com created") {
				t.Fatalf("create: %d %q %q", code, out, errOut)
			}
			code, out, _ = comptoir(t, env, "admin", "create", "--email", "boss@example.com", "--password", "ignored pass")
			if code != 0 || !strings.Contains(out, "now an admin") {
				t.Fatalf("again: %d %q", code, out)
			}
			if code, _, errOut = comptoir(t, env, "admin", "create", "--email", "nope", "--password", "correct horse"); code == 0 || !strings.Contains(errOut, "Email is invalid") {
				t.Fatalf("bad email: %d %q", code, errOut)
			}
			if code, _, _ = comptoir(t, env, "admin", "create", "--email", "x@example.com"); code != 2 {
				t.Fatalf("missing password: exit %d", code)
			}
		})
	}
}

// TestMetricsListener: with COMPTOIR_METRICS_ADDR, /metrics and the Go
// profiles are served on that listener, and neither on the public one.
func TestMetricsListener(t *testing.T) {
	addr, metricsAddr := testbin.FreeAddr(t), testbin.FreeAddr(t)
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	cmd.Env = append(testbin.CleanEnv(), "COMPTOIR_ADDR="+addr, "COMPTOIR_METRICS_ADDR="+metricsAddr, "COMPTOIR_SEED_DEMO=false",
		"DATABASE_URL="+databaseURL(t, testdb.Dialects[0]))
	testbin.Start(t, cmd)
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("http://" + metricsAddr + "/metrics"); code != 200 || !strings.Contains(body, "comptoir_mail_queue_pending") {
		t.Fatalf("metrics listener: %d %.200s", code, body)
	}
	if code, _ := get("http://" + addr + "/metrics"); code != 404 {
		t.Fatalf("public /metrics with a metrics listener: %d, want 404", code)
	}
	if code, _ := get("http://" + addr + "/healthz"); code != 200 {
		t.Fatalf("public /healthz: %d", code)
	}
	if code, body := get("http://" + metricsAddr + "/debug/pprof/heap?debug=1"); code != 200 || !strings.Contains(body, "heap profile") {
		t.Fatalf("metrics listener's heap profile: %d %.200s", code, body)
	}
	if code, _ := get("http://" + addr + "/debug/pprof/heap?debug=1"); code == 200 {
		t.Fatalf("public /debug/pprof/heap answered 200; profiles belong to the metrics listener only")
	}
}
