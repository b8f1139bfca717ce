package origin

import (
	"net/http"
	"reflect"
	"testing"
)

func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // as matched; nil with wantErr
		err  bool
	}{
		{in: "", want: []string{}},
		{in: " , ", want: []string{}},
		{in: "https://shop.example.com", want: []string{"https://shop.example.com"}},
		{in: "https://Shop.Example.com/", want: []string{"https://shop.example.com"}},
		{in: "https://shop.example.com:443,http://shop.example.com:80", want: []string{"https://shop.example.com", "http://shop.example.com"}},
		{in: "https://*.example.com, http://localhost:*", want: []string{"https://*.example.com", "http://localhost:*"}},
		{in: "http://127.0.0.1:3000,http://[::1]:*", want: []string{"http://127.0.0.1:3000", "http://[::1]:*"}},
		{in: "HTTPS://a.example.com:8443", want: []string{"https://a.example.com:8443"}},
		{in: "*", err: true},
		{in: "shop.example.com", err: true},
		{in: "ftp://shop.example.com", err: true},
		{in: "https://shop.example.com/path", err: true},
		{in: "https://shop.example.com?x=1", err: true},
		{in: "https://user@shop.example.com", err: true},
		{in: "https://shop-*.example.com", err: true},
		{in: "https://*example.com", err: true},
		{in: "https://*.*.example.com", err: true},
		{in: "https://*", err: true},
		{in: "http://localhost:", err: true},
		{in: "http://localhost:0", err: true},
		{in: "http://localhost:65536", err: true},
		{in: "http://localhost:http", err: true},
		{in: "http://[::1", err: true},
		{in: "http://[nope]:80", err: true},
		{in: "http://under_score.example.com", err: true},
		{in: "https://ok.example.com,nope", err: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			l, err := ParseList(tc.in)
			if tc.err {
				if err == nil {
					t.Fatalf("accepted as %v", l.Strings())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Strings(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAllows(t *testing.T) {
	l, err := ParseList("https://shop.example.com,https://*.brand.example,http://localhost:*,http://[::1]:*,https://admin.example.com:8443")
	if err != nil {
		t.Fatal(err)
	}
	for origin, want := range map[string]bool{
		"https://shop.example.com":       true,
		"https://SHOP.example.com":       true,
		"https://shop.example.com:443":   true,
		"https://shop.example.com:8443":  false,
		"http://shop.example.com":        false, // another scheme is another origin
		"https://evil.shop.example.com":  false, // an exact entry has no subdomains
		"https://shop.example.com.evil":  false,
		"https://a.brand.example":        true,
		"https://a.b.brand.example":      true,
		"https://brand.example":          false, // the wildcard needs a subdomain
		"https://evilbrand.example":      false,
		"https://a.brand.example.evil":   false,
		"http://a.brand.example":         false,
		"http://localhost":               true, // any port, the default one too
		"http://localhost:3000":          true,
		"http://localhost:65535":         true,
		"https://localhost:3000":         false,
		"http://localhost.evil.com:3000": false,
		"http://localhost:3000.evil.com": false,
		"http://localhost:x":             false,
		"http://localhost:*":             false,
		"http://[::1]:5173":              true,
		"https://admin.example.com:8443": true,
		"https://admin.example.com":      false,
		"null":                           false,
		"":                               false,
		"https://shop.example.com/":      false, // not an origin
		"https://user@shop.example.com":  false,
	} {
		if got := l.Allows(origin); got != want {
			t.Errorf("Allows(%q) = %v, want %v", origin, got, want)
		}
	}
	if (List{}).Allows("http://localhost:3000") {
		t.Error("the empty list allows an origin")
	}
}

func TestPermits(t *testing.T) {
	l, _ := ParseList("https://shop.example.com")
	req := func(host, origin string) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "http://"+host+"/graphql", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		return r
	}
	for _, tc := range []struct {
		host, origin string
		want         bool
	}{
		{"api.example.com", "", true},                                  // not a browser's cross-origin call
		{"api.example.com", "https://api.example.com", true},           // same origin (the playground)
		{"api.example.com:8080", "http://api.example.com:8080", true},  // same origin, with a port
		{"API.example.com", "https://api.example.com", true},           // hosts are case-insensitive
		{"api.example.com:8080", "http://api.example.com:9090", false}, // another port is another origin
		{"api.example.com", "https://shop.example.com", true},          // listed
		{"api.example.com", "https://evil.example.com", false},
		{"api.example.com", "null", false},
	} {
		if got := l.Permits(req(tc.host, tc.origin)); got != tc.want {
			t.Errorf("Host %s, Origin %q: %v, want %v", tc.host, tc.origin, got, tc.want)
		}
	}
}
