package media

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/internal/apperr"
)

type originKey struct{}

// WithOrigin records the request's origin (scheme://host) for URL,
// trusting X-Forwarded-Proto for the scheme behind a TLS-terminating proxy.
func WithOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
			scheme = "https"
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), originKey{}, scheme+"://"+r.Host)))
	})
}

// Transform is a box to fit an image into; zero does not constrain.
type Transform struct{ MaxWidth, MaxHeight int }

// URL is the URL a client should load for a stored image URL: a relative
// URL (our own images) is made absolute against the request's origin, and
// the transform is applied where the host can resize (our demo images;
// other URLs come back unchanged). A bound outside 1..MaxDimension is
// BAD_USER_INPUT.
func URL(ctx context.Context, stored string, t *Transform) (string, error) {
	if t != nil {
		for _, d := range []struct {
			name string
			v    int
		}{{"maxWidth", t.MaxWidth}, {"maxHeight", t.MaxHeight}} {
			if d.v < 0 || d.v > MaxDimension {
				return "", apperr.BadInput([]string{"transform", d.name}, "%s must be from 1 to %d", d.name, MaxDimension)
			}
		}
	}
	u, err := url.Parse(stored)
	if err != nil {
		return stored, nil
	}
	ours := !u.IsAbs() && u.Host == ""
	if ours {
		if origin, ok := ctx.Value(originKey{}).(string); ok {
			base, _ := url.Parse(origin)
			u = base.ResolveReference(u)
		}
	}
	if t != nil && ours && strings.HasPrefix(u.Path, DemoPrefix) && (t.MaxWidth > 0 || t.MaxHeight > 0) {
		q := u.Query()
		if t.MaxWidth > 0 {
			q.Set("w", strconv.Itoa(t.MaxWidth))
		}
		if t.MaxHeight > 0 {
			q.Set("h", strconv.Itoa(t.MaxHeight))
		}
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// Same reports whether a URL a client sends names a stored image: the
// stored URL itself, or the absolute URL URL gave the client for it.
func Same(ctx context.Context, stored, given string) bool {
	if stored == given {
		return true
	}
	abs, err := URL(ctx, stored, nil)
	return err == nil && abs == given
}
