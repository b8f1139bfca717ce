package realtime

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/comptoir/comptoir/internal/apperr"
)

// Conn is one WebSocket connection's share of the limits: how many
// subscriptions it runs, and how to close it with a reason (a subscriber
// too slow, the server shutting down).
type Conn struct {
	context.Context
	cancel context.CancelFunc
	max    int
	active atomic.Int32
	reason atomic.Pointer[context.Context]
	once   sync.Once
}

type connKey struct{}

// NewConn wraps a connection's context. gqlgen closes the WebSocket when
// this context ends, sending the reason given to Close (as a
// connection_error) before a normal close frame.
func NewConn(parent context.Context, maxSubscriptions int) *Conn {
	ctx, cancel := context.WithCancel(parent)
	c := &Conn{cancel: cancel, max: maxSubscriptions}
	c.Context = context.WithValue(ctx, connKey{}, c)
	return c
}

// Value lets gqlgen read the close reason set by Close.
func (c *Conn) Value(key any) any {
	if r := c.reason.Load(); r != nil {
		if v := (*r).Value(key); v != nil {
			return v
		}
	}
	return c.Context.Value(key)
}

// Close codes sent with the reasons.
const (
	CloseGoingAway  = 1001 // the server shuts down
	CloseTooSlow    = 4008 // the subscriber fell behind
	closeReasonSize = 123  // RFC 6455: a close frame's reason is at most 123 bytes
)

// Close ends the connection with a code and a reason: the close frame
// carries them (see WithCloseFrame), and legacy graphql-ws clients also get
// the reason as connection_error.
func (c *Conn) Close(code int, reason string) {
	c.once.Do(func() {
		reason = fitReason(reason)
		if f, ok := c.Context.Value(frameKey{}).(*closeFrame); ok {
			f.mu.Lock()
			f.code, f.reason = code, reason
			f.mu.Unlock()
		}
		r := transport.AppendCloseReason(context.Background(), reason)
		c.reason.Store(&r)
		c.cancel()
	})
}

// fitReason cuts a close reason to what a close frame carries, on a rune
// boundary (a cut rune would make the frame invalid UTF-8).
func fitReason(reason string) string {
	if len(reason) <= closeReasonSize {
		return reason
	}
	cut := closeReasonSize
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut]
}

// closeFrame is one WebSocket request's state shared by gqlgen's hooks and
// the socket: the protocol negotiated, and the close code and reason
// Conn.Close chose.
type closeFrame struct {
	mu       sync.Mutex
	protocol string
	code     int
	reason   string
}

type frameKey struct{}

// WithCloseFrame prepares a WebSocket request's context to carry the close
// code and reason that Conn.Close sets, for Implementation to send, and the
// protocol Refuse closes by.
func WithCloseFrame(ctx context.Context) context.Context {
	return context.WithValue(ctx, frameKey{}, &closeFrame{})
}

// Refuse returns the context an InitFunc returns with its error, so that
// gqlgen closes the refused connection_init as its protocol says:
// graphql-transport-ws with code and reason (CloseForbidden for a bad
// token: the reference client then retries with backoff, a bounded number
// of times); the legacy graphql-ws with 1011 after gqlgen's
// connection_error, as its reference server (subscriptions-transport-ws)
// does. Codes below 4000 (CloseGoingAway) are kept for both.
func Refuse(ctx context.Context, code int, reason string) context.Context {
	if f, ok := ctx.Value(frameKey{}).(*closeFrame); ok && code >= 4000 {
		f.mu.Lock()
		legacy := f.protocol != TransportWS
		f.mu.Unlock()
		if legacy {
			code = closeLegacyError
		}
	}
	return transport.WithWebsocketCloseCode(transport.AppendCloseReason(ctx, fitReason(reason)), code)
}

// Implementation wraps a gqlgen WebSocket implementation so that the close
// frame says why the server closed (gqlgen itself always sends 1000
// "terminated" when a connection's context ends), and so that
// graphql-transport-ws is spoken by its rules (see socket).
type Implementation struct {
	transport.WebsocketImplementation
}

// Accept implements transport.WebsocketImplementation.
func (i Implementation) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := i.WebsocketImplementation.Accept(w, r, o)
	if err != nil {
		return conn, err
	}
	f, _ := r.Context().Value(frameKey{}).(*closeFrame)
	if f != nil {
		f.mu.Lock()
		f.protocol = conn.Subprotocol()
		f.mu.Unlock()
	}
	return &socket{WebsocketConn: conn, frame: f, strict: conn.Subprotocol() == TransportWS, ops: map[string]struct{}{}}, nil
}

func connOf(ctx context.Context) *Conn {
	c, _ := ctx.Value(connKey{}).(*Conn)
	return c
}

// acquire counts a new subscription on the connection of ctx (none for
// SSE), refusing one beyond the limit.
func acquire(ctx context.Context) (release func(), err error) {
	c := connOf(ctx)
	if c == nil {
		return func() {}, nil
	}
	if int(c.active.Add(1)) > c.max {
		c.active.Add(-1)
		return nil, apperr.New(apperr.RateLimited, "at most %d subscriptions per connection", c.max)
	}
	return func() { c.active.Add(-1) }, nil
}

// drop closes the subscriber's connection (or, for SSE, just its stream).
func drop(ctx context.Context) {
	if c := connOf(ctx); c != nil {
		c.Close(CloseTooSlow, "subscriber too slow: dropped")
	}
}
