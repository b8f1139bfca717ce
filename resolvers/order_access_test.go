package resolvers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/testdb"
)

// otherStocked makes a variant of the other seller (whose member is
// "stranger") with stock.
func (w *world) otherStocked(t *testing.T, n int) string {
	ctx := context.Background()
	p := w.st.Client.Product.Create().SetName("Other thing").SetSlug("other-thing-" + string(pulid.New("x"))[2:12]).
		SetSellerID(w.other.ID).SetStatus(product.StatusACTIVE).SaveX(ctx)
	v := w.st.Client.ProductVariant.Create().SetProductID(p.ID).SetSku("OTHER-" + string(pulid.New("x"))[2:12]).SetPrice(500).SetCurrency("EUR").SaveX(ctx)
	wh, err := inventory.DefaultWarehouse(ctx, w.st.Client)
	if err != nil {
		t.Fatal(err)
	}
	w.st.Client.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(wh.ID).SetOnHand(n).ExecX(ctx)
	return string(v.ID)
}

// orderSnapshot renders the order tables, to show a refused mutation changed
// nothing.
func orderSnapshot(t *testing.T, w *world) string {
	ctx := context.Background()
	c := w.st.Client
	b, err := json.Marshal([]any{
		c.Order.Query().Order(ent.Asc("id")).AllX(ctx), c.OrderLine.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Payment.Query().Order(ent.Asc("id")).AllX(ctx), c.Fulfillment.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Refund.Query().Order(ent.Asc("id")).AllX(ctx), c.OrderReturn.Query().Order(ent.Asc("id")).AllX(ctx),
		c.InventoryLevel.Query().Order(ent.Asc("id")).AllX(ctx),
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An order with lines from two sellers: each seller sees and ships only its
// own part; whole-order actions (cancel, mark paid, refund) belong to admins;
// other customers and guests without the email are refused. Every refusal
// leaves the order tables unchanged.
func TestOrderAuthorization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		mine, theirs := w.stocked(t, 10), w.otherStocked(t, 10)
		cartID := readyCart(t, w, "customer", mine, 1, s)
		d, e := gql(t, w, "customer", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { userErrors { code } } }`,
			map[string]any{"c": cartID, "l": []any{line(theirs, 2)}})
		mustOK(t, d, e, "cartLinesAdd")
		// Each seller's parcel needs its method.
		d, e = gql(t, w, "customer", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { cart { deliveryGroups { seller { id } selectedShippingMethod { name } } } userErrors { code } } }`,
			map[string]any{"c": cartID, "m": s.flat})
		if groups := get(mustOK(t, d, e, "cartSelectShippingMethod"), "cart.deliveryGroups").([]any); len(groups) != 2 {
			t.Fatalf("two sellers ship two parcels: %v", groups)
		}
		d = checkoutAs(t, w, "customer", cartID, key("auth", 1), "manual", "")
		orderID := str(d, "checkoutComplete.order.id")
		if orderID == "" {
			t.Fatalf("checkout: %v", d)
		}

		const read = `query($id: ID!) { order(id: $id) { id lines(first: 10) { edges { node { id sellerId } } } shipments { sellerId } payments { id } events(first: 5) { totalCount } } }`
		sellersOf := func(d map[string]any) string {
			edges, _ := get(d, "order.lines.edges").([]any)
			var out []string
			for _, e := range edges {
				out = append(out, str(e, "node.sellerId"))
			}
			return strings.Join(out, ",")
		}
		d, e = gql(t, w, "owner", read, map[string]any{"id": orderID})
		if len(e) > 0 || sellersOf(d) != string(w.seller.ID) || str(d, "order.shipments.0.sellerId") != string(w.seller.ID) ||
			len(get(d, "order.shipments").([]any)) != 1 || len(get(d, "order.payments").([]any)) != 0 || get(d, "order.events.totalCount") != float64(0) {
			t.Fatalf("owner's view: %v %v", d, e)
		}
		ownLine := str(d, "order.lines.edges.0.node.id")
		d, e = gql(t, w, "stranger", read, map[string]any{"id": orderID})
		if len(e) > 0 || sellersOf(d) != string(w.other.ID) {
			t.Fatalf("other seller's view: %v %v", d, e)
		}
		otherLine := str(d, "order.lines.edges.0.node.id")
		d, _ = gql(t, w, "customer", read, map[string]any{"id": orderID})
		if len(get(d, "order.lines.edges").([]any)) != 2 || len(get(d, "order.payments").([]any)) != 1 {
			t.Fatalf("buyer's view: %v", d)
		}
		// Listing: a seller lists its own orders only.
		const list = `query($s: ID) { orders(sellerId: $s, first: 10) { totalCount edges { node { id } } } }`
		if d, e := gql(t, w, "owner", list, map[string]any{"s": w.seller.ID}); len(e) > 0 || get(d, "orders.totalCount") != float64(1) {
			t.Fatalf("owner lists: %v %v", d, e)
		}
		for actor, vars := range map[string]map[string]any{"owner": {"s": w.other.ID}, "customer": {"s": w.seller.ID}} {
			if _, e := gql(t, w, actor, list, vars); strings.Join(e, ",") != "FORBIDDEN" {
				t.Fatalf("%s lists %v: %v", actor, vars, e)
			}
		}
		if _, e := gql(t, w, "owner", list, nil); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("owner lists all: %v", e)
		}

		// Paid by staff so that it can ship.
		before := orderSnapshot(t, w)
		refused := []struct {
			name, query string
			vars        map[string]any
			actors      map[string]string
		}{
			{"markPaid", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID},
				map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "owner": "FORBIDDEN", "stranger": "FORBIDDEN"}},
			{"cancel", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID},
				map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "owner": "FORBIDDEN"}},
			{"refund", `mutation($id: ID!) { refundCreate(input: {orderId: $id, idempotencyKey: "refused-refund"}) { userErrors { code } } }`, map[string]any{"id": orderID},
				map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "stranger": "FORBIDDEN"}},
			{"ship another seller's line", `mutation($id: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $id, lines: [{orderLineId: $l, quantity: 1}]}) { userErrors { code } } }`,
				map[string]any{"id": orderID, "l": otherLine}, map[string]string{"owner": "FORBIDDEN", "customer": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"}},
			{"reorder", `mutation($id: ID!) { orderReorder(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID},
				map[string]string{"anonymous": "UNAUTHENTICATED", "owner": "FORBIDDEN"}},
			{"confirm", `mutation($id: ID!) { paymentConfirm(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID},
				map[string]string{"anonymous": "UNAUTHENTICATED", "owner": "FORBIDDEN"}},
			{"read", read, map[string]any{"id": orderID}, map[string]string{"anonymous": "UNAUTHENTICATED"}},
		}
		for _, r := range refused {
			for actor, want := range r.actors {
				if _, e := gql(t, w, actor, r.query, r.vars); strings.Join(e, ",") != want {
					t.Errorf("%s by %s: %v, want %s", r.name, actor, e, want)
				}
			}
		}
		if after := orderSnapshot(t, w); after != before {
			t.Fatalf("a refused operation changed orders")
		}
		d, e = gql(t, w, "admin", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { order { status } userErrors { code } } }`, map[string]any{"id": orderID})
		mustOK(t, d, e, "orderMarkPaid")
		// Each seller ships its own line; the order is SHIPPED when both did.
		const ship = `mutation($id: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $id, lines: [{orderLineId: $l, quantity: QTY}]}) { fulfillment { id } userErrors { code } } }`
		d, e = gql(t, w, "owner", strings.Replace(ship, "QTY", "1", 1), map[string]any{"id": orderID, "l": ownLine})
		mustOK(t, d, e, "fulfillmentCreate")
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { status fulfillmentStatus } }`, map[string]any{"id": orderID})
		if str(d, "order.status") != "PROCESSING" || str(d, "order.fulfillmentStatus") != "PARTIALLY_FULFILLED" {
			t.Fatalf("half shipped: %v", d)
		}
		d, e = gql(t, w, "stranger", strings.Replace(ship, "QTY", "2", 1), map[string]any{"id": orderID, "l": otherLine})
		mustOK(t, d, e, "fulfillmentCreate")
		d, _ = gql(t, w, "owner", `query($id: ID!) { order(id: $id) { status fulfillments { sellerId } } }`, map[string]any{"id": orderID})
		if str(d, "order.status") != "SHIPPED" || len(get(d, "order.fulfillments").([]any)) != 1 {
			t.Fatalf("owner sees its own parcel only: %v", d)
		}
	})
}
