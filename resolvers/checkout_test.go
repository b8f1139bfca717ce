package resolvers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/domainevent"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	domainevents "github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/testdb"
)

const pricedCart = `query($id: ID!) { cart(id: $id) {
	cost { subtotalAmount { amount } discountAmount { amount } shippingAmount { amount } taxAmount { amount } taxIncluded totalAmount { amount } }
	discountCodes { code applicable reason amount { amount } }
	availableShippingMethods { id name price { amount } deliveryEstimate }
	deliveryGroups { seller { id } weightGrams selectedShippingMethod { id name price { amount } } availableShippingMethods { name } }
	lines(first: 10) { edges { node { cost { subtotalAmount { amount } discountAmount { amount } taxAmount { amount } totalAmount { amount } } } } } } }`

func TestCartPricingWithDiscountShippingAndTax(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 50)
		st.Client.ProductVariant.UpdateOneID(pulid.ID(v)).SetWeightGrams(2500).ExecX(context.Background())
		d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "ten", discount: {kind: PERCENTAGE, value: "10"}}) { discountCode { id code value } userErrors { code message } } }`, nil)
		mustOK(t, d, e, "discountCodeCreate")
		d, e = gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "BIGSPENDER", discount: {kind: FIXED_AMOUNT, value: "20.00", minimumSubtotal: "200.00"}}) { userErrors { code message } } }`, nil)
		mustOK(t, d, e, "discountCodeCreate")

		id := readyCart(t, w, "anonymous", v, 3, s)
		d, e = gql(t, w, "anonymous", `mutation($c: ID!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: ["NOPE"]}) { userErrors { field code } } }`, map[string]any{"c": id})
		if len(e) > 0 || userCodes(d, "cartDiscountCodesUpdate") != "DISCOUNT_CODE_INVALID" {
			t.Fatalf("unknown code: %v %v", d, e)
		}
		d, e = gql(t, w, "anonymous", `mutation($c: ID!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: ["Ten ", "bigspender"]}) { userErrors { field code } } }`, map[string]any{"c": id})
		mustOK(t, d, e, "cartDiscountCodesUpdate")

		d, e = gql(t, w, "anonymous", pricedCart, map[string]any{"id": id})
		if len(e) > 0 {
			t.Fatal(e)
		}
		c := get(d, "cart")
		// 3 × 10.00 = 30.00; TEN takes 3.00; BIGSPENDER needs 200.00;
		// Colissimo 4.90; 20% tax on 27.00 (5.40) and on 4.90 (0.98).
		want := map[string]string{
			"cost.subtotalAmount.amount": "30.00", "cost.discountAmount.amount": "3.00", "cost.shippingAmount.amount": "4.90",
			"cost.taxAmount.amount": "6.38", "cost.totalAmount.amount": "38.28",
			"discountCodes.0.code": "TEN", "discountCodes.0.amount.amount": "3.00",
			"discountCodes.1.code": "BIGSPENDER", "discountCodes.1.reason": "the cart subtotal is below this code's minimum of 200.00",
			"availableShippingMethods.0.name": "Colissimo", "availableShippingMethods.0.deliveryEstimate": "2–4 business days",
			"availableShippingMethods.1.name": "Freight", "availableShippingMethods.1.price.amount": "15.00", // 3.00 + 8 started kg × 1.50
			"deliveryGroups.0.seller.id": string(w.seller.ID), "deliveryGroups.0.selectedShippingMethod.name": "Colissimo",
			"lines.edges.0.node.cost.discountAmount.amount": "3.00", "lines.edges.0.node.cost.taxAmount.amount": "5.40",
			"lines.edges.0.node.cost.totalAmount.amount": "27.00",
		}
		for p, v := range want {
			if got := str(c, p); got != v {
				t.Errorf("%s = %q, want %q", p, got, v)
			}
		}
		if get(c, "discountCodes.1.applicable") != false || get(c, "cost.taxIncluded") != false || get(c, "deliveryGroups.0.weightGrams") != float64(7500) {
			t.Errorf("cart: %v", c)
		}

		// A method that does not ship there is refused and nothing changes.
		d, e = gql(t, w, "anonymous", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`,
			map[string]any{"c": id, "m": "shm_01JZZZZZZZZZZZZZZZZZZZZZZZ"})
		if userCodes(d, "cartSelectShippingMethod") != "SHIPPING_METHOD_UNAVAILABLE" {
			t.Fatalf("unknown method: %v %v", d, e)
		}
		// Another country without a tax rate: no tax; a heavy order ships free above 100.00.
		de := map[string]any{"address1": "Unter den Linden 1", "city": "Berlin", "countryCode": "DE"}
		gql(t, w, "anonymous", `mutation($c: ID!, $a: MailingAddressInput!) { cartShippingAddressUpdate(input: {cartId: $c, address: $a}) { userErrors { code } } }`, map[string]any{"c": id, "a": de})
		gql(t, w, "anonymous", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { userErrors { code } } }`, map[string]any{"c": id, "l": []any{line(v, 9)}})
		d, _ = gql(t, w, "anonymous", pricedCart, map[string]any{"id": id})
		if got := str(d, "cart.cost.totalAmount.amount"); got != "108.00" || str(d, "cart.cost.taxAmount.amount") != "0.00" || str(d, "cart.cost.shippingAmount.amount") != "0.00" {
			t.Fatalf("DE, 12 units: %v", get(d, "cart.cost"))
		}
	})
}

func TestCheckoutLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		cartID := readyCart(t, w, "customer", v, 2, s)

		var d map[string]any
		purges := func() int {
			return st.Client.DomainEvent.Query().Where(domainevent.Type(domainevents.CachePurge)).CountX(context.Background())
		}
		before := purges()
		n := w.c.Statements(func() { d = checkoutAs(t, w, "customer", cartID, key("life", 1), "test", "tok_success") })
		// Each transaction that changes stock records one response cache
		// purge (internal/respcache): counted apart.
		p := int64(purges() - before)
		t.Logf("checkoutComplete: %d SQL statements, %d of them response cache purges", n, p)
		// 27: the order's analytics events take three (internal/analytics
		// server.go: the ORDER_PLACED insert, then at payment the lookup of
		// what was placed and the ORDER_PAID insert).
		if n-p >= 27 {
			t.Errorf("checkoutComplete ran %d statements besides %d purges, want fewer than 27", n-p, p)
		}
		o := get(d, "checkoutComplete.order")
		if o == nil || str(o, "status") != "PAID" || str(o, "paymentStatus") != "CAPTURED" || str(o, "totalAmount.amount") != "29.88" ||
			!strings.HasPrefix(str(o, "name"), "#100") || str(d, "checkoutComplete.payment.status") != "CAPTURED" {
			t.Fatalf("order: %v", d)
		}
		orderID := str(o, "id")
		if on, res := stock(t, w, v); on != 8 || res != 0 {
			t.Fatalf("stock after payment: on hand %d reserved %d, want 8 and 0", on, res)
		}
		// The same key and cart: the same answer. The same key, another cart: refused.
		again := checkoutAs(t, w, "customer", cartID, key("life", 1), "test", "tok_success")
		if str(again, "checkoutComplete.order.id") != orderID {
			t.Fatalf("replay gave %v", again)
		}
		other := readyCart(t, w, "anonymous", v, 1, s)
		if c := userCodes(checkoutAs(t, w, "anonymous", other, key("life", 1), "test", "tok_success"), "checkoutComplete"); c != "IDEMPOTENCY_KEY_REUSED" {
			t.Fatalf("reused key: %q", c)
		}
		// The cart is closed and emptied; a new key on it is CART_CLOSED.
		if c := userCodes(checkoutAs(t, w, "customer", cartID, key("life", 2), "test", "tok_success"), "checkoutComplete"); c != "CART_CLOSED" {
			t.Fatalf("closed cart: %q", c)
		}
		// Later catalog changes leave the order alone.
		st.Client.ProductVariant.Update().Where(productvariant.ID(pulid.ID(v))).SetPrice(99900).SetSku("RENAMED").ExecX(ctx)
		const read = `query($id: ID!, $e: String) { order(id: $id, email: $e) { id status totalAmount { amount }
			lines(first: 10) { totalCount edges { node { id sku unitPrice { amount } quantity } } }
			shipments { methodName price { amount } } payments { status capturedAmount { amount } }
			events(first: 20) { edges { node { type } } } } }`
		d, e := gql(t, w, "customer", read, map[string]any{"id": orderID})
		if len(e) > 0 || str(d, "order.lines.edges.0.node.unitPrice.amount") != "10.00" || str(d, "order.lines.edges.0.node.sku") == "RENAMED" ||
			str(d, "order.shipments.0.methodName") != "Colissimo" || str(d, "order.payments.0.capturedAmount.amount") != "29.88" {
			t.Fatalf("order read: %v %v", d, e)
		}
		if evs := eventTypes(d); evs != "PLACED,PAYMENT_CAPTURED" {
			t.Fatalf("timeline %s", evs)
		}
		lineID := str(d, "order.lines.edges.0.node.id")
		d, _ = gql(t, w, "customer", `{ me { orders(first: 5) { totalCount edges { node { id } } } } }`, nil)
		if str(d, "me.orders.edges.0.node.id") != orderID {
			t.Fatalf("me.orders: %v", d)
		}

		// Reads: a stranger is refused, even with the order's email; a wrong email is NOT_FOUND.
		if _, e := gql(t, w, "stranger", read, map[string]any{"id": orderID}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger read: %v", e)
		}
		if _, e := gql(t, w, "anonymous", read, map[string]any{"id": orderID}); strings.Join(e, ",") != "UNAUTHENTICATED" {
			t.Fatalf("anonymous read: %v", e)
		}
		// The email opens guest orders only: this one is a registered customer's.
		if d, e := gql(t, w, "anonymous", read, map[string]any{"id": orderID, "e": "BUYER@example.com"}); strings.Join(e, ",") != "NOT_FOUND" {
			t.Fatalf("a stranger with the email reads a customer's order: %v %v", d, e)
		}
		if _, e := gql(t, w, "anonymous", read, map[string]any{"id": orderID, "e": "someone@example.com"}); strings.Join(e, ",") != "NOT_FOUND" {
			t.Fatalf("wrong email: %v", e)
		}

		// Fulfilment: the other seller is refused; the owning seller ships.
		const ship = `mutation($in: FulfillmentCreateInput!) { fulfillmentCreate(input: $in) { fulfillment { id status } userErrors { field code message } } }`
		shipIn := map[string]any{"in": map[string]any{"orderId": orderID, "lines": []any{map[string]any{"orderLineId": lineID, "quantity": 2}},
			"carrier": "La Poste", "trackingNumber": "6A123", "trackingUrl": "https://track.example/6A123"}}
		for actor, want := range map[string]string{"stranger": "FORBIDDEN", "customer": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"} {
			if _, e := gql(t, w, actor, ship, shipIn); strings.Join(e, ",") != want {
				t.Fatalf("%s ships: %v", actor, e)
			}
		}
		bad := map[string]any{"in": map[string]any{"orderId": orderID, "lines": []any{map[string]any{"orderLineId": lineID, "quantity": 3}}}}
		if d, _ := gql(t, w, "owner", ship, bad); userCodes(d, "fulfillmentCreate") != "INVALID_QUANTITY" {
			t.Fatalf("too many shipped: %v", d)
		}
		d, e = gql(t, w, "owner", ship, shipIn)
		fulfillmentID := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { status fulfillmentStatus fulfillments { status trackingEvents { status } } } }`, map[string]any{"id": orderID})
		if str(d, "order.status") != "SHIPPED" || str(d, "order.fulfillmentStatus") != "FULFILLED" || str(d, "order.fulfillments.0.trackingEvents.0.status") != "SHIPPED" {
			t.Fatalf("after shipping: %v", d)
		}
		// Cancelling a shipped order is an illegal transition.
		d, _ = gql(t, w, "admin", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
		if userCodes(d, "orderCancel") != "ILLEGAL_TRANSITION" {
			t.Fatalf("cancel shipped: %v", d)
		}
		// Returns need delivery first.
		const ret = `mutation($in: ReturnRequestInput!) { returnRequest(input: $in) { return { id status } userErrors { field code message } } }`
		retIn := map[string]any{"in": map[string]any{"orderId": orderID, "lines": []any{map[string]any{"orderLineId": lineID, "quantity": 1}}, "reason": "too small"}}
		if d, _ := gql(t, w, "customer", ret, retIn); userCodes(d, "returnRequest") != "INVALID_QUANTITY" {
			t.Fatalf("return before delivery: %v", d)
		}
		const track = `mutation($in: FulfillmentTrackingUpdateInput!) { fulfillmentTrackingUpdate(input: $in) { fulfillment { status deliveredAt } userErrors { code } } }`
		for _, status := range []string{"IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"} {
			d, e = gql(t, w, "owner", track, map[string]any{"in": map[string]any{"fulfillmentId": fulfillmentID, "status": status, "location": "Paris"}})
			mustOK(t, d, e, "fulfillmentTrackingUpdate")
		}
		if _, e := gql(t, w, "stranger", track, map[string]any{"in": map[string]any{"fulfillmentId": fulfillmentID, "status": "IN_TRANSIT"}}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger tracks: %v", e)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { status deliveredAt } }`, map[string]any{"id": orderID})
		if str(d, "order.status") != "DELIVERED" || str(d, "order.deliveredAt") == "" {
			t.Fatalf("after delivery: %v", d)
		}
		// A stranger can't request a return of someone's order.
		if _, e := gql(t, w, "stranger", ret, retIn); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger return: %v", e)
		}
		d, e = gql(t, w, "customer", ret, retIn)
		returnID := str(mustOK(t, d, e, "returnRequest"), "return.id")
		// The other seller may not decide; the owning seller approves with a restock.
		const approve = `mutation($id: ID!) { returnApprove(input: {returnId: $id, restock: true}) { return { status refundId } userErrors { code message } } }`
		if _, e := gql(t, w, "stranger", approve, map[string]any{"id": returnID}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger approves: %v", e)
		}
		d, e = gql(t, w, "owner", approve, map[string]any{"id": returnID})
		if p := mustOK(t, d, e, "returnApprove"); str(p, "return.status") != "APPROVED" || str(p, "return.refundId") == "" {
			t.Fatalf("approve: %v", p)
		}
		if on, _ := stock(t, w, v); on != 9 {
			t.Fatalf("restocked on hand = %d, want 9", on)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { status paymentStatus refundedAmount { amount } refunds { amount { amount } status } } }`, map[string]any{"id": orderID})
		// One unit of a 2-unit line: half of 20.00 + 4.00 tax = 12.00.
		if str(d, "order.paymentStatus") != "PARTIALLY_REFUNDED" || str(d, "order.refundedAmount.amount") != "12.00" || str(d, "order.refunds.0.status") != "SUCCEEDED" {
			t.Fatalf("after return: %v", d)
		}

		// refundCreate: idempotent, bounded by what was captured.
		const refund = `mutation($in: RefundCreateInput!) { refundCreate(input: $in) { refund { id amount { amount } } userErrors { field code message } } }`
		r1 := map[string]any{"in": map[string]any{"orderId": orderID, "idempotencyKey": "refund-0001", "amount": "5.00", "reason": "goodwill"}}
		d, e = gql(t, w, "admin", refund, r1)
		refundID := str(mustOK(t, d, e, "refundCreate"), "refund.id")
		d, e = gql(t, w, "admin", refund, r1)
		if str(mustOK(t, d, e, "refundCreate"), "refund.id") != refundID {
			t.Fatalf("refund replay: %v", d)
		}
		r1["in"].(map[string]any)["amount"] = "6.00"
		if d, _ := gql(t, w, "admin", refund, r1); userCodes(d, "refundCreate") != "IDEMPOTENCY_KEY_REUSED" {
			t.Fatalf("refund key reuse: %v", d)
		}
		tooMuch := map[string]any{"in": map[string]any{"orderId": orderID, "idempotencyKey": "refund-0002", "amount": "12.89"}}
		if d, _ := gql(t, w, "admin", refund, tooMuch); userCodes(d, "refundCreate") != "REFUND_EXCEEDS_CAPTURED" {
			t.Fatalf("over-refund: %v", d)
		}
		if _, e := gql(t, w, "customer", refund, tooMuch); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("customer refunds: %v", e)
		}
		rest := map[string]any{"in": map[string]any{"orderId": orderID, "idempotencyKey": "refund-0003"}}
		d, e = gql(t, w, "admin", refund, rest)
		if str(mustOK(t, d, e, "refundCreate"), "refund.amount.amount") != "12.88" {
			t.Fatalf("refund of the rest: %v", d)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { order(id: $id) { status paymentStatus refundedAmount { amount } } }`, map[string]any{"id": orderID})
		if str(d, "order.status") != "REFUNDED" || str(d, "order.paymentStatus") != "REFUNDED" || str(d, "order.refundedAmount.amount") != "29.88" {
			t.Fatalf("fully refunded: %v", d)
		}
		n2 := st.Client.OrderEvent.Query().Where(orderevent.OrderID(pulid.ID(orderID)), orderevent.Type("REFUNDED")).CountX(ctx)
		if n2 != 3 {
			t.Fatalf("%d REFUNDED events, want 3", n2)
		}

		// Reorder refills the customer's cart from the order.
		d, e = gql(t, w, "customer", `mutation($id: ID!) { orderReorder(input: {orderId: $id}) { cart { id totalQuantity } userErrors { code } } }`, map[string]any{"id": orderID})
		if p := mustOK(t, d, e, "orderReorder"); get(p, "cart.totalQuantity") != float64(2) || str(p, "cart.id") == cartID {
			t.Fatalf("reorder: %v", p)
		}
		if _, e := gql(t, w, "stranger", `mutation($id: ID!) { orderReorder(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger reorders: %v", e)
		}
	})
}

func eventTypes(d map[string]any) string {
	edges, _ := get(d, "order.events.edges").([]any)
	var out []string
	for _, e := range edges {
		out = append(out, str(e, "node.type"))
	}
	return strings.Join(out, ",")
}

func TestCheckoutPaymentOutcomes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)

		// Declined: no order, the cart is open again with its lines, stock untouched.
		c1 := readyCart(t, w, "anonymous", v, 1, s)
		d := checkoutAs(t, w, "anonymous", c1, key("out", 1), "test", "tok_decline")
		if userCodes(d, "checkoutComplete") != "PAYMENT_DECLINED" || get(d, "checkoutComplete.order") != nil {
			t.Fatalf("decline: %v", d)
		}
		if again := checkoutAs(t, w, "anonymous", c1, key("out", 1), "test", "tok_decline"); userCodes(again, "checkoutComplete") != "PAYMENT_DECLINED" {
			t.Fatalf("decline replay: %v", again)
		}
		if on, res := stock(t, w, v); on != 10 || res != 0 {
			t.Fatalf("after decline: %d/%d", on, res)
		}
		d = checkoutAs(t, w, "anonymous", c1, key("out", 2), "test", "tok_success")
		if str(d, "checkoutComplete.order.status") != "PAID" {
			t.Fatalf("retry after decline: %v", d)
		}

		// A second step: pending with CONFIRM, then paymentConfirm by the guest.
		c2 := readyCart(t, w, "anonymous", v, 1, s)
		d = checkoutAs(t, w, "anonymous", c2, key("out", 3), "test", "tok_confirm")
		if str(d, "checkoutComplete.order.status") != "PENDING_PAYMENT" || str(d, "checkoutComplete.payment.nextAction") != "CONFIRM" || str(d, "checkoutComplete.payment.clientSecret") == "" {
			t.Fatalf("3DS: %v", d)
		}
		o2 := str(d, "checkoutComplete.order.id")
		if on, res := stock(t, w, v); on != 9 || res != 1 {
			t.Fatalf("reserved while pending: %d/%d", on, res)
		}
		const confirm = `mutation($id: ID!, $e: String, $t: String) { paymentConfirm(input: {orderId: $id, email: $e, accessToken: $t}) { order { status } userErrors { code } } }`
		if _, e := gql(t, w, "stranger", confirm, map[string]any{"id": o2}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger confirms: %v", e)
		}
		// The email alone reads a guest order but does not change it.
		if _, e := gql(t, w, "anonymous", confirm, map[string]any{"id": o2, "e": "buyer@example.com"}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("confirm with the email only: %v", e)
		}
		tok := str(d, "checkoutComplete.orderAccessToken")
		if tok == "" {
			t.Fatalf("a guest's checkout returns no access token: %v", d)
		}
		dd, e := gql(t, w, "anonymous", confirm, map[string]any{"id": o2, "t": tok})
		if str(mustOK(t, dd, e, "paymentConfirm"), "order.status") != "PAID" {
			t.Fatalf("confirm: %v", dd)
		}

		// Manual: waits; only staff mark it paid; marking twice is illegal.
		c3 := readyCart(t, w, "anonymous", v, 1, s)
		d = checkoutAs(t, w, "anonymous", c3, key("out", 4), "manual", "")
		o3 := str(d, "checkoutComplete.order.id")
		if str(d, "checkoutComplete.payment.nextAction") != "AWAIT_PAYMENT" || str(d, "checkoutComplete.order.status") != "PENDING_PAYMENT" {
			t.Fatalf("manual: %v", d)
		}
		const markPaid = `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { order { status paymentStatus } userErrors { code } } }`
		for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "stranger": "FORBIDDEN"} {
			if _, e := gql(t, w, actor, markPaid, map[string]any{"id": o3}); strings.Join(e, ",") != want {
				t.Fatalf("%s marks paid: %v", actor, e)
			}
		}
		dd, e = gql(t, w, "admin", markPaid, map[string]any{"id": o3})
		if str(mustOK(t, dd, e, "orderMarkPaid"), "order.status") != "PAID" {
			t.Fatalf("mark paid: %v", dd)
		}
		if dd, _ := gql(t, w, "admin", markPaid, map[string]any{"id": o3}); userCodes(dd, "orderMarkPaid") != "ILLEGAL_TRANSITION" {
			t.Fatalf("mark paid twice: %v", dd)
		}
		// Cancelling a paid order restocks and refunds it.
		onBefore, _ := stock(t, w, v)
		dd, e = gql(t, w, "owner", `mutation($id: ID!) { orderCancel(input: {orderId: $id, reason: "customer asked"}) { order { status paymentStatus refundedAmount { amount } totalAmount { amount } } userErrors { code } } }`, map[string]any{"id": o3})
		p := mustOK(t, dd, e, "orderCancel")
		if str(p, "order.status") != "CANCELLED" || str(p, "order.paymentStatus") != "REFUNDED" || str(p, "order.refundedAmount.amount") != str(p, "order.totalAmount.amount") {
			t.Fatalf("cancel paid: %v", p)
		}
		if on, _ := stock(t, w, v); on != onBefore+1 {
			t.Fatalf("cancel restock: %d → %d", onBefore, on)
		}

		// Expiry: the sweeper cancels an unpaid order and releases its stock.
		c4 := readyCart(t, w, "anonymous", v, 2, s)
		d = checkoutAs(t, w, "anonymous", c4, key("out", 5), "manual", "")
		o4 := str(d, "checkoutComplete.order.id")
		on, res := stock(t, w, v)
		svc := w.c.Server.Orders()
		if n, err := svc.Sweep(context.Background(), 100); err != nil || n != 0 {
			t.Fatalf("early sweep expired %d (%v)", n, err)
		}
		svc.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
		defer func() { svc.Now = time.Now }()
		if n, err := svc.Sweep(context.Background(), 100); err != nil || n != 1 {
			t.Fatalf("sweep expired %d (%v), want 1", n, err)
		}
		if on2, res2 := stock(t, w, v); on2 != on || res2 != res-2 {
			t.Fatalf("sweep released %d/%d → %d/%d", on, res, on2, res2)
		}
		dd, _ = gql(t, w, "admin", `query($id: ID!) { order(id: $id) { status paymentStatus events(first: 10) { edges { node { type } } } } }`, map[string]any{"id": o4})
		if str(dd, "order.status") != "CANCELLED" || str(dd, "order.paymentStatus") != "FAILED" || !strings.Contains(eventTypes(dd), "PAYMENT_EXPIRED") {
			t.Fatalf("expired order: %v", dd)
		}
		// Marking an expired order paid is illegal.
		if dd, _ := gql(t, w, "admin", markPaid, map[string]any{"id": o4}); userCodes(dd, "orderMarkPaid") != "ILLEGAL_TRANSITION" {
			t.Fatalf("mark expired paid: %v", dd)
		}
	})
}
