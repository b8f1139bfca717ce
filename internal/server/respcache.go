package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/internal/respcache"
)

// responseCache applies operations' cache policies over HTTP: PUBLIC
// queries without a viewer are served from the shared response cache (when
// it is on), and GETs of them carry Cache-Control for browsers and CDNs,
// a strong ETag and 304s. Anything else is `private, no-store`.
type responseCache struct {
	hints *respcache.Hints
	cache *respcache.Cache // nil: HTTP headers only
	now   func() time.Time
}

// viewer reports whether the request has a viewer whose answers are their
// own: an access token. (Cart and guest-order tokens are arguments of
// PRIVATE fields.)
func viewer(r *http.Request) bool { return r.Header.Get("Authorization") != "" }

// execute runs an operation whose context is created, with its cache policy.
func (c *responseCache) execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, opCtx *graphql.OperationContext, get bool) {
	ctx := r.Context()
	pol := c.hints.Policy(opCtx.Operation)
	shared := pol.Shared() && !viewer(r)
	if !shared {
		w.Header().Set("Cache-Control", "private, no-store")
		responses, ctx := exec.DispatchOperation(ctx, opCtx)
		writeResponse(w, media, http.StatusOK, responses(ctx), true)
		return
	}
	var key string
	var ticket respcache.Ticket
	if c.cache != nil {
		key = cacheKey(r, opCtx)
		ticket = c.cache.Begin()
		if e, ok := c.cache.Get(ctx, key); ok {
			age := e.Age(c.now())
			writeCacheable(w, r, media, e.Body, max(pol.MaxAge-age, 0), pol.MaxAge, get)
			return
		}
	}
	rec := &respcache.Recorder{}
	responses, rctx := exec.DispatchOperation(respcache.WithRecorder(ctx, rec), opCtx)
	resp := responses(rctx)
	body, err := json.Marshal(resp)
	if err != nil {
		writeResponse(w, media, http.StatusOK, resp, true)
		return
	}
	// Errors and partial answers are never kept, nor sent as cacheable.
	if len(resp.Errors) > 0 || len(resp.Extensions) > 0 {
		w.Header().Set("Cache-Control", "private, no-store")
		writeBody(w, media, http.StatusOK, body)
		return
	}
	if c.cache != nil {
		c.cache.Put(ctx, key, &respcache.Entry{Body: body, Tags: rec.Tags(), Stored: c.now(), MaxAge: pol.MaxAge}, ticket)
	}
	writeCacheable(w, r, media, body, pol.MaxAge, pol.MaxAge, get)
}

// cacheKey is what changes the answer to a PUBLIC operation without a
// viewer: the document, operation and variables, and the origin the
// request came to (media URLs are absolute against it).
func cacheKey(r *http.Request, opCtx *graphql.OperationContext) string {
	h := sha256.New()
	vars, _ := json.Marshal(opCtx.Variables) // map keys sorted: canonical
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	for _, part := range []string{opCtx.RawQuery, opCtx.OperationName, string(vars), scheme + "://" + r.Host} {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeCacheable writes a PUBLIC answer without a viewer: over GET with
// Cache-Control, a strong ETag, and 304 when the client has it; over POST
// (no HTTP cache keeps it) as private, no-store.
func writeCacheable(w http.ResponseWriter, r *http.Request, media string, body []byte, fresh, maxAge int, get bool) {
	if !get {
		w.Header().Set("Cache-Control", "private, no-store")
		writeBody(w, media, http.StatusOK, body)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(fresh)+", stale-while-revalidate="+strconv.Itoa(maxAge))
	h.Set("ETag", etag)
	// The answer depends on the media type asked for, and a request with
	// an access token must not be served it.
	h.Add("Vary", "Accept, Authorization")
	if matchETag(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, media, http.StatusOK, body)
}

// matchETag is If-None-Match's weak comparison (RFC 9110 13.1.2).
func matchETag(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		p := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if p == "*" || p == etag {
			return true
		}
	}
	return false
}

func writeBody(w http.ResponseWriter, media string, status int, body []byte) {
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
