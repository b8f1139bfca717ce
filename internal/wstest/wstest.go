// Package wstest is a GraphQL-over-WebSocket client for tests: it speaks
// graphql-transport-ws (and the legacy graphql-ws) over a real WebSocket,
// as a storefront's client library would.
package wstest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// Protocols.
const (
	TransportWS = "graphql-transport-ws"
	LegacyWS    = "graphql-ws"
)

// Message is a protocol message.
type Message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Client is one connection.
type Client struct {
	Conn     *websocket.Conn
	protocol string
}

// Dial connects to a GraphQL endpoint (http:// or ws:// URL) and completes
// connection_init with the payload (e.g. {"Authorization": "Bearer …"}).
// A refused init is an error carrying the close reason.
func Dial(ctx context.Context, url, protocol string, init map[string]any) (*Client, error) {
	return DialHeader(ctx, url, protocol, init, http.Header{})
}

// DialHeader is Dial with headers on the upgrade request (a browser's
// Origin, say). A refused upgrade is an error holding the HTTP response.
func DialHeader(ctx context.Context, url, protocol string, init map[string]any, header http.Header) (*Client, error) {
	url = strings.Replace(strings.Replace(url, "https://", "wss://", 1), "http://", "ws://", 1)
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{protocol}, HTTPHeader: header})
	if err != nil {
		if resp != nil {
			return nil, &UpgradeError{Status: resp.StatusCode, Header: resp.Header, Err: err}
		}
		return nil, err
	}
	conn.SetReadLimit(1 << 20)
	c := &Client{Conn: conn, protocol: protocol}
	payload, _ := json.Marshal(init)
	if err := wsjson.Write(ctx, conn, Message{Type: "connection_init", Payload: payload}); err != nil {
		return nil, err
	}
	for {
		m, err := c.read(ctx)
		if err != nil {
			return nil, err
		}
		switch m.Type {
		case "connection_ack":
			return c, nil
		case "ka":
			continue
		default:
			return nil, fmt.Errorf("connection_init answered %s %s", m.Type, m.Payload)
		}
	}
}

// UpgradeError is a WebSocket upgrade the server answered with another
// status than 101.
type UpgradeError struct {
	Status int
	Header http.Header
	Err    error
}

func (e *UpgradeError) Error() string {
	return fmt.Sprintf("upgrade refused with %d: %v", e.Status, e.Err)
}
func (e *UpgradeError) Unwrap() error { return e.Err }

func (c *Client) read(ctx context.Context) (Message, error) {
	var m Message
	err := wsjson.Read(ctx, c.Conn, &m)
	return m, err
}

// Subscribe starts an operation under id.
func (c *Client) Subscribe(ctx context.Context, id, query string, vars map[string]any) error {
	typ := "subscribe"
	if c.protocol == LegacyWS {
		typ = "start"
	}
	payload, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return wsjson.Write(ctx, c.Conn, Message{ID: id, Type: typ, Payload: payload})
}

// Next returns the next message about operations (next/data, error,
// complete), answering pings on the way.
func (c *Client) Next(ctx context.Context) (Message, error) {
	for {
		m, err := c.read(ctx)
		if err != nil {
			return m, err
		}
		switch m.Type {
		case "ping":
			if err := wsjson.Write(ctx, c.Conn, Message{Type: "pong"}); err != nil {
				return m, err
			}
		case "pong", "ka":
		default:
			return m, nil
		}
	}
}

// Data is the data of a next/data message.
func (m Message) Data() map[string]any {
	var p struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(m.Payload, &p)
	return p.Data
}

// ErrorCode is extensions.code of an error message (or of the first error
// of a next message).
func (m Message) ErrorCode() string {
	var list []struct {
		Extensions map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(m.Payload, &list); err != nil || len(list) == 0 {
		var one struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if json.Unmarshal(m.Payload, &one) != nil || len(one.Errors) == 0 {
			return ""
		}
		list = one.Errors
	}
	s, _ := list[0].Extensions["code"].(string)
	return s
}

// Close closes the connection normally.
func (c *Client) Close() error { return c.Conn.Close(websocket.StatusNormalClosure, "bye") }
