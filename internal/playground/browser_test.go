package playground_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/playground"
	"github.com/comptoir/comptoir/internal/testdb"
)

const (
	chromium      = "/usr/bin/chromium" // Debian's package; never a downloaded browser
	browserClient = "../../clients/browser"
)

// browserRun is what clients/browser/playground.mjs saw.
type browserRun struct {
	CSP          string   `json:"csp"`
	Docs         string   `json:"docs"`
	Query        string   `json:"query"`
	Headers      string   `json:"headers"`
	Tabs         []string `json:"tabs"`
	Result       string   `json:"result"`
	Subscription string   `json:"subscription"`
	Requests     []string `json:"requests"`
	WebSockets   []string `json:"websockets"`
	Problems     []string `json:"problems"`
}

// needBrowser skips (fails under CI) unless node, chromium and the npm
// client are installed.
func needBrowser(t *testing.T) string {
	t.Helper()
	missing := ""
	node, err := exec.LookPath("node")
	switch {
	case err != nil:
		missing = "node is not installed"
	case !exists(chromium):
		missing = chromium + " is not installed (apt-get install chromium)"
	case !exists(filepath.Join(browserClient, "node_modules", "puppeteer-core")):
		missing = "clients/browser/node_modules is absent (PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix clients/browser)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: CI must run the playground in Chromium", missing)
		}
		t.Skipf("playground browser test skipped: %s", missing)
	}
	return node
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// The playground works in a real browser with nothing but our server: it
// opens on the README's query with the headers editor ready and the schema
// docs shown, runs the query (the run button) and shows the demo products,
// runs a subscription over our WebSocket, and neither the page nor anything
// it loads logs an error or asks any other origin.
func TestPlaygroundInChromium(t *testing.T) {
	node := needBrowser(t)
	c := apitest.Seeded(t, testdb.Open(t, dialect.SQLite))

	// What the first query should show, asked over plain HTTP.
	var want struct {
		Products struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	c.Query(t, playground.FirstLook, nil).Decode(t, &want)
	if len(want.Products.Edges) == 0 {
		t.Fatal("the demo catalog has no product for the first query")
	}
	first := want.Products.Edges[0].Node.Name

	shot := filepath.Join(t.TempDir(), "playground.png")
	if p := os.Getenv("PLAYGROUND_SCREENSHOT"); p != "" {
		shot = p // to look at it
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(browserClient, "playground.mjs"), c.URL+"/", shot)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var got browserRun
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || runErr != nil {
		t.Fatalf("browser: %v %v\nstderr:\n%s\nstdout:\n%s", runErr, err, stderr.String(), stdout.String())
	}
	if len(got.Problems) > 0 {
		t.Fatalf("browser problems: %q", got.Problems)
	}

	if got.CSP != playground.CSP {
		t.Errorf("page CSP %q", got.CSP)
	}
	if !strings.Contains(got.Query, "query FirstLook {") {
		t.Errorf("operation editor: %q", got.Query)
	}
	if !strings.Contains(got.Headers, `"Authorization": "Bearer …"`) {
		t.Errorf("headers editor: %q", got.Headers)
	}
	for _, s := range []string{"query: Query", "mutation: Mutation", "subscription: Subscription", "ProductConnection"} {
		if !strings.Contains(got.Docs, s) {
			t.Errorf("doc explorer lacks %q: %.300s", s, got.Docs)
		}
	}
	for _, name := range []string{"FirstLook", "ProductPage", "Variants", "SignIn", "OrderUpdated"} {
		if !strings.Contains(strings.Join(got.Tabs, "|"), name) {
			t.Errorf("no tab %s in %q", name, got.Tabs)
		}
	}
	// Monaco wraps long lines: compare with spaces collapsed.
	if result := strings.Join(strings.Fields(got.Result), " "); !strings.Contains(result, `"name": "`+first+`"`) {
		t.Errorf("result pane lacks %q: %.1000s", first, result)
	}
	// The example's order id is a placeholder: the server's refusal came
	// back over the WebSocket.
	if sub := strings.Join(strings.Fields(got.Subscription), " "); !strings.Contains(sub, `"code": "BAD_USER_INPUT"`) {
		t.Errorf("subscription pane: %.500s", sub)
	}
	ws := "ws" + strings.TrimPrefix(c.URL, "http") + "/graphql"
	if len(got.WebSockets) != 1 || got.WebSockets[0] != ws {
		t.Errorf("WebSockets %q, want one to %s", got.WebSockets, ws)
	}
	var workers int
	for _, u := range got.Requests {
		if !strings.HasPrefix(u, c.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("request to %s", u)
		}
		if strings.Contains(u, ".worker-") {
			workers++
		}
	}
	if workers == 0 {
		t.Errorf("no Monaco worker loaded from %s: %q", c.URL, got.Requests)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10_000 {
		t.Errorf("screenshot: %v", err)
	}
}
