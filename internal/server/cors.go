package server

import (
	"net/http"
	"strings"

	"github.com/rs/cors"
)

// preflightMaxAge is how long browsers may cache a preflight answer
// (Chromium caps it at 2 hours, Firefox at 24).
const preflightMaxAge = 600 // seconds

// allowedHeaders are the request headers browsers may send cross-origin:
// the bearer token, JSON bodies, what GraphQL clients add (Apollo's CSRF
// header and client awareness, SSE's Accept) and a request id to correlate
// logs.
var allowedHeaders = []string{
	"Accept", "Authorization", "Content-Type",
	"Apollo-Require-Preflight", "X-Apollo-Operation-Name", "Apollographql-Client-Name", "Apollographql-Client-Version",
	"X-Request-Id",
}

// cors answers browsers on other origins by the allow-list of
// COMPTOIR_CORS_ORIGINS (rs/cors does the protocol; origin.List decides,
// the one rule also used for WebSocket and SSE below). An origin that is not
// allowed gets no Access-Control-Allow-Origin, so its page cannot read the
// answer. Credentials (cookies) are not allowed: the API authenticates with
// bearer tokens, which a page sends explicitly.
//
// A WebSocket upgrade or an SSE stream from an origin that is not allowed is
// refused with 403 before it starts: browsers do not apply CORS to
// WebSockets, and a stream would keep a connection (and a subscription) for
// nothing.
func (s *Server) cors(next http.Handler) http.Handler {
	allowed := s.cfg.CORSOrigins.Permits
	c := cors.New(cors.Options{
		AllowOriginVaryRequestFunc: func(r *http.Request, _ string) (bool, []string) { return allowed(r), nil },
		AllowedMethods:             []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:             allowedHeaders,
		ExposedHeaders:             []string{"X-Request-Id"},
		MaxAge:                     preflightMaxAge,
		AllowCredentials:           false,
	})
	return c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) && !allowed(r) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"errors":[{"message":"origin not allowed","extensions":{"code":"FORBIDDEN"}}]}`))
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// isStream reports whether a request asks for a long-lived response: a
// WebSocket upgrade or Server-Sent Events (gqlgen picks its transports by
// the same headers).
func isStream(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}
