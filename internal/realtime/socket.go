package realtime

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// The WebSocket subprotocols gqlgen negotiates.
const (
	TransportWS = "graphql-transport-ws" // github.com/enisdenjo/graphql-ws PROTOCOL.md
	LegacyWS    = "graphql-ws"           // apollographql/subscriptions-transport-ws
)

// graphql-transport-ws close codes (PROTOCOL.md). The reference client
// (npm graphql-ws) gives up at once on 4400, 4401, 4409 and 4429; it
// retries 4403 and 4408 with backoff, a bounded number of times. It
// reconnects at once, without counting, after 1000 while it has
// subscriptions: a refusal must never be 1000.
const (
	CloseBadRequest       = 4400 // a message the protocol does not allow
	CloseUnauthorized     = 4401 // subscribe before connection_ack
	CloseForbidden        = 4403 // connection_init refused
	CloseInitTimeout      = 4408 // no connection_init in time
	CloseSubscriberExists = 4409 // subscribe with the id of a running operation
	CloseTooManyInits     = 4429 // a second connection_init
	closeLegacyError      = 1011 // subscriptions-transport-ws closes its errors with 1011
)

// socket is one accepted WebSocket as gqlgen's transport sees it. It sends
// the close frame Conn.Close chose and, for graphql-transport-ws, enforces
// the protocol's rules that gqlgen does not (as of v0.17.95 gqlgen closes
// every violation with 1002, 1000 or not at all, and lets a duplicate id
// replace a running operation): it reads each client message before gqlgen
// does and closes with the code PROTOCOL.md names. gqlgen has no hook for
// any of this, so it is done on the connection it reads and writes.
type socket struct {
	transport.WebsocketConn
	frame  *closeFrame
	strict bool // graphql-transport-ws: its rules are enforced here

	mu      sync.Mutex
	closing bool                // a close frame was sent: later ones are not
	started bool                // gqlgen got its first message (graphql-transport-ws: connection_init)
	broken  bool                // reading failed: the peer is gone or closed
	ops     map[string]struct{} // operations started and not yet ended (graphql-transport-ws)
}

// NextReader returns the next client message for gqlgen. For
// graphql-transport-ws it first checks it (see admit), closing the socket
// and returning transport.ErrWebsocketClosed on a violation, and answers a
// ping sent before connection_init itself (gqlgen expects connection_init
// first; the protocol allows a ping at any time).
func (c *socket) NextReader() (int, io.Reader, error) {
	for {
		typ, r, err := c.WebsocketConn.NextReader()
		if err != nil {
			c.mu.Lock()
			c.broken = true
			c.mu.Unlock()
			return typ, r, err
		}
		if !c.strict {
			c.setStarted()
			return typ, r, nil
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return typ, nil, err
		}
		pass, code, reason := c.admit(data)
		if code != 0 {
			_ = c.closeWith(code, reason)
			return typ, nil, transport.ErrWebsocketClosed
		}
		if pass {
			return typ, bytes.NewReader(data), nil
		}
	}
}

// admit applies PROTOCOL.md to a client message: pass it to gqlgen, handle
// it here (pass false, code 0), or close with code and reason. gqlgen reads
// nothing while it runs InitFunc, so a message read after connection_init
// was passed on is read after connection_ack (or after the refusal closed
// the socket).
func (c *socket) admit(data []byte) (pass bool, code int, reason string) {
	var m struct {
		Type    any             `json:"type"`
		ID      any             `json:"id"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return false, CloseBadRequest, "Invalid message received: not a JSON object"
	}
	typ, _ := m.Type.(string)
	id, _ := m.ID.(string)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch typ {
	case "connection_init":
		if !objectOrNull(m.Payload) {
			return false, CloseBadRequest, "Invalid message received: connection_init payload must be an object"
		}
		if c.started {
			return false, CloseTooManyInits, "Too many initialisation requests"
		}
		c.started = true
		return true, 0, ""
	case "ping", "pong":
		if !objectOrNull(m.Payload) {
			return false, CloseBadRequest, "Invalid message received: " + typ + " payload must be an object"
		}
		if !c.started {
			if typ == "ping" {
				pong := map[string]any{"type": "pong"}
				if len(m.Payload) > 0 {
					pong["payload"] = m.Payload
				}
				_ = c.WebsocketConn.WriteJSON(pong)
			}
			return false, 0, ""
		}
		return true, 0, ""
	case "subscribe":
		if id == "" || !object(m.Payload) {
			return false, CloseBadRequest, "Invalid message received: subscribe needs an id and a payload object"
		}
		if !c.started {
			return false, CloseUnauthorized, "Unauthorized"
		}
		if _, running := c.ops[id]; running {
			return false, CloseSubscriberExists, "Subscriber for " + id + " already exists"
		}
		c.ops[id] = struct{}{}
		return true, 0, ""
	case "complete":
		if id == "" {
			return false, CloseBadRequest, "Invalid message received: complete needs an id"
		}
		if !c.started {
			return false, 0, "" // an unknown id may be ignored
		}
		delete(c.ops, id)
		return true, 0, ""
	default: // unknown, or a server-to-client type
		return false, CloseBadRequest, "Invalid message received: unexpected type"
	}
}

func object(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

func objectOrNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || bytes.Equal(raw, []byte("null")) || raw[0] == '{'
}

func (c *socket) setStarted() {
	c.mu.Lock()
	c.started = true
	c.mu.Unlock()
}

// WriteJSON sends a server message. For graphql-transport-ws it forgets an
// operation when its complete or error is sent, before sending it: the
// client may reuse the id as soon as it reads it.
func (c *socket) WriteJSON(v any) error {
	if !c.strict {
		return c.WebsocketConn.WriteJSON(v)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var m struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if json.Unmarshal(data, &m) == nil && (m.Type == "complete" || m.Type == "error") {
		c.mu.Lock()
		delete(c.ops, m.ID)
		c.mu.Unlock()
	}
	return c.WebsocketConn.WriteJSON(json.RawMessage(data))
}

// WriteClose sends the close frame: the reason set by Conn.Close if any;
// otherwise gqlgen's own, except that gqlgen's connection_init timeout
// (1002, the only close it makes before its first message, the socket
// being intact) becomes 4408 for graphql-transport-ws and, for the legacy
// graphql-ws, a connection_error then 1011. Only the first close is sent.
func (c *socket) WriteClose(code int, reason string) error {
	if c.frame != nil {
		c.frame.mu.Lock()
		if c.frame.code != 0 {
			code, reason = c.frame.code, c.frame.reason
		}
		c.frame.mu.Unlock()
	}
	c.mu.Lock()
	timeout := code == transport.WebsocketCloseProtocolError && !c.started && !c.broken
	c.mu.Unlock()
	if timeout {
		code, reason = CloseInitTimeout, "Connection initialisation timeout"
		if !c.strict {
			code = closeLegacyError
			_ = c.WebsocketConn.WriteJSON(map[string]any{"type": "connection_error", "payload": map[string]string{"message": reason}})
		}
	}
	return c.closeWith(code, reason)
}

func (c *socket) closeWith(code int, reason string) error {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return nil
	}
	c.closing = true
	c.mu.Unlock()
	return c.WebsocketConn.WriteClose(code, fitReason(reason))
}

// SetReadLimit keeps the wrapped connection's read limit.
func (c *socket) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

// SetReadDeadline keeps the wrapped connection's read deadline (pong checks).
func (c *socket) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}
