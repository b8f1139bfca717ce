package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/internal/testdb"
)

// A registered customer's order is theirs: a stranger holding its id and
// its email reads nothing, reorders nothing and opens no return, through
// order(id:, email:), node(id:) or a subscription. A guest order is read
// with its email, but changed only with its signed access token, which
// checkout returns and its mails carry.
func TestOrdersBelongToTheirOwner(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		registered, line := paidOrder(t, w, "customer", v, 1, s)
		deliver(t, w, registered, line, 1) // so that a return could be asked for
		const (
			read    = `query($id: ID!, $e: String) { order(id: $id, email: $e) { id } }`
			node    = `query($id: ID!) { node(id: $id) { id } }`
			reorder = `mutation($id: ID!, $e: String, $t: String) { orderReorder(input: {orderId: $id, email: $e, accessToken: $t}) { cart { id } userErrors { code } } }`
			ret     = `mutation($id: ID!, $l: ID!, $e: String, $t: String) { returnRequest(input: {orderId: $id, email: $e, accessToken: $t, lines: [{orderLineId: $l, quantity: 1}]}) { return { id } userErrors { code } } }`
		)
		before := orderSnapshot(t, w)
		for _, actor := range []string{"anonymous", "stranger"} {
			vars := map[string]any{"id": registered, "l": line, "e": "buyer@example.com"}
			if d, e := gql(t, w, actor, read, vars); strings.Join(e, ",") != "NOT_FOUND" || get(d, "order") != nil {
				t.Errorf("%s reads a customer's order with its email: %v %v", actor, d, e)
			}
			if d, e := gql(t, w, actor, node, vars); len(e) > 0 || get(d, "node") != nil {
				t.Errorf("%s reads a customer's order as a node: %v %v", actor, d, e)
			}
			want := map[string]string{"anonymous": "UNAUTHENTICATED", "stranger": "FORBIDDEN"}[actor]
			if _, e := gql(t, w, actor, reorder, vars); strings.Join(e, ",") != want {
				t.Errorf("%s reorders a customer's order with its email: %v", actor, e)
			}
			if _, e := gql(t, w, actor, ret, vars); strings.Join(e, ",") != want {
				t.Errorf("%s asks a return of a customer's order with its email: %v", actor, e)
			}
		}
		if after := orderSnapshot(t, w); after != before {
			t.Fatal("a refused operation changed orders")
		}
		// The owner, signed in, needs neither.
		if d, e := gql(t, w, "customer", ret, map[string]any{"id": registered, "l": line}); len(e) > 0 || str(d, "returnRequest.return.id") == "" {
			t.Fatalf("owner's return: %v %v", d, e)
		}

		// A guest order.
		cartID := readyCart(t, w, "anonymous", v, 1, s)
		d := checkoutAs(t, w, "anonymous", cartID, key("owner", 1), "test", "tok_success")
		guest, tok := str(d, "checkoutComplete.order.id"), str(d, "checkoutComplete.orderAccessToken")
		if guest == "" || !strings.HasPrefix(tok, "oat_") {
			t.Fatalf("guest checkout: %v", d)
		}
		if d := checkoutAs(t, w, "customer", readyCart(t, w, "customer", v, 1, s), key("owner", 2), "test", "tok_success"); get(d, "checkoutComplete.orderAccessToken") != nil {
			t.Fatalf("a customer's order has an access token: %v", d)
		}
		if d, e := gql(t, w, "anonymous", read, map[string]any{"id": guest, "e": "Buyer@Example.com"}); len(e) > 0 || str(d, "order.id") != guest {
			t.Fatalf("guest read with the email: %v %v", d, e)
		}
		other, _ := paidOrder(t, w, "anonymous", v, 1, s)
		before = orderSnapshot(t, w)
		for name, vars := range map[string]map[string]any{
			"the email only":        {"id": guest, "e": "buyer@example.com"},
			"a forged token":        {"id": guest, "t": "oat_" + strings.Repeat("A", 43)},
			"another order's token": {"id": other, "t": tok},
			"an empty token":        {"id": guest, "t": ""},
		} {
			if _, e := gql(t, w, "anonymous", reorder, vars); strings.Join(e, ",") != "FORBIDDEN" {
				t.Errorf("reorder with %s: %v", name, e)
			}
			vars["l"] = line
			if _, e := gql(t, w, "anonymous", ret, vars); strings.Join(e, ",") != "FORBIDDEN" {
				t.Errorf("return with %s: %v", name, e)
			}
		}
		if after := orderSnapshot(t, w); after != before {
			t.Fatal("a refused guest operation changed orders")
		}
		if d, e := gql(t, w, "anonymous", reorder, map[string]any{"id": guest, "t": tok}); len(e) > 0 || str(d, "orderReorder.cart.id") == "" {
			t.Fatalf("guest reorder with the token: %v %v", d, e)
		}
		// The confirmation mail carries the token.
		waitSettled(t, st)
		m := st.Client.MailOutbox.Query().Where(mailoutbox.KindEQ("order_confirmation"), mailoutbox.TextContains(guest)).OnlyX(context.Background())
		if !strings.Contains(m.Text, "token="+tok) {
			t.Fatalf("the confirmation mail has no access token: %s", m.Text)
		}
	})
}

