package resolvers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
)

// receiver is a third party's endpoint on loopback that checks signatures.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	got    []map[string]any
	bad    int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		ts, sig, _ := strings.Cut(strings.TrimPrefix(req.Header.Get("Comptoir-Signature"), "t="), ",v1=")
		m := hmac.New(sha256.New, []byte(r.secret))
		m.Write([]byte(ts + "."))
		m.Write(body)
		if !hmac.Equal([]byte(hex.EncodeToString(m.Sum(nil))), []byte(sig)) {
			r.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p map[string]any
		_ = json.Unmarshal(body, &p)
		p["header.type"] = req.Header.Get("Comptoir-Event-Type")
		r.got = append(r.got, p)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) wait(t *testing.T, n int) []map[string]any {
	t.Helper()
	var got []map[string]any
	waitfor.Cond(t, fmt.Sprintf("%d deliveries", n), func() bool {
		r.mu.Lock()
		got = append([]map[string]any(nil), r.got...)
		r.mu.Unlock()
		return len(got) >= n
	})
	return got
}

func TestWebhookDeliveries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st, apitest.WithServerOptions(server.WithWebhookLoopback()))
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		rcv := newReceiver(t)
		const create = `mutation($in: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $in) { webhookEndpoint { id } secret userErrors { field code message } } }`
		in := map[string]any{"in": map[string]any{"url": rcv.URL + "/hooks", "eventTypes": []string{"payment.captured", "order.cancelled"}}}
		if _, e := gql(t, w, "owner", create, in); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("seller registers: %v", e)
		}
		d, e := gql(t, w, "admin", create, in)
		p := mustOK(t, d, e, "webhookEndpointCreate")
		rcv.mu.Lock()
		rcv.secret = str(p, "secret")
		rcv.mu.Unlock()
		endpoint := str(p, "webhookEndpoint.id")
		if !strings.HasPrefix(rcv.secret, "whsec_") {
			t.Fatalf("secret %q", rcv.secret)
		}
		c := readyCart(t, w, "customer", v, 1, s)
		orderID := str(checkoutAs(t, w, "customer", c, key("hook", 1), "test", "tok_success"), "checkoutComplete.order.id")
		got := rcv.wait(t, 1)
		if got[0]["type"] != "payment.captured" || got[0]["header.type"] != "payment.captured" || get(got[0], "data.orderId") != orderID {
			t.Fatalf("delivery %v", got[0])
		}
		// order.placed was not subscribed to: one delivery only.
		const list = `query($e: ID) { webhookDeliveries(endpointId: $e, first: 10) { totalCount edges { node { id status attempts lastStatusCode eventType } } } }`
		waitSettled(t, st)
		d, _ = gql(t, w, "admin", list, map[string]any{"e": endpoint})
		if get(d, "webhookDeliveries.totalCount") != float64(1) || str(d, "webhookDeliveries.edges.0.node.status") != "DELIVERED" ||
			get(d, "webhookDeliveries.edges.0.node.lastStatusCode") != float64(200) {
			t.Fatalf("log: %v", d)
		}
		// Redeliver: the same event again, counted.
		id := str(d, "webhookDeliveries.edges.0.node.id")
		d, e = gql(t, w, "admin", `mutation($id: ID!) { webhookDeliveryRedeliver(input: {id: $id}) { webhookDelivery { status } userErrors { code } } }`, map[string]any{"id": id})
		mustOK(t, d, e, "webhookDeliveryRedeliver")
		got = rcv.wait(t, 2)
		if got[1]["id"] != got[0]["id"] {
			t.Fatalf("redelivered another event: %v", got[1])
		}
		if _, e := gql(t, w, "customer", list, nil); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("customer reads deliveries: %v", e)
		}
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if rcv.bad != 0 {
			t.Fatalf("%d deliveries with a bad signature", rcv.bad)
		}
	})
}

