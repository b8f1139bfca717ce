package realtime

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

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
	closeReasonSize = 120  // close frames carry at most 123 bytes of reason
)

// Close ends the connection with a code and a reason: the close frame
// carries them (see WithCloseFrame), and legacy graphql-ws clients also get
// the reason as connection_error.
func (c *Conn) Close(code int, reason string) {
	c.once.Do(func() {
		if len(reason) > closeReasonSize {
			reason = reason[:closeReasonSize]
		}
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

// closeFrame is the close code and reason a connection should end with.
type closeFrame struct {
	mu     sync.Mutex
	code   int
	reason string
}

type frameKey struct{}

// WithCloseFrame prepares a WebSocket request's context to carry the close
// code and reason that Conn.Close sets, for Implementation to send.
func WithCloseFrame(ctx context.Context) context.Context {
	return context.WithValue(ctx, frameKey{}, &closeFrame{})
}

// Implementation wraps a gqlgen WebSocket implementation so that the close
// frame says why the server closed (gqlgen itself always sends 1000
// "terminated" when a connection's context ends).
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
	return &framedConn{WebsocketConn: conn, frame: f}, nil
}

type framedConn struct {
	transport.WebsocketConn
	frame *closeFrame
}

// WriteClose sends the reason set by Conn.Close, if any.
func (c *framedConn) WriteClose(code int, message string) error {
	if c.frame != nil {
		c.frame.mu.Lock()
		if c.frame.code != 0 {
			code, message = c.frame.code, c.frame.reason
		}
		c.frame.mu.Unlock()
	}
	return c.WebsocketConn.WriteClose(code, message)
}

// SetReadLimit keeps the wrapped connection's read limit.
func (c *framedConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

// SetReadDeadline keeps the wrapped connection's read deadline (pong checks).
func (c *framedConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
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
