package resolvers_test

import (
	"fmt"
	"testing"

	"github.com/comptoir/comptoir/internal/testdb"
)

// A mutation's payload is read after its write, by the caller who made it:
// nested fields load with the request's client (not the committed
// transaction's) and with the rights the write gave the caller.

func TestPayloadEdgesAfterCommit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		p, v := w.product(t)
		level := `inventoryLevel { warehouseCode onHand variant { id sku product { id name } } } userErrors { code message }`
		d, e := gql(t, w, "owner", `mutation($in: InventorySetInput!) { inventorySet(input: $in) { `+level+` } }`,
			map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": 7}})
		pl := mustOK(t, d, e, "inventorySet")
		if str(pl, "inventoryLevel.variant.id") != string(v.ID) || str(pl, "inventoryLevel.variant.product.name") != p.Name {
			t.Fatalf("inventorySet payload: %v", pl)
		}
		d, e = gql(t, w, "owner", `mutation($in: InventoryAdjustInput!) { inventoryAdjust(input: $in) { `+level+` } }`,
			map[string]any{"in": map[string]any{"variantId": v.ID, "delta": 3}})
		pl = mustOK(t, d, e, "inventoryAdjust")
		if get(pl, "inventoryLevel.onHand") != float64(10) || str(pl, "inventoryLevel.variant.sku") != v.Sku || str(pl, "inventoryLevel.variant.product.id") != string(p.ID) {
			t.Fatalf("inventoryAdjust payload: %v", pl)
		}
		sku := fmt.Sprintf("NEW-%d", w.n.Add(1))
		d, e = gql(t, w, "owner", `mutation($in: ProductVariantCreateInput!) { productVariantCreate(input: $in) { productVariant { id sku product { id name } } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "sku": sku, "price": "12.50"}})
		pl = mustOK(t, d, e, "productVariantCreate")
		if str(pl, "productVariant.sku") != sku || str(pl, "productVariant.product.name") != p.Name {
			t.Fatalf("productVariantCreate payload: %v", pl)
		}
	})
}

func TestSellerApplyPayloadShowsPrivateFields(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		in := map[string]any{"name": "Atelier Sud", "contactEmail": "hello@sud.example", "payoutReference": "FR76 3000 6000 0112 3456 7890 189"}
		d, e := gql(t, w, "customer", `mutation($in: SellerApplyInput!) { sellerApply(input: $in) { seller { id status contactEmail payoutReference } userErrors { field code message } } }`,
			map[string]any{"in": in})
		pl := mustOK(t, d, e, "sellerApply")
		if str(pl, "seller.status") != "PENDING" || str(pl, "seller.contactEmail") != "hello@sud.example" || str(pl, "seller.payoutReference") == "" {
			t.Fatalf("sellerApply payload: %v", pl)
		}
		// A stranger still may not read them.
		d, e = gql(t, w, "stranger", `query($id: ID!) { node(id: $id) { ... on Seller { contactEmail } } }`, map[string]any{"id": str(pl, "seller.id")})
		if str(d, "node.contactEmail") != "" {
			t.Fatalf("stranger reads the application's contact: %v %v", d, e)
		}
	})
}

func TestGuestCheckoutPayloadShowsOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		c := readyCart(t, w, "anonymous", v, 2, s)
		in := map[string]any{"cartId": c, "idempotencyKey": key("payload", 1), "payment": map[string]any{"provider": "test", "token": "tok_success"}}
		d, e := gql(t, w, "anonymous", `mutation($in: CheckoutCompleteInput!) { checkoutComplete(input: $in) {
			order { id lines { edges { node { quantity } } } payments { id status amount { amount } } }
			userErrors { field code message } } }`, map[string]any{"in": in})
		pl := mustOK(t, d, e, "checkoutComplete")
		if get(pl, "order.lines.edges.0.node.quantity") != float64(2) || str(pl, "order.payments.0.status") != "CAPTURED" {
			t.Fatalf("guest checkout payload: %v", pl)
		}
		// The grant is the request's: another anonymous request without the
		// email sees no order.
		d, _ = gql(t, w, "anonymous", `query($id: ID!) { node(id: $id) { ... on Order { id lines { edges { node { quantity } } } } } }`, map[string]any{"id": str(pl, "order.id")})
		if get(d, "node.lines.edges.0") != nil {
			t.Fatalf("another guest request reads the order: %v", d)
		}
	})
}

func TestFulfillmentCreatePayloadEdges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		orderID, lineID := paidOrder(t, w, "customer", v, 1, s)
		d, e := gql(t, w, "owner", `mutation($in: FulfillmentCreateInput!) { fulfillmentCreate(input: $in) { fulfillment { id trackingEvents { status } } userErrors { field code message } } }`,
			map[string]any{"in": map[string]any{"orderId": orderID, "lines": []any{map[string]any{"orderLineId": lineID, "quantity": 1}},
				"carrier": "La Poste", "trackingNumber": "6A1", "trackingUrl": "https://track.example/6A1"}})
		pl := mustOK(t, d, e, "fulfillmentCreate")
		if str(pl, "fulfillment.trackingEvents.0.status") != "SHIPPED" {
			t.Fatalf("fulfillmentCreate payload: %v", pl)
		}
	})
}