// A seller sees only its own share of a mixed order's amounts: its lines'
// subtotal, discount and tax, and its parcel's shipping; the two sellers'
// shares add up to the buyer's totals.
func TestSellerSeesOnlyItsShareOfAMixedOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		mine, theirs := w.stocked(t, 10), w.otherStocked(t, 10)
		cartID := readyCart(t, w, "customer", mine, 1, s)
		d, e := gql(t, w, "customer", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { userErrors { code } } }`,
			map[string]any{"c": cartID, "l": []any{line(theirs, 2)}})
		mustOK(t, d, e, "cartLinesAdd")
		d, e = gql(t, w, "customer", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`,
			map[string]any{"c": cartID, "m": s.flat})
		mustOK(t, d, e, "cartSelectShippingMethod")
		orderID := str(checkoutAs(t, w, "customer", cartID, key("share", 1), "test", "tok_success"), "checkoutComplete.order.id")
		const read = `query($id: ID!) { order(id: $id) { subtotalAmount { amount } discountAmount { amount } shippingAmount { amount } taxAmount { amount } totalAmount { amount } refundedAmount { amount }
			lines(first: 5) { edges { node { subtotalAmount { amount } taxAmount { amount } } } } } }`
		cents := func(v any) int64 {
			var units, frac int64
			fmt.Sscanf(fmt.Sprint(v), "%d.%d", &units, &frac)
			return units*100 + frac
		}
		views := map[string]map[string]int64{}
		for _, actor := range []string{"customer", "owner", "stranger"} {
			d, e := gql(t, w, actor, read, map[string]any{"id": orderID})
			if len(e) > 0 {
				t.Fatalf("%s: %v", actor, e)
			}
			v := map[string]int64{}
			for _, f := range []string{"subtotal", "discount", "shipping", "tax", "total", "refunded"} {
				v[f] = cents(get(d, "order."+f+"Amount.amount"))
			}
			var lines int64
			for _, l := range get(d, "order.lines.edges").([]any) {
				lines += cents(get(l, "node.subtotalAmount.amount"))
			}
			v["lines"] = lines
			views[actor] = v
		}
		for _, seller := range []string{"owner", "stranger"} {
			if v := views[seller]; v["subtotal"] != v["lines"] || v["subtotal"] == views["customer"]["subtotal"] {
				t.Errorf("%s sees subtotal %d for its lines' %d (whole order %d)", seller, v["subtotal"], v["lines"], views["customer"]["subtotal"])
			}
		}
		for _, f := range []string{"subtotal", "shipping", "tax", "total"} {
			if sum := views["owner"][f] + views["stranger"][f]; sum != views["customer"][f] {
				t.Errorf("%s: the sellers' shares %d + %d != the order's %d", f, views["owner"][f], views["stranger"][f], views["customer"][f])
			}
		}
	})
}
