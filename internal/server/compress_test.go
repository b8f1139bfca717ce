package server_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/wstest"
)

// raw is a client that leaves Content-Encoding alone (Go's transport would
// ask for gzip itself and decode it out of sight).
var raw = &http.Client{Transport: &http.Transport{DisableCompression: true}}

type wire struct {
	encoding string
	body     []byte // as sent
	json     []byte // decoded
	header   http.Header
}

// fetch posts a GraphQL query with Accept-Encoding ae ("" for none) and
// decodes the body by its Content-Encoding.
func fetch(t *testing.T, c *apitest.Client, query, ae string) wire {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if ae != "" {
		req.Header.Set("Accept-Encoding", ae)
	}
	resp, err := raw.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	w := wire{encoding: resp.Header.Get("Content-Encoding"), header: resp.Header}
	if w.body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	var r io.Reader = bytes.NewReader(w.body)
	switch w.encoding {
	case "":
	case "gzip":
		if r, err = gzip.NewReader(r); err != nil {
			t.Fatal(err)
		}
	case "br":
		r = brotli.NewReader(r)
	default:
		t.Fatalf("Content-Encoding %q", w.encoding)
	}
	if w.json, err = io.ReadAll(r); err != nil {
		t.Fatalf("decode %s: %v", w.encoding, err)
	}
	if resp.StatusCode != http.StatusOK || !json.Valid(w.json) {
		t.Fatalf("%d %s", resp.StatusCode, w.json)
	}
	return w
}

const listing = `{ products(first: 50) { totalCount edges { cursor node { id name slug description
	priceRange { min { amount currencyCode } max { amount currencyCode } }
	media { url alt } variants(first: 5) { edges { node { id sku title price { amount currencyCode } } } } } } } }`

func TestCompression(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.Seeded(t, st)

	identity := fetch(t, c, listing, "")
	var out struct {
		Data struct{ Products struct{ Edges []any } }
	}
	if err := json.Unmarshal(identity.json, &out); err != nil || len(out.Data.Products.Edges) != 50 {
		t.Fatalf("the listing has %d products (%v): %.300s", len(out.Data.Products.Edges), err, identity.json)
	}
	if identity.encoding != "" {
		t.Fatalf("compressed without Accept-Encoding: %s", identity.encoding)
	}
	if !hasToken(identity.header, "Vary", "Accept-Encoding") {
		t.Fatalf("Vary %q", identity.header.Values("Vary"))
	}
	sizes := map[string]int{"identity": len(identity.body)}
	for _, tc := range []struct{ ae, want string }{
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"}, // what browsers send: brotli preferred
		{"br;q=0.5, gzip", "gzip"},        // q-values first
		{"gzip;q=0.8, br;q=0.9", "br"},
		{"br;q=0, gzip;q=0", ""},
		{"identity", ""},
		{"deflate", ""},
	} {
		w := fetch(t, c, listing, tc.ae)
		if w.encoding != tc.want {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.ae, w.encoding, tc.want)
		}
		if !bytes.Equal(w.json, identity.json) {
			t.Fatalf("Accept-Encoding %q: decodes to other JSON", tc.ae)
		}
		if !hasToken(w.header, "Vary", "Accept-Encoding") {
			t.Fatalf("Accept-Encoding %q: Vary %q", tc.ae, w.header.Values("Vary"))
		}
		if tc.want != "" {
			if len(w.body) >= len(identity.body) {
				t.Fatalf("%s: %d bytes, identity %d", tc.want, len(w.body), len(identity.body))
			}
			sizes[tc.ae] = len(w.body)
		}
	}
	t.Logf("products(first: 50) on the wire: identity %d bytes, gzip %d, br %d", sizes["identity"], sizes["gzip"], sizes["br"])

	// Below the minimum size nothing is compressed.
	tiny := fetch(t, c, `{ __typename }`, "br, gzip")
	if tiny.encoding != "" || len(tiny.body) >= 1024 {
		t.Fatalf("tiny response: %q, %d bytes", tiny.encoding, len(tiny.body))
	}
	// Other responses are compressed too (the playground page).
	req, _ := http.NewRequest(http.MethodGet, c.URL+"/", nil)
	req.Header.Set("Accept-Encoding", "br")
	resp, err := raw.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(brotli.NewReader(resp.Body))
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "br" || !strings.Contains(string(page), "<html") {
		t.Fatalf("playground: %q %.100s", resp.Header.Get("Content-Encoding"), page)
	}
}

