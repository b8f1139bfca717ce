package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/internal/notify/mailtest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The buyer's mails are driven by the outbox and arrive through a real SMTP
// server, each once: confirmation (once paid), shipped with its tracking link,
// delivered, return approved, and payment failed.
func TestOrderMails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		smtp := mailtest.Start(t)
		w := newWorld(t, st, withSMTP(smtp.URL))
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		c := readyCart(t, w, "customer", v, 2, s)
		d := checkoutAs(t, w, "customer", c, key("mail", 1), "test", "tok_success")
		orderID, name := str(d, "checkoutComplete.order.id"), str(d, "checkoutComplete.order.name")
		m := smtp.Next(t)
		if m.To != "buyer@example.com" || m.Subject != "Your order "+name || !strings.Contains(m.Text, "2 × Thing") ||
			!strings.Contains(m.Text, "Total: 29.88 EUR") || !strings.Contains(m.HTML, "<strong>Total: 29.88 EUR</strong>") {
			t.Fatalf("confirmation: %+v", m)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { lines(first: 1) { edges { node { id } } } } }`, map[string]any{"id": orderID})
		lineID := str(d, "order.lines.edges.0.node.id")
		d, e := gql(t, w, "owner", `mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 2}], carrier: "La Poste", trackingNumber: "6A42", trackingUrl: "https://track.example/6A42"}) { fulfillment { id } userErrors { code } } }`,
			map[string]any{"o": orderID, "l": lineID})
		fid := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
		if m := smtp.Next(t); m.Subject != "Your order "+name+" has shipped" || !strings.Contains(m.Text, "6A42") || !strings.Contains(m.HTML, `href="https://track.example/6A42"`) {
			t.Fatalf("shipped: %+v", m)
		}
		d, e = gql(t, w, "owner", `mutation($f: ID!) { fulfillmentTrackingUpdate(input: {fulfillmentId: $f, status: DELIVERED}) { userErrors { code } } }`, map[string]any{"f": fid})
		mustOK(t, d, e, "fulfillmentTrackingUpdate")
		if m := smtp.Next(t); m.Subject != "Your order "+name+" was delivered" {
			t.Fatalf("delivered: %+v", m)
		}
		d, e = gql(t, w, "customer", `mutation($o: ID!, $l: ID!) { returnRequest(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}]}) { return { id } userErrors { code } } }`, map[string]any{"o": orderID, "l": lineID})
		rid := str(mustOK(t, d, e, "returnRequest"), "return.id")
		d, e = gql(t, w, "owner", `mutation($r: ID!) { returnApprove(input: {returnId: $r}) { userErrors { code } } }`, map[string]any{"r": rid})
		mustOK(t, d, e, "returnApprove")
		if m := smtp.Next(t); !strings.Contains(m.Subject, "return") || !strings.Contains(m.Text, "12.00 EUR") {
			t.Fatalf("return approved: %+v", m)
		}
		c2 := readyCart(t, w, "anonymous", v, 1, s)
		checkoutAs(t, w, "anonymous", c2, key("mail", 2), "test", "tok_decline")
		if m := smtp.Next(t); !strings.Contains(m.Subject, "failed") || !strings.Contains(m.Text, "card declined") {
			t.Fatalf("payment failed: %+v", m)
		}
		// Each mail once, all recorded as sent: once the outbox has settled
		// no other mail can come.
		waitSettled(t, st)
		smtp.None(t)
		ctx := context.Background()
		if n := st.Client.MailOutbox.Query().Where(mailoutbox.StatusNEQ(mailoutbox.StatusSENT)).CountX(ctx); n != 0 {
			t.Fatalf("%d mails left unsent", n)
		}
		if n := st.Client.MailOutbox.Query().CountX(ctx); n != 5 {
			t.Fatalf("%d mails queued, want 5", n)
		}
	})
}

// A shopper who asked is mailed once when a sold-out variant is back.
func TestBackInStockMail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		smtp := mailtest.Start(t)
		w := newWorld(t, st, withSMTP(smtp.URL))
		p, v := w.product(t)
		const ask = `mutation($v: ID!, $e: String!) { productVariantStockAlertCreate(input: {variantId: $v, email: $e}) { subscribed userErrors { field code } } }`
		if d, _ := gql(t, w, "anonymous", ask, map[string]any{"v": v.ID, "e": "not an email"}); userCodes(d, "productVariantStockAlertCreate") != "INVALID" {
			t.Fatalf("bad email: %v", d)
		}
		if d, _ := gql(t, w, "anonymous", ask, map[string]any{"v": "var_01JZZZZZZZZZZZZZZZZZZZZZZZ", "e": "fan@example.com"}); userCodes(d, "productVariantStockAlertCreate") != "NOT_FOUND" {
			t.Fatalf("unknown variant: %v", d)
		}
		d, e := gql(t, w, "anonymous", ask, map[string]any{"v": v.ID, "e": "fan@example.com"})
		if get(mustOK(t, d, e, "productVariantStockAlertCreate"), "subscribed") != true {
			t.Fatalf("ask: %v", d)
		}
		const set = `mutation($v: ID!, $q: Int!) { inventorySet(input: {variantId: $v, quantity: $q}) { userErrors { code } } }`
		d, e = gql(t, w, "owner", set, map[string]any{"v": v.ID, "q": 3})
		mustOK(t, d, e, "inventorySet")
		m := smtp.Next(t)
		if m.To != "fan@example.com" || m.Subject != p.Name+" is back in stock" || !strings.Contains(m.Text, "/products/"+p.Slug) {
			t.Fatalf("mail %+v", m)
		}
		// Sold out and back again: the alert was used up.
		gql(t, w, "owner", set, map[string]any{"v": v.ID, "q": 0})
		gql(t, w, "owner", set, map[string]any{"v": v.ID, "q": 2})
		waitSettled(t, st)
		smtp.None(t)
	})
}
