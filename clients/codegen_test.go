// Package clients holds the real clients the tests drive (npm packages,
// pinned); this test checks that a typed client is one codegen step away.
package clients

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// need skips the test when a tool is missing, or fails it under CI, where
// nothing may skip.
func need(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s: CI must run %s", what, t.Name())
	}
	t.Skipf("%s: %s skipped", what, t.Name())
}

// TestTypedClient generates a TypeScript client from the published
// schema.graphql and the storefront documents in codegen/documents with
// GraphQL Code Generator's client preset (strictScalars: an unmapped scalar
// fails), then type-checks codegen/check.ts against it with tsc: money is a
// string, dates and cursors are strings, enums are unions, documents are
// typed. Everything runs offline from codegen/node_modules.
func TestTypedClient(t *testing.T) {
	_, errNode := exec.LookPath("node")
	_, errNpx := exec.LookPath("npx")
	need(t, errNode == nil && errNpx == nil, "node/npx not found")
	_, errGen := os.Stat("codegen/node_modules/.bin/graphql-codegen")
	_, errTsc := os.Stat("codegen/node_modules/.bin/tsc")
	need(t, errGen == nil && errTsc == nil, "clients/codegen/node_modules absent (run: cd clients/codegen && npm ci)")

	checkScalarsMapped(t)

	// The output and the type-check run in a temp dir that sees the
	// package's node_modules through a symlink.
	dir := t.TempDir()
	modules, err := filepath.Abs("codegen/node_modules")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(modules, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"check.ts", "tsconfig.json"} {
		b, err := os.ReadFile(filepath.Join("codegen", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "generated")
	env := append(os.Environ(), "COMPTOIR_CODEGEN_OUT="+out, "npm_config_offline=true",
		"npm_config_update_notifier=false", "NO_UPDATE_NOTIFIER=1")

	gen := exec.Command("npx", "--no", "--", "graphql-codegen", "--config", "codegen.ts")
	gen.Dir, gen.Env = "codegen", env
	if b, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("graphql-codegen: %v\n%s", err, b)
	}
	checkNoLooseTypes(t, filepath.Join(out, "graphql.ts"))

	tsc := exec.Command("npx", "--no", "--", "tsc", "-p", dir)
	tsc.Dir, tsc.Env = "codegen", env
	if b, err := tsc.CombinedOutput(); err != nil {
		t.Fatalf("tsc --noEmit on check.ts: %v\n%s", err, b)
	}
}

// checkScalarsMapped: every custom scalar of the published schema has a
// TypeScript type in codegen.ts. strictScalars only catches the scalars the
// documents use; this catches the others before a client uses them.
func checkScalarsMapped(t *testing.T) {
	t.Helper()
	schema, err := os.ReadFile("../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile("codegen/codegen.ts")
	if err != nil {
		t.Fatal(err)
	}
	scalars := regexp.MustCompile(`(?m)^scalar (\w+)`).FindAllStringSubmatch(string(schema), -1)
	if len(scalars) == 0 {
		t.Fatal("no scalar in schema.graphql")
	}
	for _, m := range scalars {
		if !regexp.MustCompile(`(?m)^\s*` + m[1] + `: "`).Match(config) {
			t.Errorf("scalar %s of schema.graphql has no mapping in clients/codegen/codegen.ts", m[1])
		}
	}
}

// checkNoLooseTypes fails when a generated type falls back to unknown or any
// (what an unmapped scalar becomes without strictScalars). Comments (our
// descriptions) and the preset's own casts of document constants are skipped.
func checkNoLooseTypes(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loose := regexp.MustCompile(`\b(unknown|any)\b`)
	docType := regexp.MustCompile(` as unknown as DocumentNode<(\w+), (\w+)>;$`)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n, types := 0, 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(l, "/*"), strings.HasPrefix(l, "*"), strings.HasPrefix(l, "//"):
			continue
		case strings.HasPrefix(l, "type Exact<"): // the preset's helper: { [key: string]: unknown }
			continue
		case strings.HasPrefix(l, "export const "):
			// A typed document: JSON cast to DocumentNode<Result, Variables>;
			// a fragment has no variables (unknown, the preset's choice).
			m := docType.FindStringSubmatch(l)
			if m == nil {
				t.Errorf("%s:%d: a document without its result type: %s", filepath.Base(path), n, truncate(l, 200))
				continue
			}
			l = m[1] + ", " + m[2]
			if strings.HasSuffix(m[1], "Fragment") && m[2] == "unknown" {
				l = m[1]
			}
		case strings.HasPrefix(l, "export type "):
			types++
		}
		if loose.MatchString(l) {
			t.Errorf("%s:%d: loose type in the generated client: %s", filepath.Base(path), n, truncate(l, 200))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if types == 0 {
		t.Fatalf("%s has no exported type", path)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