// guestOrder writes an order of a guest straight to the store: a
// subscription to follow.
func guestOrder(t *testing.T, st *testdb.Store) *ent.Order {
	t.Helper()
	return st.Client.Order.Create().SetNumber(500001).SetEmail("guest@example.com").SetCartID("crt_stream").
		SetIdempotencyKey("stream-test").SetCurrency("EUR").SetSubtotal(1000).SetTotal(1000).SaveX(context.Background())
}

// waitSubscribers waits until the hub holds n subscriptions (subscribing
// happens after the stream opened).
func waitSubscribers(t *testing.T, c *apitest.Client, n int) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for c.Server.Hub().Count() < n {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d subscriptions, want %d", c.Server.Hub().Count(), n)
		}
	}
}

// markedPaid publishes the order's change to this instance's subscribers, as
// the outbox dispatcher does after a commit.
func markedPaid(c *apitest.Client, o *ent.Order, n int) {
	c.Server.Hub().Deliver(pubsub.Message{ID: fmt.Sprintf("evt-stream-%d", n), Type: orders.EventMarkedPaid, OrderID: string(o.ID), At: time.Now()})
}

func TestSSEIsNotCompressed(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st)
	o := guestOrder(t, st)
	// The subscription's payload is padded past the minimum size with
	// aliases, so that only the event-stream rule keeps it uncompressed.
	var fields strings.Builder
	for i := range 60 {
		fmt.Fprintf(&fields, " e%d: email", i)
	}
	body, _ := json.Marshal(map[string]any{
		"query":     `subscription($id: ID!) { orderUpdated(orderId: $id, email: "guest@example.com") { order { id` + fields.String() + ` } } }`,
		"variables": map[string]any{"id": o.ID}})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Accept-Encoding", "br, gzip")
	req.Header.Set("Origin", "http://localhost:3000")
	resp, err := raw.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	// The headers arrived while the stream is open: nothing held them back.
	// Each event arrives as it is published, before the stream ends.
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	waitSubscribers(t, c, 1)
	for n := 1; n <= 2; n++ {
		markedPaid(c, o, n)
		for {
			if !sc.Scan() {
				t.Fatalf("stream ended before event %d: %v", n, sc.Err())
			}
			line := sc.Text()
			if !strings.HasPrefix(line, "data:") {
				continue
			}
			var p struct {
				Data struct {
					OrderUpdated struct {
						Order map[string]any `json:"order"`
					} `json:"orderUpdated"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data:")), &p); err != nil {
				t.Fatalf("event %d %q: %v", n, line, err)
			}
			if p.Data.OrderUpdated.Order["id"] != string(o.ID) || p.Data.OrderUpdated.Order["e59"] != "guest@example.com" || len(line) < 1024 {
				t.Fatalf("event %d: %.200s", n, line)
			}
			break
		}
	}
}

func TestWebSocketWithAcceptEncoding(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	c := apitest.New(t, st)
	o := guestOrder(t, st)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i, protocol := range []string{wstest.TransportWS, wstest.LegacyWS} {
		h := http.Header{"Accept-Encoding": {"br, gzip"}, "Origin": {"http://localhost:5173"}}
		ws, err := wstest.DialHeader(ctx, c.URL+"/graphql", protocol, nil, h)
		if err != nil {
			t.Fatalf("%s: %v", protocol, err)
		}
		if err := ws.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id, email: "guest@example.com") { order { id email } } }`,
			map[string]any{"id": o.ID}); err != nil {
			t.Fatal(err)
		}
		waitSubscribers(t, c, 1)
		markedPaid(c, o, 10+i)
		m, err := ws.Next(ctx)
		if err != nil {
			t.Fatalf("%s: %v", protocol, err)
		}
		if d := m.Data(); d == nil || d["orderUpdated"].(map[string]any)["order"].(map[string]any)["id"] != string(o.ID) {
			t.Fatalf("%s: %s %s", protocol, m.Type, m.Payload)
		}
		_ = ws.Close()
		waitSubscribers0(t, c)
	}
}

// waitSubscribers0 waits until every subscription has ended.
func waitSubscribers0(t *testing.T, c *apitest.Client) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for c.Server.Hub().Count() > 0 {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d subscriptions left", c.Server.Hub().Count())
		}
	}
}
