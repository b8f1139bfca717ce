package resolvers_test

import (
	"context"
	"testing"

	"github.com/comptoir/comptoir/ent/domainevent"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/waitfor"
)

// waitUntil polls the store until cond holds: effects of the outbox
// dispatcher (ledger postings, commissions) land just after the commit.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitfor.Cond(t, what, cond)
}

// waitSettled waits until the background workers have nothing left to do:
// every event published (with the mails and webhook deliveries it causes,
// enqueued in the same transaction), every mail and delivery attempted.
// Nothing more can then arrive, so a test counts what came once this
// returns, instead of sleeping to see whether something else comes.
// Upstream is checked first: a mail or delivery enqueued by an event
// published before the first read is seen by the later reads.
func waitSettled(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	waitfor.Cond(t, "the outbox, mails and webhook deliveries to settle", func() bool {
		return !st.Client.OrderEvent.Query().Where(orderevent.PublishedAtIsNil()).ExistX(ctx) &&
			!st.Client.DomainEvent.Query().Where(domainevent.PublishedAtIsNil()).ExistX(ctx) &&
			!st.Client.MailOutbox.Query().Where(mailoutbox.StatusEQ(mailoutbox.StatusPENDING), mailoutbox.AttemptsEQ(0)).ExistX(ctx) &&
			!st.Client.WebhookDelivery.Query().Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING), webhookdelivery.AttemptsEQ(0)).ExistX(ctx)
	})
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
