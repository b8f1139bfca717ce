package resolvers_test

import (
	"context"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// waitUntil polls the store until cond holds: effects of the outbox
// dispatcher (ledger postings, commissions) land just after the commit.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// paidOrder has actor check out qty of variant with the test card and
// returns the order and its (only) line.
func paidOrder(t *testing.T, w *world, actor, variant string, qty int, s shop) (string, string) {
	t.Helper()
	cartID := readyCart(t, w, actor, variant, qty, s)
	d := checkoutAs(t, w, actor, cartID, key("paid", int(w.n.Add(1))), "test", "tok_success")
	if str(d, "checkoutComplete.order.status") != "PAID" {
		t.Fatalf("checkout: %v", d)
	}
	orderID := str(d, "checkoutComplete.order.id")
	line := w.st.Client.Order.GetX(context.Background(), pulid.ID(orderID)).QueryLines().FirstX(context.Background())
	return orderID, string(line.ID)
}

// deliver ships qty of a line of an order (by the owning seller) and has it
// delivered.
func deliver(t *testing.T, w *world, orderID, lineID string, qty int) {
	t.Helper()
	d, e := gql(t, w, "owner", `mutation($in: FulfillmentCreateInput!) { fulfillmentCreate(input: $in) { fulfillment { id } userErrors { field code message } } }`,
		map[string]any{"in": map[string]any{"orderId": orderID, "lines": []any{map[string]any{"orderLineId": lineID, "quantity": qty}},
			"carrier": "La Poste", "trackingNumber": "6A1", "trackingUrl": "https://track.example/6A1"}})
	fid := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
	d, e = gql(t, w, "owner", `mutation($in: FulfillmentTrackingUpdateInput!) { fulfillmentTrackingUpdate(input: $in) { fulfillment { status } userErrors { code } } }`,
		map[string]any{"in": map[string]any{"fulfillmentId": fid, "status": "DELIVERED"}})
	mustOK(t, d, e, "fulfillmentTrackingUpdate")
}
