package playground

import (
	"encoding/json"
	htmltemplate "html/template"
	"strings"
	"testing"
)

// renderPage replaced an html/template (playground.go says why): for the
// page as served and for hostile values, it must write what the template
// wrote, or (where the template's JSON differs only in spacing) a config
// that decodes to the same value and cannot end the script element.
func TestPageMatchesTheTemplateItReplaced(t *testing.T) {
	tmpl := htmltemplate.Must(htmltemplate.New("page").Parse(pageHTML))
	m, err := readManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ title, endpoint, script, style string }{
		{"Comptoir GraphQL playground", "/graphql", "playground/" + m.Script, "playground/" + m.Style},
		// The script and style names come from our own manifest (hashed
		// file names), so only the title and the endpoint get hostile.
		{`Shop "A" & <B>`, `/graphql?x="</script><script>alert(1)</script>`, "playground/" + m.Script, "playground/" + m.Style},
	} {
		cfg := config{Endpoint: c.endpoint, Headers: HeadersPlaceholder, Tabs: Examples}
		got, err := renderPage(pageHTML, c.title, c.script, c.style, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		if err := tmpl.Execute(&want, map[string]any{"Title": c.title, "Script": c.script, "Style": c.style, "Config": cfg}); err != nil {
			t.Fatal(err)
		}
		g, w := splitConfig(t, string(got)), splitConfig(t, want.String())
		if g[0] != w[0] || g[2] != w[2] {
			t.Errorf("page around the config differs:\n got %q\nwant %q", g[0]+"…"+g[2], w[0]+"…"+w[2])
		}
		if strings.Contains(strings.ToLower(g[1]), "</script") || strings.Contains(g[1], "<") {
			t.Errorf("config can end its script element: %s", g[1])
		}
		var gv, wv any
		if err := json.Unmarshal([]byte(g[1]), &gv); err != nil {
			t.Fatalf("config: %v", err)
		}
		if err := json.Unmarshal([]byte(strings.TrimSpace(w[1])), &wv); err != nil {
			t.Fatalf("template's config: %v", err)
		}
		gj, _ := json.Marshal(gv)
		wj, _ := json.Marshal(wv)
		if string(gj) != string(wj) {
			t.Errorf("config differs:\n got %s\nwant %s", gj, wj)
		}
	}
}

func splitConfig(t *testing.T, page string) [3]string {
	t.Helper()
	const open = `<script type="application/json" id="playground-config">`
	i := strings.Index(page, open)
	j := strings.Index(page[i+len(open):], "</script>")
	if i < 0 || j < 0 {
		t.Fatalf("no config in\n%s", page)
	}
	i += len(open)
	return [3]string{page[:i], page[i : i+j], page[i+j:]}
}
