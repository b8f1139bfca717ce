package clients

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestGraphQLOverHTTPAudit runs the GraphQL-over-HTTP server audit of npm
// graphql-http (clients/audit, pinned) against Comptoir served on loopback
// over SQLite. Every audit must be ok: the MUSTs, and the SHOULDs and MAYs
// we chose to keep (status codes per media type, no data entry on request
// errors, 400 for malformed requests), for application/json and
// application/graphql-response+json alike.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, errNode := exec.LookPath("node")
	need(t, errNode == nil, "node not found")
	_, errMod := os.Stat("audit/node_modules/graphql-http")
	need(t, errMod == nil, "clients/audit/node_modules absent (run: cd clients/audit && npm ci)")

	c := apitest.New(t, testdb.Open(t, dialect.SQLite))
	cmd := exec.Command(node, "audit/audit.mjs", c.URL+"/graphql")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	type result struct{ ID, Name, Status, Reason string }
	var n, ok int
	for line := range strings.SplitSeq(strings.TrimSpace(stdout.String()), "\n") {
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("audit output %q: %v (stderr: %s)", line, err, stderr.String())
		}
		n++
		if r.Status == "ok" {
			ok++
			continue
		}
		t.Errorf("%s %s: %s: %s", r.ID, r.Name, r.Status, r.Reason)
	}
	// The audit holds 61 checks in graphql-http 1.23.1; fewer would mean
	// it did not run them all.
	if n < 61 {
		t.Errorf("%d audits ran, want at least 61 (stderr: %s)", n, stderr.String())
	}
	if runErr != nil && ok == n {
		t.Errorf("audit.mjs: %v (stderr: %s)", runErr, stderr.String())
	}
	t.Logf("%s", strings.TrimSpace(stderr.String()))
}
