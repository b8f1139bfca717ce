package playground_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/comptoir/comptoir/graph"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/playground"
	"github.com/comptoir/comptoir/internal/testdb"
)

var assetRef = regexp.MustCompile(`(?:href|src)="(playground/[^"]+)"`)

// The page and every file it names are served from our origin, with the
// page's CSP, the right types and a year of caching for the hashed files.
func TestPageAndAssets(t *testing.T) {
	c := apitest.New(t, testdb.Open(t, dialect.SQLite))
	resp, err := http.Get(c.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); got != playground.CSP {
		t.Fatalf("CSP %q", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Fatalf("page type %q", got)
	}
	_, body := c.Get(t, "/")
	refs := assetRef.FindAllStringSubmatch(body, -1)
	if len(refs) != 2 {
		t.Fatalf("want a stylesheet and a script, got %v in\n%s", refs, body)
	}
	for _, r := range refs {
		resp, err := http.Get(c.URL + "/" + r[1])
		if err != nil {
			t.Fatal(err)
		}
		// The server compresses assets; Go's client decodes them, so the
		// length is that of the decoded body.
		asset, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{true: "text/javascript; charset=utf-8", false: "text/css; charset=utf-8"}[strings.HasSuffix(r[1], ".js")]
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want ||
			resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || len(asset) < 1000 {
			t.Fatalf("%s: %d %q %q %d bytes", r[1], resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), len(asset))
		}
	}
	if code, _ := c.Get(t, "/playground/THIRD_PARTY_LICENSES.txt"); code != 200 {
		t.Fatalf("licenses: %d", code)
	}
	for _, p := range []string{"/playground/manifest.json", "/playground/nope-ABCDEFGH.js", "/playground/", "/playground/../server.go"} {
		if code, _ := c.Get(t, p); code != 404 {
			t.Fatalf("%s: %d, want 404", p, code)
		}
	}

	// Off (production's default): neither the page nor its files.
	off := apitest.New(t, testdb.Open(t, dialect.SQLite), apitest.Config(func(c *config.Config) { c.Playground = false }))
	paths := []string{"/", "/playground/THIRD_PARTY_LICENSES.txt"}
	for _, r := range refs {
		paths = append(paths, "/"+r[1])
	}
	for _, p := range paths {
		if code, _ := off.Get(t, p); code != 404 {
			t.Fatalf("playground off: %s answered %d", p, code)
		}
	}
}

// The README's first query is the playground's first tab, word for word.
func TestREADMEFirstQueryIsTheFirstTab(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## A first query")
	_, block, ok2 := strings.Cut(after, "```graphql\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README has no "A first query" section with a graphql block`)
	}
	if block != playground.FirstLook {
		t.Fatalf("README's first query:\n%s\nplayground's first tab:\n%s", block, playground.FirstLook)
	}
	if playground.Examples[0].Query != playground.FirstLook {
		t.Fatal("the first tab is not FirstLook")
	}
}

// Every example tab is valid against the schema, and its variables and
// headers are what GraphiQL expects.
func TestExamplesValidate(t *testing.T) {
	schema := graph.New(graph.Config{}).Schema()
	kinds := map[ast.Operation]int{}
	for i, tab := range playground.Examples {
		doc, err := parser.ParseQuery(&ast.Source{Name: "tab", Input: tab.Query})
		if err != nil {
			t.Fatalf("tab %d: %v", i, err)
		}
		if errs := validator.Validate(schema, doc); len(errs) > 0 {
			t.Fatalf("tab %d: %v", i, errs)
		}
		for _, op := range doc.Operations {
			kinds[op.Operation]++
		}
		if tab.Variables != "" && !json.Valid([]byte(tab.Variables)) {
			t.Fatalf("tab %d: variables %q", i, tab.Variables)
		}
		if tab.Headers != playground.HeadersPlaceholder {
			t.Fatalf("tab %d: headers %q", i, tab.Headers)
		}
	}
	if kinds[ast.Query] == 0 || kinds[ast.Mutation] == 0 || kinds[ast.Subscription] == 0 {
		t.Fatalf("examples cover %v; want queries, mutations and a subscription", kinds)
	}
	// The placeholder is a comment: sent as is it adds no header.
	if !strings.Contains(playground.HeadersPlaceholder, `// "Authorization": "Bearer …"`) {
		t.Fatalf("placeholder %q", playground.HeadersPlaceholder)
	}
}

// The product page tab's slug names a product of the demo catalog, so it
// answers out of the box.
func TestProductPageExampleFindsADemoProduct(t *testing.T) {
	c := apitest.Seeded(t, testdb.Open(t, dialect.SQLite))
	tab := playground.Examples[1]
	var vars map[string]any
	if err := json.Unmarshal([]byte(tab.Variables), &vars); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Product *struct {
			Name     string
			Variants struct{ Edges []struct{} }
		}
	}
	c.Query(t, tab.Query, vars).Decode(t, &d)
	if d.Product == nil || d.Product.Name == "" || len(d.Product.Variants.Edges) == 0 {
		t.Fatalf("%s: %+v", tab.Variables, d.Product)
	}
}
