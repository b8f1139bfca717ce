package realtime

import (
	"context"
	"sync"
	"sync/atomic"

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

// Close ends the connection with a reason.
func (c *Conn) Close(reason string) {
	c.once.Do(func() {
		r := transport.AppendCloseReason(context.Background(), reason)
		c.reason.Store(&r)
		c.cancel()
	})
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
		c.Close("subscriber too slow: dropped (read updates faster or subscribe to fewer)")
	}
}