// Endpoints must be http(s) on public addresses (SSRF), for known event types.
func TestWebhookEndpointValidation(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st) // private addresses not allowed
	const create = `mutation($u: String!, $t: [String!]!) { webhookEndpointCreate(input: {url: $u, eventTypes: $t}) { webhookEndpoint { id } userErrors { field code message } } }`
	for _, c := range []struct {
		url   string
		types []string
	}{
		{"http://127.0.0.1:9/hook", []string{"order.placed"}},
		{"http://localhost/hook", []string{"order.placed"}},
		{"http://10.1.2.3/hook", []string{"order.placed"}},
		{"http://169.254.169.254/latest/meta-data", []string{"order.placed"}},
		{"http://[::1]/hook", []string{"order.placed"}},
		{"http://100.64.0.1/hook", []string{"order.placed"}},                  // shared (CGN)
		{"http://100.100.100.200/latest/meta-data", []string{"order.placed"}}, // a cloud metadata service
		{"http://198.18.0.1/hook", []string{"order.placed"}},                  // benchmarking
		{"http://240.0.0.1/hook", []string{"order.placed"}},                   // reserved
		{"http://[64:ff9b::7f00:1]/hook", []string{"order.placed"}},           // NAT64 of 127.0.0.1
		{"http://[::ffff:127.0.0.1]/hook", []string{"order.placed"}},          // IPv4-mapped
		{"http://[::ffff:a9fe:a9fe]/hook", []string{"order.placed"}},          // IPv4-mapped 169.254.169.254
		{"ftp://example.com/hook", []string{"order.placed"}},
		{"http://user:pass@example.com/hook", []string{"order.placed"}},
		{"https://93.184.215.14/hook", []string{"order.exploded"}},
		{"https://93.184.215.14/hook", []string{}},
	} {
		d, e := gql(t, w, "admin", create, map[string]any{"u": c.url, "t": c.types})
		if len(e) > 0 || userCodes(d, "webhookEndpointCreate") == "" || get(d, "webhookEndpointCreate.webhookEndpoint") != nil {
			t.Errorf("%s %v: %v %v", c.url, c.types, d, e)
		}
	}
	if n := st.Client.WebhookEndpoint.Query().CountX(t.Context()); n != 0 {
		t.Fatalf("%d endpoints registered", n)
	}
}

// Back in stock and price dropped are domain events too: written with their
// change, delivered to the endpoints that asked for them.
func TestStockAndPriceEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st, apitest.WithServerOptions(server.WithWebhookLoopback()))
		rcv := newReceiver(t)
		d, e := gql(t, w, "admin", `mutation($u: String!) { webhookEndpointCreate(input: {url: $u, eventTypes: ["inventory.back_in_stock", "price.dropped"], secret: "0123456789abcdef0123"}) { secret userErrors { code } } }`,
			map[string]any{"u": rcv.URL})
		rcv.mu.Lock()
		rcv.secret = str(mustOK(t, d, e, "webhookEndpointCreate"), "secret")
		rcv.mu.Unlock()
		_, v := w.product(t) // no stock yet
		const set = `mutation($v: ID!, $q: Int!) { inventorySet(input: {variantId: $v, quantity: $q}) { userErrors { code } } }`
		const adjust = `mutation($v: ID!, $d: Int!) { inventoryAdjust(input: {variantId: $v, delta: $d}) { userErrors { code } } }`
		const price = `mutation($v: ID!, $p: Decimal!) { productVariantUpdate(input: {id: $v, price: $p}) { userErrors { code } } }`
		steps := []struct {
			q    string
			vars map[string]any
		}{
			{set, map[string]any{"v": v.ID, "q": 5}},         // 0 → 5: back in stock
			{adjust, map[string]any{"v": v.ID, "d": 2}},      // 5 → 7: nothing
			{set, map[string]any{"v": v.ID, "q": 0}},         // sold out: nothing
			{adjust, map[string]any{"v": v.ID, "d": 1}},      // 0 → 1: back in stock
			{price, map[string]any{"v": v.ID, "p": "12.00"}}, // up from 10.00: nothing
			{price, map[string]any{"v": v.ID, "p": "8.50"}},  // down: price dropped
		}
		for _, s := range steps {
			d, e := gql(t, w, "owner", s.q, s.vars)
			for _, p := range []string{"inventorySet", "inventoryAdjust", "productVariantUpdate"} {
				if _, ok := d[p]; ok {
					mustOK(t, d, e, p)
				}
			}
		}
		// Once the outbox has settled nothing more can come.
		waitSettled(t, st)
		rcv.mu.Lock()
		got := append([]map[string]any(nil), rcv.got...)
		rcv.mu.Unlock()
		if len(got) != 3 {
			t.Fatalf("%d deliveries, want 3: %v", len(got), got)
		}
		types := map[string]int{}
		for _, g := range got {
			types[g["type"].(string)]++
			if get(g, "data.variantId") != string(v.ID) {
				t.Fatalf("delivery %v", g)
			}
		}
		if types["inventory.back_in_stock"] != 2 || types["price.dropped"] != 1 {
			t.Fatalf("types %v", types)
		}
		for _, g := range got {
			if g["type"] == "price.dropped" && (get(g, "data.oldPrice") != "12.00" || get(g, "data.newPrice") != "8.50") {
				t.Fatalf("price dropped: %v", g)
			}
		}
	})
}
