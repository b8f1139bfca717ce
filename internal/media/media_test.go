package media

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestFit(t *testing.T) {
	for _, tc := range []struct{ w, h, mw, mh, ww, wh int }{
		{800, 800, 0, 0, 800, 800},
		{800, 800, 200, 0, 200, 200},
		{800, 400, 200, 200, 200, 100},
		{800, 800, 2000, 2000, 800, 800}, // never enlarged
		{800, 800, 300, 100, 100, 100},
	} {
		if w, h := Fit(tc.w, tc.h, tc.mw, tc.mh); w != tc.ww || h != tc.wh {
			t.Errorf("Fit(%d,%d,%d,%d) = %dx%d, want %dx%d", tc.w, tc.h, tc.mw, tc.mh, w, h, tc.ww, tc.wh)
		}
	}
}

func TestURL(t *testing.T) {
	var ctx context.Context
	WithOrigin(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { ctx = r.Context() })).
		ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "http://shop.test:8080/graphql", nil))
	for _, tc := range []struct {
		stored string
		t      *Transform
		want   string
	}{
		{"/media/demo/a-b/0.png", nil, "http://shop.test:8080/media/demo/a-b/0.png"},
		{"/media/demo/a-b/0.png", &Transform{MaxWidth: 300}, "http://shop.test:8080/media/demo/a-b/0.png?w=300"},
		{DemoPath("a-b", 1, "#C62828"), &Transform{MaxHeight: 50}, "http://shop.test:8080/media/demo/a-b/1.png?h=50&tint=c62828"},
		{DemoPath("a-b", 1, "not a colour"), nil, "http://shop.test:8080/media/demo/a-b/1.png"},
		{"https://cdn.test/x.jpg", &Transform{MaxWidth: 300}, "https://cdn.test/x.jpg"},
	} {
		got, err := URL(ctx, tc.stored, tc.t)
		if err != nil || got != tc.want {
			t.Errorf("URL(%q, %+v) = %q, %v; want %q", tc.stored, tc.t, got, err, tc.want)
		}
	}
	if _, err := URL(ctx, "/media/demo/a/0.png", &Transform{MaxWidth: MaxDimension + 1}); err == nil {
		t.Error("an oversized transform was accepted")
	}
}

func TestDrawIsDeterministicAndDiffersByProduct(t *testing.T) {
	enc := func(slug string, n int) []byte {
		var b bytes.Buffer
		if err := png.Encode(&b, Draw(slug, n, 64, 64, nil)); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(enc("tent", 0), enc("tent", 0)) {
		t.Fatal("the same image drew differently")
	}
	if bytes.Equal(enc("tent", 0), enc("backpack", 0)) || bytes.Equal(enc("tent", 0), enc("tent", 1)) {
		t.Fatal("different products or views drew the same image")
	}
}
