package resolvers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/internal/wstest"
)

func dialAs(t *testing.T, w *world, actor, protocol string) *wstest.Client {
	t.Helper()
	ctx := waitfor.Context(t)
	init := map[string]any{}
	if tok := w.tokens[actor]; tok != "" {
		init["Authorization"] = "Bearer " + tok
	}
	c, err := wstest.Dial(ctx, w.c.URL+"/graphql", protocol, init)
	if err != nil {
		t.Fatalf("dial as %s: %v", actor, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// until waits for a message whose data at path equals want, skipping
// earlier updates (an order's PLACED event may be published after the
// subscription started).
func until(t *testing.T, c *wstest.Client, path, want string) wstest.Message {
	t.Helper()
	ctx := waitfor.Context(t)
	for {
		m, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for %s = %s: %v", path, want, err)
		}
		if str(m.Data(), path) == want || m.Data() == nil {
			return m
		}
	}
}

// next waits for the next message of a subscription.
func next(t *testing.T, c *wstest.Client) wstest.Message {
	t.Helper()
	m, err := c.Next(waitfor.Context(t))
	if err != nil {
		t.Fatalf("waiting for an update: %v", err)
	}
	return m
}

// manualOrder places a manual-payment order of the customer and returns
// its id and first line.
func manualOrder(t *testing.T, w *world, s shop, v string, n int) (string, string) {
	t.Helper()
	c := readyCart(t, w, "customer", v, 1, s)
	d := checkoutAs(t, w, "customer", c, key("sub", n), "manual", "")
	id := str(d, "checkoutComplete.order.id")
	d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { lines(first: 1) { edges { node { id } } } } }`, map[string]any{"id": id})
	return id, str(d, "order.lines.edges.0.node.id")
}

func TestSubscriptionsOverWebSocket(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		orderID, lineID := manualOrder(t, w, s, v, 1)
		ctx := context.Background()

		// Strangers are refused before anything is streamed.
		for actor, want := range map[string]string{"stranger": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"} {
			c := dialAs(t, w, actor, wstest.TransportWS)
			if err := c.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id) { order { id status } } }`, map[string]any{"id": orderID}); err != nil {
				t.Fatal(err)
			}
			// gqlgen answers a refused subscription with its error, then complete.
			if m := next(t, c); m.ErrorCode() != want || m.Data() != nil {
				t.Fatalf("%s subscribes: %s %s", actor, m.Type, m.Payload)
			}
			if m := next(t, c); m.Type != "complete" {
				t.Fatalf("%s: then %s", actor, m.Type)
			}
		}
		// The email opens guest orders only: this one is a customer's.
		c := dialAs(t, w, "anonymous", wstest.TransportWS)
		if err := c.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id, email: "buyer@example.com") { order { id } } }`, map[string]any{"id": orderID}); err != nil {
			t.Fatal(err)
		}
		if m := next(t, c); m.ErrorCode() != "NOT_FOUND" {
			t.Fatalf("guest with the email: %s %s", m.Type, m.Payload)
		}
		// A bad token in connection_init is refused.
		if _, err := wstest.Dial(ctx, w.c.URL+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer nope"}); err == nil {
			t.Fatal("a bad token was accepted")
		}

		buyer := dialAs(t, w, "customer", wstest.TransportWS)
		if err := buyer.Subscribe(ctx, "o", `subscription($id: ID!) { orderUpdated(orderId: $id) { event { id type occurredAt } order { id status paymentStatus } } }`, map[string]any{"id": orderID}); err != nil {
			t.Fatal(err)
		}
		ships := dialAs(t, w, "customer", wstest.LegacyWS) // the legacy protocol too
		if err := ships.Subscribe(ctx, "s", `subscription($id: ID!) { shipmentUpdated(orderId: $id) { event { id type } fulfillment { id status trackingEvents { status } } } }`, map[string]any{"id": orderID}); err != nil {
			t.Fatal(err)
		}
		seller := dialAs(t, w, "owner", wstest.TransportWS)
		if err := seller.Subscribe(ctx, "x", `subscription { sellerOrderUpdates { event { id type } order { id status } } }`, nil); err != nil {
			t.Fatal(err)
		}
		mine := dialAs(t, w, "customer", wstest.TransportWS)
		if err := mine.Subscribe(ctx, "m", `subscription { myOrderUpdates { event { id type } order { id status } } }`, nil); err != nil {
			t.Fatal(err)
		}
		waitSubscribers(t, w, 4)

		d, e := gql(t, w, "admin", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
		mustOK(t, d, e, "orderMarkPaid")
		for name, c := range map[string]*wstest.Client{"orderUpdated": buyer, "sellerOrderUpdates": seller, "myOrderUpdates": mine} {
			m := until(t, c, name+".order.status", "PAID")
			if m.Type != "next" || str(m.Data(), name+".order.status") != "PAID" || str(m.Data(), name+".order.id") != orderID || str(m.Data(), name+".event.type") != "PAYMENT_CAPTURED" {
				t.Fatalf("%s: %s %s", name, m.Type, m.Payload)
			}
		}

		d, e = gql(t, w, "owner", `mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}]}) { fulfillment { id } userErrors { code } } }`, map[string]any{"o": orderID, "l": lineID})
		fid := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
		m := next(t, ships)
		if m.Type != "data" || str(m.Data(), "shipmentUpdated.fulfillment.id") != fid || str(m.Data(), "shipmentUpdated.fulfillment.status") != "SHIPPED" || str(m.Data(), "shipmentUpdated.event.type") != "FULFILLMENT_CREATED" {
			t.Fatalf("shipmentUpdated (graphql-ws): %s %s", m.Type, m.Payload)
		}
		d, e = gql(t, w, "owner", `mutation($f: ID!) { fulfillmentTrackingUpdate(input: {fulfillmentId: $f, status: IN_TRANSIT}) { userErrors { code } } }`, map[string]any{"f": fid})
		mustOK(t, d, e, "fulfillmentTrackingUpdate")
		m = next(t, ships)
		if evs, _ := get(m.Data(), "shipmentUpdated.fulfillment.trackingEvents").([]any); str(m.Data(), "shipmentUpdated.fulfillment.status") != "IN_TRANSIT" || str(m.Data(), "shipmentUpdated.event.type") != "TRACKING_UPDATED" || len(evs) != 2 {
			t.Fatalf("tracking update: %s", m.Payload)
		}

		// A guest follows a guest order with its email.
		gc := readyCart(t, w, "anonymous", v, 1, s)
		guestOrder := str(checkoutAs(t, w, "anonymous", gc, key("sub", 9), "manual", ""), "checkoutComplete.order.id")
		guest := dialAs(t, w, "anonymous", wstest.TransportWS)
		if err := guest.Subscribe(ctx, "g", `subscription($id: ID!) { orderUpdated(orderId: $id, email: "BUYER@example.com") { order { id status } } }`, map[string]any{"id": guestOrder}); err != nil {
			t.Fatal(err)
		}
		waitSubscribers(t, w, 5)
		d, e = gql(t, w, "admin", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": guestOrder})
		mustOK(t, d, e, "orderMarkPaid")
		if m := until(t, guest, "orderUpdated.order.status", "PAID"); str(m.Data(), "orderUpdated.order.status") != "PAID" {
			t.Fatalf("guest: %s", m.Payload)
		}
	})
}

// waitSubscribers waits until the hub holds n subscriptions (subscribing is
// asynchronous to the client).
func waitSubscribers(t *testing.T, w *world, n int) {
	t.Helper()
	if !waitfor.Try(waitfor.Bound, func() bool { return w.c.Server.Hub().Count() >= n }) {
		var warn []string
		for _, l := range strings.Split(w.c.Logs.String(), "\n") {
			if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
				warn = append(warn, l)
			}
		}
		t.Fatalf("%d subscriptions in the hub after %v, want %d; server warnings:\n%s", w.c.Server.Hub().Count(), waitfor.Bound, n, strings.Join(warn, "\n"))
	}
}

// Server-Sent Events for clients without WebSocket.
func TestSubscriptionOverSSE(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st)
	s := setupShop(t, w)
	v := w.stocked(t, 5)
	orderID, _ := manualOrder(t, w, s, v, 1)
	body, _ := json.Marshal(map[string]any{"query": `subscription($id: ID!) { orderUpdated(orderId: $id) { order { id status } } }`, "variables": map[string]any{"id": orderID}})
	req, _ := http.NewRequestWithContext(waitfor.Context(t), http.MethodPost, w.c.URL+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+w.tokens["customer"])
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() { r, err := http.DefaultClient.Do(req); done <- result{r, err} }()
	waitSubscribers(t, w, 1)
	d, e := gql(t, w, "admin", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	mustOK(t, d, e, "orderCancel")
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	resp := res.resp
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "data:") {
			continue
		}
		var p map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(line, "data:"))), &p); err != nil {
			t.Fatalf("event %q: %v", line, err)
		}
		if str(p, "data.orderUpdated.order.status") == "PENDING_PAYMENT" {
			continue // the PLACED event, published after the stream began
		}
		if str(p, "data.orderUpdated.order.status") != "CANCELLED" {
			t.Fatalf("event %v", p)
		}
		return
	}
	t.Fatalf("stream ended: %v", sc.Err())
}

func TestWebSocketLimits(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st, apitest.Config(func(c *config.Config) { c.MaxConnectionsUser, c.MaxSubscriptionsConn = 2, 2 }))
	ctx := context.Background()
	c1 := dialAs(t, w, "customer", wstest.TransportWS)
	dialAs(t, w, "customer", wstest.TransportWS)
	if _, err := wstest.Dial(ctx, w.c.URL+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer " + w.tokens["customer"]}); err == nil {
		t.Fatal("a third connection for one account was accepted")
	}
	dialAs(t, w, "stranger", wstest.TransportWS) // another account is not affected
	for i := 0; i < 3; i++ {
		if err := c1.Subscribe(ctx, fmt.Sprint(i), `subscription { myOrderUpdates { event { id } } }`, nil); err != nil {
			t.Fatal(err)
		}
	}
	if m := next(t, c1); m.ErrorCode() != "RATE_LIMITED" { // whichever came third
		t.Fatalf("third subscription: %s %s %s", m.ID, m.Type, m.Payload)
	}
	// Closing a connection frees its place (once the server has seen the
	// close: the first dials may still be refused).
	_ = c1.Close()
	waitfor.Cond(t, "the closed connection's place to be freed", func() bool {
		c, err := wstest.Dial(ctx, w.c.URL+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer " + w.tokens["customer"]})
		if err != nil {
			return false
		}
		_ = c.Close()
		return true
	})
}

// sseAs opens an SSE subscription as actor and returns its response once
// the server has answered (a stream admitted, or a refusal); the stream is
// closed when the test ends, or by cancel.
func sseAs(t *testing.T, w *world, actor, query string) (resp *http.Response, cancel func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(waitfor.Context(t))
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, w.c.URL+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if tok := w.tokens[actor]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return resp, cancel
}

// The per-account connection limit holds whatever the transport: an SSE
// subscription stream is one connection, counted with the account's
// WebSockets; beyond the limit it is refused with 429 RATE_LIMITED before
// anything is streamed. Another account is not affected, and a closed
// stream frees its place.
func TestSSECountsAgainstTheConnectionLimit(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st, apitest.Config(func(c *config.Config) { c.MaxConnectionsUser = 2 }))
	const sub = `subscription { myOrderUpdates { event { id } } }`
	first, closeFirst := sseAs(t, w, "customer", sub)
	if first.StatusCode != 200 || !strings.HasPrefix(first.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("first stream: %d %s", first.StatusCode, first.Header.Get("Content-Type"))
	}
	dialAs(t, w, "customer", wstest.TransportWS) // the second connection
	refused, _ := sseAs(t, w, "customer", sub)
	b, _ := io.ReadAll(refused.Body)
	if refused.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(b), "RATE_LIMITED") {
		t.Fatalf("third connection over SSE: %d %s", refused.StatusCode, b)
	}
	if _, err := wstest.Dial(context.Background(), w.c.URL+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer " + w.tokens["customer"]}); err == nil {
		t.Fatal("a third connection over WebSocket was accepted beside an SSE stream")
	}
	if other, _ := sseAs(t, w, "stranger", sub); other.StatusCode != 200 {
		t.Fatalf("another account's stream: %d", other.StatusCode)
	}
	// Queries over SSE are not streams held open: not counted.
	q, _ := sseAs(t, w, "customer", `{ products(first: 1) { totalCount } }`)
	if b, _ := io.ReadAll(q.Body); q.StatusCode != 200 || !strings.Contains(string(b), "totalCount") || !strings.Contains(string(b), "event: complete") {
		t.Fatalf("query over SSE at the limit: %d %s", q.StatusCode, b)
	}
	closeFirst()
	waitfor.Cond(t, "the closed stream's place to be freed", func() bool {
		resp, cancel := sseAs(t, w, "customer", sub)
		defer cancel()
		return resp.StatusCode == 200
	})
}

// A subscription sent as a plain POST (or GET) cannot be answered in one
// response: it is refused at once with a message naming the transports
// that serve it, rather than left waiting for its first event.
func TestSubscriptionOverPlainHTTPIsRefused(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st)
	for _, accept := range []string{"application/json", "application/graphql-response+json"} {
		req, _ := http.NewRequestWithContext(waitfor.Context(t), http.MethodPost, w.c.URL+"/graphql",
			strings.NewReader(`{"query":"subscription { myOrderUpdates { event { id } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		req.Header.Set("Authorization", "Bearer "+w.tokens["customer"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := map[string]int{"application/json": 200, "application/graphql-response+json": 400}[accept]
		if resp.StatusCode != want || !strings.Contains(string(b), "BAD_USER_INPUT") || !strings.Contains(string(b), "text/event-stream") ||
			!strings.Contains(string(b), "WebSocket") || strings.Contains(string(b), `"data"`) {
			t.Fatalf("%s: %d %s", accept, resp.StatusCode, b)
		}
	}
	if n := w.c.Server.Hub().Count(); n != 0 {
		t.Fatalf("%d subscriptions taken by refused requests", n)
	}
}
