package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/comptoir/comptoir/internal/account"
)

// authenticate reads `Authorization: Bearer <access token>`. No header means
// an anonymous request; a header with anything wrong in it is refused with
// 401 and UNAUTHENTICATED, and nothing more is said. The session behind a
// valid token is only looked up when a resolver needs the viewer.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		ctx := account.WithClientInfo(r.Context(), account.ClientInfo{IP: ip, UserAgent: r.UserAgent()})
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			unauthenticated(w)
			return
		}
		ctx, err = s.accounts.Authenticate(ctx, strings.TrimSpace(token))
		if err != nil {
			unauthenticated(w)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func unauthenticated(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(`{"errors":[{"message":"invalid or expired access token","extensions":{"code":"UNAUTHENTICATED"}}]}`))
}
