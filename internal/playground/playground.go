// Package playground serves Comptoir's GraphQL playground, GraphiQL 5, from
// the server's own origin: the page at / and its bundle under /playground/.
// Nothing it loads comes from elsewhere (no CDN, no remote font), so it works
// offline, and its Content-Security-Policy forbids every other origin.
//
// dist/ is generated, like other generated code, and committed: GraphiQL and
// Monaco (with its editor, JSON and GraphQL workers) bundled once by esbuild
// from the exact npm versions pinned in build/package-lock.json, with the
// license texts of everything bundled in dist/THIRD_PARTY_LICENSES.txt.
// Regenerate it with Node.js and npm by running
//
//	internal/playground/build/build.sh
//
// and commit the result; `go build` and `go test` never need Node. The page
// itself (its CSP, its example tabs) is rendered here, so editing an example
// needs no rebuild.
package playground

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// AssetPath is where the bundle is served; the page refers to it relatively.
const AssetPath = "/playground/"

//go:embed dist
var dist embed.FS

//go:embed page.html
var pageHTML string

// manifest names the bundle's entry files (their names carry a content hash).
type manifest struct {
	Script string `json:"script"`
	Style  string `json:"style"`
}

func readManifest() (manifest, error) {
	var m manifest
	b, err := dist.ReadFile("dist/manifest.json")
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("playground manifest: %w", err)
	}
	if m.Script == "" || m.Style == "" {
		return m, fmt.Errorf("playground manifest: no script or style in %s", b)
	}
	return m, nil
}

// CSP is the page's Content-Security-Policy: our origin only. Styles allow
// 'unsafe-inline' because Monaco and GraphiQL set element styles at run
// time; fonts and images allow data: because GraphiQL's stylesheet inlines
// its fonts. No 'unsafe-eval'. connect-src 'self' covers ws:/wss: to the same
// host (CSP level 3), which subscriptions use.
const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
	"manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// renderPage fills page.html. It is not an html/template: that looks fields
// up through reflect's MethodByName, and one such call in a binary makes Go's
// linker keep every exported method of every type that reaches an interface
// (see internal/notify's templates.go). Title, style and script are
// attribute or text values, escaped; the config is JSON, whose encoder
// escapes <, > and & so that it cannot end the script element.
func renderPage(page, title, script, style string, cfg config) ([]byte, error) {
	js, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("playground config: %w", err)
	}
	return []byte(strings.NewReplacer(
		"{{.Title}}", html.EscapeString(title),
		"{{.Script}}", html.EscapeString(script),
		"{{.Style}}", html.EscapeString(style),
		"{{.Config}}", string(js),
	).Replace(page)), nil
}

// config is what the bundle reads from the page.
type config struct {
	Endpoint string `json:"endpoint"`
	Headers  string `json:"headers"`
	Tabs     []Tab  `json:"tabs"`
}

// Handler serves the playground page for the GraphQL endpoint at endpoint
// (a path on the same origin; the bundle builds the http(s) and ws(s) URLs
// from the page's location). Mount Assets at AssetPath beside it.
func Handler(title, endpoint string) http.Handler {
	m, err := readManifest()
	if err != nil {
		panic(err) // dist/ is embedded at build time: a broken one is our bug
	}
	body, err := renderPage(pageHTML, title, strings.TrimPrefix(AssetPath, "/")+m.Script, strings.TrimPrefix(AssetPath, "/")+m.Style,
		config{Endpoint: endpoint, Headers: HeadersPlaceholder, Tabs: Examples})
	if err != nil {
		panic(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", CSP)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(body)
	})
}

// Assets serves the bundle's files under AssetPath. Their names carry a
// content hash, so they are cached for a year; unknown names are 404.
func Assets() http.Handler {
	files, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix(AssetPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		if name == "" || strings.Contains(name, "/") || name == "manifest.json" {
			http.NotFound(w, r)
			return
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ctype, ok := contentTypes[path.Ext(name)]
		if !ok {
			ctype = "application/octet-stream"
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		if hashed(name) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	}))
}

// contentTypes is explicit rather than mime.TypeByExtension, which the
// machine's /etc/mime.types may change.
var contentTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".txt": "text/plain; charset=utf-8",
}

// hashed reports whether esbuild put a content hash in the name
// ("playground-PZUOOUME.js").
func hashed(name string) bool {
	base := strings.TrimSuffix(name, path.Ext(name))
	i := strings.LastIndexByte(base, '-')
	if i < 0 || len(base)-i-1 != 8 {
		return false
	}
	for _, c := range base[i+1:] {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
