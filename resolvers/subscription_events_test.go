package resolvers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/wstest"
)

// redisBroker is an instance's broker on the Redis of TEST_REDIS_URL.
func redisBroker(t *testing.T) pubsub.Broker {
	t.Helper()
	b, err := pubsub.NewRedis(context.Background(), testRedis(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// received is one update as a subscriber saw it.
type received struct {
	id, typ, orderID string
	at               time.Time
}

// update reads a subscription's next update.
func update(ctx context.Context, t *testing.T, c *wstest.Client, field, entity string) received {
	t.Helper()
	m, err := c.Next(ctx)
	if err != nil {
		t.Fatalf("%s: waiting for an update: %v", field, err)
	}
	d := m.Data()
	if d == nil {
		t.Fatalf("%s: %s %s", field, m.Type, m.Payload)
	}
	r := received{id: str(d, field+".event.id"), typ: str(d, field+".event.type"), orderID: str(d, field+"."+entity)}
	if r.at, err = time.Parse(time.RFC3339Nano, str(d, field+".event.occurredAt")); err != nil {
		t.Fatalf("%s: occurredAt: %v in %s", field, err, m.Payload)
	}
	return r
}

// collect reads a subscription's updates of the order until one with the
// event id last, and returns them (last included). Updates of other
// orders, which an admin's stream carries too, are left out.
func collect(t *testing.T, c *wstest.Client, field, entity, orderID, last string) []received {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var out []received
	for {
		r := update(ctx, t, c, field, entity)
		if entity == "order.id" && r.orderID != orderID {
			continue
		}
		out = append(out, r)
		if r.id == last {
			return out
		}
	}
}

// Two instances share one database and one Redis: a subscriber on A sees
// each change committed through B once, with its event's id, type and
// time, whatever the number of topics and deliveries that bring it.
func TestSubscriptionEventsAcrossInstances(t *testing.T) {
	testRedis(t) // skips now, before any setup, without Redis
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st, apitest.WithServerOptions(server.WithBroker(redisBroker(t))))
		b := apitest.New(t, st, apitest.WithServerOptions(server.WithBroker(redisBroker(t))))
		wb := &world{c: b, st: st, seller: w.seller, other: w.other, category: w.category, tokens: w.tokens}
		publisher := redisBroker(t)
		t.Cleanup(func() { _ = publisher.Close() })

		s := setupShop(t, w)
		v := w.stocked(t, 5)
		orderID, lineID := manualOrder(t, w, s, v, 1)
		// The admin is also a member of the seller: its sellerOrderUpdates
		// listens to two topics ("all" and the seller's) that both carry
		// each event of the order.
		admin := st.Client.Customer.Query().Where(customer.EmailKey("admin@example.com")).OnlyX(ctx)
		st.Client.SellerMember.Create().SetCustomerID(admin.ID).SetSellerID(w.seller.ID).SetRole(sellermember.RoleOWNER).ExecX(ctx)

		subs := map[string]*wstest.Client{}
		for _, sub := range []struct{ name, actor, query string }{
			{"orderUpdated", "customer", `subscription($id: ID!) { orderUpdated(orderId: $id) { event { id type occurredAt } order { id status } } }`},
			{"myOrderUpdates", "customer", `subscription { myOrderUpdates { event { id type occurredAt } order { id status } } }`},
			{"sellerOrderUpdates", "admin", `subscription { sellerOrderUpdates { event { id type occurredAt } order { id status } } }`},
			{"shipmentUpdated", "customer", `subscription($id: ID!) { shipmentUpdated(orderId: $id) { event { id type occurredAt } fulfillment { id status } } }`},
		} {
			c := dialAs(t, w, sub.actor, wstest.TransportWS)
			if err := c.Subscribe(ctx, sub.name, sub.query, map[string]any{"id": orderID}); err != nil {
				t.Fatal(err)
			}
			subs[sub.name] = c
		}
		waitSubscribers(t, w, 5) // the admin's stream holds two

		// Three changes through B, the last one the final DELIVERED scan
		// (one transaction, two timeline events).
		d, e := gql(t, wb, "admin", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
		mustOK(t, d, e, "orderMarkPaid")
		d, e = gql(t, wb, "owner", `mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}]}) { fulfillment { id } userErrors { code } } }`, map[string]any{"o": orderID, "l": lineID})
		fid := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
		d, e = gql(t, wb, "owner", `mutation($f: ID!) { fulfillmentTrackingUpdate(input: {fulfillmentId: $f, status: DELIVERED}) { userErrors { code } } }`, map[string]any{"f": fid})
		mustOK(t, d, e, "fulfillmentTrackingUpdate")

		rows := st.Client.OrderEvent.Query().Where(orderevent.OrderID(pulid.ID(orderID))).
			Order(ent.Asc(orderevent.FieldCreatedAt), ent.Asc(orderevent.FieldID)).AllX(ctx)
		committed := map[string]*ent.OrderEvent{}
		var delivered *ent.OrderEvent
		for _, r := range rows {
			committed[string(r.ID)] = r
			if r.Type == orders.EventDelivered {
				delivered = r
			}
		}
		if delivered == nil {
			t.Fatalf("no DELIVERED event: %v", rows)
		}
		// Wait until the last change reached the subscriber, then deliver
		// it again: twice through Redis (as a redelivery by another
		// instance) and once locally on A.
		first := collect(t, subs["orderUpdated"], "orderUpdated", "order.id", orderID, string(delivered.ID))
		msg := pubsub.Message{ID: string(delivered.ID), Type: delivered.Type, OrderID: orderID, CustomerID: string(*mustOrder(t, st, orderID).CustomerID),
			SellerIDs: []string{string(w.seller.ID)}, At: delivered.CreatedAt}
		if err := publisher.Publish(ctx, msg, msg); err != nil {
			t.Fatal(err)
		}
		w.c.Server.Hub().Deliver(msg)
		// The marker, published after the duplicates on the same Redis
		// connection, arrives after them: what did not come before it
		// does not come at all.
		marker := pubsub.Message{ID: "marker-" + orderID, Type: orders.EventTracking, OrderID: orderID, CustomerID: msg.CustomerID,
			SellerIDs: msg.SellerIDs, Ref: fid, At: time.Now()}
		if err := publisher.Publish(ctx, marker); err != nil {
			t.Fatal(err)
		}

		// Marking paid and the final scan each commit two timeline events:
		// two updates, told apart by their events.
		all := []string{orders.EventPaymentCaptured, orders.EventMarkedPaid, orders.EventFulfilled, orders.EventTracking, orders.EventDelivered}
		want := map[string][]string{
			"orderUpdated":       all,
			"myOrderUpdates":     all,
			"sellerOrderUpdates": all,
			"shipmentUpdated":    {orders.EventFulfilled, orders.EventTracking},
		}
		for name, c := range subs {
			entity := "order.id"
			if name == "shipmentUpdated" {
				entity = "fulfillment.id"
			}
			got := collect(t, c, name, entity, orderID, marker.ID)
			got = got[:len(got)-1] // the marker
			if name == "orderUpdated" {
				// Its updates up to DELIVERED were read above: after it
				// came the marker only (the duplicates were dropped).
				if len(got) != 0 {
					t.Fatalf("orderUpdated: after DELIVERED came %v", got)
				}
				got = first
			}
			checkEvents(t, name, got, committed, want[name])
		}
	})
}

// checkEvents checks that a subscriber saw each committed event once,
// as committed (id, type, time), the wanted types in order: a PLACED event
// published after the subscription began may come first.
func checkEvents(t *testing.T, name string, got []received, committed map[string]*ent.OrderEvent, want []string) {
	t.Helper()
	seen := map[string]bool{}
	var types []string
	for _, r := range got {
		if seen[r.id] {
			t.Fatalf("%s: event %s delivered twice: %v", name, r.id, got)
		}
		seen[r.id] = true
		row := committed[r.id]
		if row == nil || row.Type != r.typ || !row.CreatedAt.Equal(r.at) {
			t.Fatalf("%s: %v is not a committed event of the order (%v)", name, r, row)
		}
		if r.typ != orders.EventPlaced {
			types = append(types, r.typ)
		}
	}
	if fmt.Sprint(types) != fmt.Sprint(want) {
		t.Fatalf("%s: events %v, want %v", name, types, want)
	}
}

func mustOrder(t *testing.T, st *testdb.Store, id string) *ent.Order {
	t.Helper()
	o, err := st.Client.Order.Get(context.Background(), pulid.ID(id))
	if err != nil {
		t.Fatal(err)
	}
	return o
}
