package server

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/realtime"
)

// sockets tracks the open real-time connections, WebSockets and SSE
// subscription streams alike: per account (bounded by
// COMPTOIR_MAX_CONNECTIONS_PER_USER, whatever the transport) and all of
// them (closed at shutdown).
type sockets struct {
	mu      sync.Mutex
	perUser map[pulid.ID]int
	open    map[*realtime.Conn]pulid.ID
	closing bool
	// gone is closed at shutdown: refusals being held (holdRefusal) end then.
	gone chan struct{}
	// held counts refusals being held, bounded by maxHeldRefusals.
	held int
}

// maxHeldRefusals bounds the sockets held by holdRefusal at once: beyond
// it a refusal is answered at once, so the delay cannot be used to pile up
// connections.
const maxHeldRefusals = 512

// holdRefusal waits cfg.WSRefusalDelay before a bad token's connection_init
// is refused, or less when the client hangs up or the server shuts down.
// npm's graphql-ws client retries 4403 ("might grant access after retry")
// after 1.3 to 4 s, up to 5 times: answered at once, a client holding a
// dead token would connect twice or three times in 5 s, and a client
// configured to retry without waiting would hammer the server. Held 4 s,
// it connects at most once in 5 s, and a token guesser gets one try per
// delay and connection.
func (s *Server) holdRefusal(ctx context.Context) {
	d := s.cfg.WSRefusalDelay
	if d <= 0 {
		return
	}
	s.ws.mu.Lock()
	if s.ws.held >= maxHeldRefusals {
		s.ws.mu.Unlock()
		return
	}
	s.ws.held++
	s.ws.mu.Unlock()
	defer func() {
		s.ws.mu.Lock()
		s.ws.held--
		s.ws.mu.Unlock()
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.ws.gone:
	}
}

// Why admit refuses a connection.
var (
	errShuttingDown = errors.New("the server is shutting down")
	errTooMany      = errors.New("RATE_LIMITED: too many connections for this account")
)

// admit counts a connection of who ("" for a guest, not counted per
// account), refusing it beyond the account's limit or once shutdown began.
func (s *Server) admit(conn *realtime.Conn, who pulid.ID) error {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if s.ws.closing {
		return errShuttingDown
	}
	if who != "" && s.ws.perUser[who] >= s.cfg.MaxConnectionsUser {
		return errTooMany
	}
	if who != "" {
		s.ws.perUser[who]++
	}
	s.ws.open[conn] = who
	return nil
}

// release gives back an admitted connection's share of the limits.
func (s *Server) release(conn *realtime.Conn) {
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
	// A refused credential is held before it is answered (holdRefusal).
	refuseCredential := func(message string) (context.Context, *transport.InitPayload, error) {
		s.holdRefusal(ctx)
		return refuse(realtime.CloseForbidden, "Forbidden", message)
	}
	if h := p.Authorization(); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return refuseCredential("UNAUTHENTICATED: send Authorization: Bearer <access token>")
		}
		authed, err := s.accounts.Authenticate(ctx, strings.TrimSpace(token))
		if err != nil {
			return refuseCredential(badToken)
		}
		ctx = authed
	}
	var who pulid.ID
	v, err := account.CurrentViewer(ctx)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Unauthenticated { // the session ended
		return refuseCredential(badToken)
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
	switch err := s.admit(conn, who); {
	case errors.Is(err, errShuttingDown):
		return refuse(realtime.CloseGoingAway, "server shutting down: reconnect", err.Error())
	case err != nil:
		return refuse(realtime.CloseForbidden, "Forbidden: too many connections for this account", err.Error())
	}
	return context.WithValue(conn, socketKey{}, conn), nil, nil
}

// websocketClosed releases a connection's share of the limits.
func (s *Server) websocketClosed(ctx context.Context, _ int) {
	if conn, ok := ctx.Value(socketKey{}).(*realtime.Conn); ok {
		s.release(conn)
	}
}

// CloseStreams ends every real-time connection: WebSockets with a close
// frame (going away) telling clients why, SSE streams by ending them
// without their "complete" event, so that clients reconnect.
// http.Server.Shutdown neither closes hijacked connections nor ends
// requests still streaming: register it with RegisterOnShutdown. New
// connections are refused from then on.
func (s *Server) CloseStreams() {
	s.ws.mu.Lock()
	if !s.ws.closing {
		close(s.ws.gone)
	}
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
