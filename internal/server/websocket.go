package server

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
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

// websocketInit authenticates a WebSocket connection from the
// connection_init payload, {"Authorization": "Bearer <access token>"} (no
// token: a guest), and applies the connection limits.
func (s *Server) websocketInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if h := p.Authorization(); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return ctx, nil, errors.New("UNAUTHENTICATED: send Authorization: Bearer <access token>")
		}
		var err error
		if ctx, err = s.accounts.Authenticate(ctx, strings.TrimSpace(token)); err != nil {
			return ctx, nil, errors.New("UNAUTHENTICATED: invalid or expired access token")
		}
	}
	var who pulid.ID
	if v, _ := account.CurrentViewer(ctx); v != nil {
		who = v.Customer.ID
	}
	conn := realtime.NewConn(ctx, s.cfg.MaxSubscriptionsConn)
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if s.ws.closing {
		return ctx, nil, errors.New("the server is shutting down")
	}
	if who != "" && s.ws.perUser[who] >= s.cfg.MaxConnectionsUser {
		return ctx, nil, errors.New("RATE_LIMITED: too many connections for this account")
	}
	if who != "" {
		s.ws.perUser[who]++
	}
	s.ws.open[conn] = who
	return context.WithValue(conn, socketKey{}, conn), &p, nil
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
