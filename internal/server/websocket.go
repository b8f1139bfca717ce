package server

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/realtime"
)

// sockets tracks the open WebSocket connections: per account (bounded) and
// all of them (closed with a close frame at shutdown).
type sockets struct {
	mu      sync.Mutex
	perUser map[pulid.ID]int
	open    map[*realtime.Conn]pulid.ID
	closing bool
}

type socketKey struct{}

// closeTryAgainLater is RFC 6455's "try again later" (registered by IANA).
const closeTryAgainLater = 1013

// websocketInit authenticates a WebSocket connection from the
// connection_init payload, {"Authorization": "Bearer <access token>"} (no
// token: a guest), and applies the connection limits. A refusal closes the
// socket as its protocol says (realtime.Refuse): for graphql-transport-ws
// 4403 Forbidden, never 1000, after which npm's graphql-ws client would
// reconnect at once, forever. connection_ack carries no payload: nothing
// the client sent is echoed back.
func (s *Server) websocketInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	refuse := func(code int, reason, message string) (context.Context, *transport.InitPayload, error) {
		return realtime.Refuse(ctx, code, reason), nil, errors.New(message)
	}
	const badToken = "UNAUTHENTICATED: invalid or expired access token"
	if h := p.Authorization(); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return refuse(realtime.CloseForbidden, "Forbidden", "UNAUTHENTICATED: send Authorization: Bearer <access token>")
		}
		authed, err := s.accounts.Authenticate(ctx, strings.TrimSpace(token))
		if err != nil {
			return refuse(realtime.CloseForbidden, "Forbidden", badToken)
		}
		ctx = authed
	}
	var who pulid.ID
	v, err := account.CurrentViewer(ctx)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Unauthenticated { // the session ended
		return refuse(realtime.CloseForbidden, "Forbidden", badToken)
	}
	if err != nil {
		// Not the client's fault: 1013 (try again later) is retried by
		// clients, with backoff.
		s.log.Error("websocket init: load viewer", "error", err)
		return refuse(closeTryAgainLater, "Try Again Later", "the server could not check the session: try again later")
	}
	if v != nil {
		who = v.Customer.ID
	}
	conn := realtime.NewConn(ctx, s.cfg.MaxSubscriptionsConn)
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if s.ws.closing {
		return refuse(realtime.CloseGoingAway, "server shutting down: reconnect", "the server is shutting down")
	}
	if who != "" && s.ws.perUser[who] >= s.cfg.MaxConnectionsUser {
		return refuse(realtime.CloseForbidden, "Forbidden: too many connections for this account",
			"RATE_LIMITED: too many connections for this account")
	}
	if who != "" {
		s.ws.perUser[who]++
	}
	s.ws.open[conn] = who
	return context.WithValue(conn, socketKey{}, conn), nil, nil
}

// websocketClosed releases a connection's share of the limits.
func (s *Server) websocketClosed(ctx context.Context, _ int) {
	conn, ok := ctx.Value(socketKey{}).(*realtime.Conn)
	if !ok {
		return
	}
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	who, known := s.ws.open[conn]
	if !known {
		return
	}
	delete(s.ws.open, conn)
	if who != "" {
		if s.ws.perUser[who]--; s.ws.perUser[who] <= 0 {
			delete(s.ws.perUser, who)
		}
	}
}

// CloseWebSockets closes every WebSocket with a close frame (going away),
// telling clients why; http.Server.Shutdown does not close hijacked
// connections. Register it with RegisterOnShutdown.
func (s *Server) CloseWebSockets() {
	s.ws.mu.Lock()
	s.ws.closing = true
	conns := make([]*realtime.Conn, 0, len(s.ws.open))
	for c := range s.ws.open {
		conns = append(conns, c)
	}
	s.ws.mu.Unlock()
	for _, c := range conns {
		c.Close(realtime.CloseGoingAway, "server shutting down: reconnect")
	}
}
