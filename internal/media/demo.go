// Package media serves the demo catalog's images from our own origin and
// turns stored image URLs into the URLs a storefront uses: relative URLs
// become absolute against the request's origin, and our own images can be
// resized (url(transform:)).
//
// Demo images are drawn by this package, deterministically from the
// product's slug and the image's index, so a demo storefront shows real
// pictures offline and the binary ships no image files. They are PNGs at
// DemoSize×DemoSize; ?w=&h= fits them into a smaller box, and ?tint=rrggbb
// draws the product in its own colour.
package media

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// DemoSize is the width and height of a demo image at full size.
const DemoSize = 800

// DemoPrefix is the path of the demo image endpoint; an image's path is
// DemoPrefix + "<slug>/<n>.png".
const DemoPrefix = "/media/demo/"

// MaxDimension bounds a requested width or height.
const MaxDimension = 4096

// DemoPath is the path of the n-th demo image of a product, drawn in the
// colour tint (#rrggbb; "" for one picked from the slug).
func DemoPath(slug string, n int, tint string) string {
	p := fmt.Sprintf("%s%s/%d.png", DemoPrefix, slug, n)
	if t := strings.ToLower(strings.TrimPrefix(tint, "#")); tintRE.MatchString(t) {
		p += "?tint=" + t
	}
	return p
}

var tintRE = regexp.MustCompile(`^[0-9a-f]{6}$`)

// parseTint reads a tint parameter: ok is false for a malformed one.
func parseTint(s string) (c *color.NRGBA, ok bool) {
	if s == "" {
		return nil, true
	}
	if !tintRE.MatchString(s) {
		return nil, false
	}
	v, _ := strconv.ParseUint(s, 16, 32)
	return &color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
}

var demoPathRE = regexp.MustCompile(`^/media/demo/([a-z0-9]+(?:-[a-z0-9]+)*)/([0-9]{1,2})\.png$`)

// parseDemoPath returns the slug and index of a demo image path.
func parseDemoPath(p string) (string, int, bool) {
	m := demoPathRE.FindStringSubmatch(p)
	if m == nil || len(m[1]) > 300 {
		return "", 0, false
	}
	n, _ := strconv.Atoi(m[2])
	return m[1], n, true
}

// Fit scales w×h down (never up) to fit within maxW×maxH, keeping the
// proportions; a zero bound does not constrain.
func Fit(w, h, maxW, maxH int) (int, int) {
	scale := 1.0
	if maxW > 0 && w > maxW {
		scale = math.Min(scale, float64(maxW)/float64(w))
	}
	if maxH > 0 && h > maxH {
		scale = math.Min(scale, float64(maxH)/float64(h))
	}
	return max(1, int(math.Round(float64(w)*scale))), max(1, int(math.Round(float64(h)*scale)))
}

// DemoHandler serves GET /media/demo/<slug>/<n>.png[?w=W&h=H]. The image
// depends only on the path and the size, so it may be cached for good.
func DemoHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug, n, ok := parseDemoPath(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		dim := func(name string) (int, bool) {
			s := q.Get(name)
			if s == "" {
				return 0, true
			}
			v, err := strconv.Atoi(s)
			return v, err == nil && v >= 1 && v <= MaxDimension
		}
		maxW, okW := dim("w")
		maxH, okH := dim("h")
		if !okW || !okH {
			http.Error(w, fmt.Sprintf("w and h must be whole numbers from 1 to %d", MaxDimension), http.StatusBadRequest)
			return
		}
		tint, ok := parseTint(q.Get("tint"))
		if !ok {
			http.Error(w, "tint must be a colour as six lower-case hex digits (rrggbb)", http.StatusBadRequest)
			return
		}
		width, height := Fit(DemoSize, DemoSize, maxW, maxH)
		etag := fmt.Sprintf(`"%s-%d-%dx%d-%s"`, slug, n, width, height, q.Get("tint"))
		h := w.Header()
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", etag)
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.Contains(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, Draw(slug, n, width, height, tint)); err != nil {
			http.Error(w, "could not draw the image", http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "image/png")
		h.Set("Content-Length", strconv.Itoa(buf.Len()))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(buf.Bytes())
	})
}

// Draw renders the n-th demo picture of a product: a shape per view on a
// soft background, in the product's colour (tint) when given, else in a hue
// picked from its slug, so that the views of one product look related and
// products look different.
func Draw(slug string, n, width, height int, tint *color.NRGBA) *image.NRGBA {
	f := fnv.New32a()
	_, _ = f.Write([]byte(slug))
	sum := f.Sum32()
	hue := float64(sum%360) / 360
	bgTop := hsl(hue, 0.45, 0.88)
	bgBottom := hsl(hue, 0.40, 0.72)
	fg := hsl(math.Mod(hue+0.5+float64(n)*0.08, 1), 0.55, 0.45)
	accent := hsl(hue, 0.60, 0.35)
	if tint != nil {
		// The product in its colour on a light, neutral stage.
		fg = *tint
		bgTop, bgBottom = color.NRGBA{246, 244, 240, 255}, color.NRGBA{222, 218, 210, 255}
		accent = mix(*tint, color.NRGBA{0, 0, 0, 255}, 0.35)
	}
	img := image.NewNRGBA(image.Rect(0, 0, width, height))
	s := float64(min(width, height))
	cx, cy := float64(width)/2, float64(height)/2
	shape := (int(sum>>9) + n) % 3
	for y := range height {
		t := float64(y) / float64(max(1, height-1))
		row := mix(bgTop, bgBottom, t)
		for x := range width {
			px, py := (float64(x)+0.5-cx)/s, (float64(y)+0.5-cy)/s
			c := row
			switch {
			case inShape(shape, px, py):
				c = fg
			case py > 0.30 && py < 0.33 && math.Abs(px) < 0.38:
				c = accent // a shelf line under the shape
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func inShape(shape int, x, y float64) bool {
	switch shape {
	case 0: // disc
		return x*x+y*y < 0.28*0.28
	case 1: // rounded square
		dx, dy := math.Max(math.Abs(x)-0.18, 0), math.Max(math.Abs(y)-0.18, 0)
		return dx*dx+dy*dy < 0.08*0.08
	default: // triangle standing on the shelf
		return y < 0.30 && y > -0.28 && math.Abs(x) < (y+0.28)*0.55
	}
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

func hsl(h, s, l float64) color.NRGBA {
	q := l * (1 + s)
	if l >= 0.5 {
		q = l + s - l*s
	}
	p := 2*l - q
	ch := func(t float64) uint8 {
		t = math.Mod(t+1, 1)
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(v * 255))
	}
	return color.NRGBA{ch(h + 1.0/3), ch(h), ch(h - 1.0/3), 255}
}
