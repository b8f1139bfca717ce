package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

func applyCode(t *testing.T, w *world, actor, cartID, code string) {
	t.Helper()
	d, e := gql(t, w, actor, `mutation($c: ID!, $d: [String!]!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: $d}) { userErrors { code message } } }`,
		map[string]any{"c": cartID, "d": []string{code}})
	mustOK(t, d, e, "cartDiscountCodesUpdate")
}

// Usage limits hold under concurrency: a code usable 3 times, 12 checkouts
// at once, 3 orders; a per-customer limit refuses a second use by the same
// customer.
func TestDiscountUsageLimits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 100)
		for _, in := range []string{
			`{code: "THREE", discount: {kind: FIXED_AMOUNT, value: "1.00", usageLimit: 3}}`,
			`{code: "ONCE", discount: {kind: PERCENTAGE, value: "5", perCustomerLimit: 1}}`,
			`{code: "LATER", discount: {kind: PERCENTAGE, value: "5", startsAt: "2099-01-01T00:00:00Z"}}`,
		} {
			d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: `+in+`) { userErrors { code message } } }`, nil)
			mustOK(t, d, e, "discountCodeCreate")
		}
		carts := make([]string, 12)
		for i := range carts {
			carts[i] = directCart(t, w, v, 1, s.flat, w.seller.ID)
			applyCode(t, w, "anonymous", carts[i], "three")
		}
		var mu sync.Mutex
		placed, refused := 0, 0
		var wg sync.WaitGroup
		for i, c := range carts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				raw, err := checkoutRaw(t, w, c, key("three", i))
				var d map[string]any
				_ = json.Unmarshal([]byte(raw), &d)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					t.Errorf("%v", err)
				case str(d, "checkoutComplete.order.status") == "PAID" && str(d, "checkoutComplete.order.discountAmount.amount") == "1.00":
					placed++
				case userCodes(d, "checkoutComplete") == "DISCOUNT_CODE_NOT_APPLICABLE":
					refused++
				default:
					t.Errorf("unexpected %s", raw)
				}
			}()
		}
		wg.Wait()
		used := st.Client.DiscountCode.Query().Where(discountcode.CodeKey("THREE")).OnlyX(context.Background()).UsedCount
		if placed != 3 || refused != 9 || used != 3 {
			t.Fatalf("%d placed, %d refused, used %d; want 3, 9, 3", placed, refused, used)
		}
		// A refused checkout keeps the cart usable: drop the code and pay full price.
		// (Its stock was never taken.)
		if on, res := stock(t, w, v); on != 97 || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}

		// Per customer: the customer's second order with ONCE is refused.
		for i := 0; i < 2; i++ {
			c := readyCart(t, w, "customer", v, 1, s)
			applyCode(t, w, "customer", c, "ONCE")
			d := checkoutAs(t, w, "customer", c, key("once", i), "test", "tok_success")
			got := str(d, "checkoutComplete.order.status")
			if i == 0 && got != "PAID" {
				t.Fatalf("first use: %v", d)
			}
			if i == 1 && userCodes(d, "checkoutComplete") != "DISCOUNT_CODE_NOT_APPLICABLE" {
				t.Fatalf("second use: %v", d)
			}
		}
		// A declined payment gives its code back: the retry may use it.
		d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "SINGLE", discount: {kind: PERCENTAGE, value: "10", usageLimit: 1, perCustomerLimit: 1}}) { userErrors { code } } }`, nil)
		mustOK(t, d, e, "discountCodeCreate")
		sc := readyCart(t, w, "anonymous", v, 1, s)
		applyCode(t, w, "anonymous", sc, "SINGLE")
		if d := checkoutAs(t, w, "anonymous", sc, key("single", 0), "test", "tok_decline"); userCodes(d, "checkoutComplete") != "PAYMENT_DECLINED" {
			t.Fatalf("declined: %v", d)
		}
		if d := checkoutAs(t, w, "anonymous", sc, key("single", 1), "test", "tok_success"); str(d, "checkoutComplete.order.discountAmount.amount") != "1.00" {
			t.Fatalf("retry with the code given back: %v", d)
		}

		// A code not valid yet is kept on the cart but does not apply, and
		// checkout says so.
		c := readyCart(t, w, "anonymous", v, 1, s)
		applyCode(t, w, "anonymous", c, "later")
		d, _ = gql(t, w, "anonymous", `query($id: ID!) { cart(id: $id) { discountCodes { applicable reason } } }`, map[string]any{"id": c})
		if get(d, "cart.discountCodes.0.applicable") != false || str(d, "cart.discountCodes.0.reason") != "this code is not valid yet" {
			t.Fatalf("future code: %v", d)
		}
		if d := checkoutAs(t, w, "anonymous", c, key("later", 0), "test", "tok_success"); userCodes(d, "checkoutComplete") != "DISCOUNT_CODE_NOT_APPLICABLE" {
			t.Fatalf("checkout with a future code: %v", d)
		}
		// Admin-only setup: a customer is refused.
		if _, e := gql(t, w, "customer", `mutation { discountCodeCreate(input: {code: "FREE", discount: {kind: PERCENTAGE, value: "100"}}) { userErrors { code } } }`, nil); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("customer creates a code: %v", e)
		}
		for _, q := range []string{
			`mutation { taxRateSet(input: {countryCode: "FR", percentage: "0"}) { userErrors { code } } }`,
			`mutation { shippingZoneCreate(input: {name: "Mine", countries: ["FR"]}) { userErrors { code } } }`,
			`{ taxRates { id } }`, `{ shippingZones { id } }`, `{ discountCodes(first: 5) { totalCount } }`,
		} {
			for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "owner": "FORBIDDEN"} {
				if _, e := gql(t, w, actor, q, nil); strings.Join(e, ",") != want {
					t.Fatalf("%s: %s → %v", actor, q, e)
				}
			}
		}
	})
}

// Shop setup validates its input.
func TestSetupValidation(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st)
	for _, c := range []struct{ query, payload, want string }{
		{`mutation { taxRateSet(input: {countryCode: "XX", percentage: "20"}) { userErrors { field code } } }`, "taxRateSet", "INVALID"},
		{`mutation { taxRateSet(input: {countryCode: "FR", percentage: "120"}) { userErrors { field code } } }`, "taxRateSet", "INVALID"},
		{`mutation { shippingZoneCreate(input: {name: "", countries: ["FR"]}) { userErrors { field code } } }`, "shippingZoneCreate", "INVALID"},
		{`mutation { shippingZoneCreate(input: {name: "Z", countries: ["Narnia"]}) { userErrors { field code } } }`, "shippingZoneCreate", "INVALID"},
		{`mutation { discountCodeCreate(input: {code: "has space", discount: {kind: PERCENTAGE, value: "10"}}) { userErrors { field code } } }`, "discountCodeCreate", "INVALID"},
		{`mutation { discountCodeCreate(input: {code: "P", discount: {kind: PERCENTAGE, value: "101"}}) { userErrors { field code } } }`, "discountCodeCreate", "INVALID"},
		{`mutation { discountCodeCreate(input: {code: "E", discount: {kind: PERCENTAGE, value: "5", startsAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z"}}) { userErrors { field code } } }`, "discountCodeCreate", "INVALID"},
	} {
		d, e := gql(t, w, "admin", c.query, nil)
		if len(e) > 0 || userCodes(d, c.payload) != c.want {
			t.Errorf("%s: %v %v", c.query, d, e)
		}
	}
	// A malformed Decimal is refused by the scalar itself.
	if _, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "D", discount: {kind: FIXED_AMOUNT, value: "abc"}}) { userErrors { code } } }`, nil); strings.Join(e, ",") != "BAD_USER_INPUT" {
		t.Fatalf("malformed decimal: %v", e)
	}
	d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "dup", discount: {kind: PERCENTAGE, value: "5"}}) { userErrors { code } } }`, nil)
	mustOK(t, d, e, "discountCodeCreate")
	if d, _ := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "DUP", discount: {kind: PERCENTAGE, value: "5"}}) { userErrors { code } } }`, nil); userCodes(d, "discountCodeCreate") != "TAKEN" {
		t.Fatalf("duplicate code: %v", d)
	}
	if n := st.Client.DiscountCode.Query().CountX(context.Background()); n != 1 {
		t.Fatalf("%d codes after refusals, want 1", n)
	}
}

// With tax-inclusive prices the total is the sum of prices and tax is the
// part of it that is tax.
func TestTaxInclusivePrices(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w := newWorld(t, st, apitest.Config(func(c *config.Config) { c.PricesIncludeTax = true }))
	s := setupShop(t, w)
	v := w.stocked(t, 10)
	c := readyCart(t, w, "anonymous", v, 3, s)
	d, _ := gql(t, w, "anonymous", pricedCart, map[string]any{"id": c})
	// 30.00 incl. 20% → 5.00 tax; shipping 4.90 incl. → 0.82 tax.
	if str(d, "cart.cost.totalAmount.amount") != "34.90" || str(d, "cart.cost.taxAmount.amount") != "5.82" || get(d, "cart.cost.taxIncluded") != true {
		t.Fatalf("inclusive: %v", get(d, "cart.cost"))
	}
}

// Returns are accepted within the window after delivery only, and staff may
// refuse them.
func TestReturnWindowAndRefusal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		c := readyCart(t, w, "customer", v, 2, s)
		orderID := str(checkoutAs(t, w, "customer", c, key("ret", 1), "test", "tok_success"), "checkoutComplete.order.id")
		d, _ := gql(t, w, "customer", `query($id: ID!) { order(id: $id) { lines(first: 1) { edges { node { id } } } } }`, map[string]any{"id": orderID})
		lineID := str(d, "order.lines.edges.0.node.id")
		d, e := gql(t, w, "owner", `mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 2}]}) { fulfillment { id } userErrors { code } } }`, map[string]any{"o": orderID, "l": lineID})
		fid := str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
		d, e = gql(t, w, "owner", `mutation($f: ID!) { fulfillmentTrackingUpdate(input: {fulfillmentId: $f, status: DELIVERED}) { userErrors { code } } }`, map[string]any{"f": fid})
		mustOK(t, d, e, "fulfillmentTrackingUpdate")

		const ret = `mutation($o: ID!, $l: ID!, $q: Int!) { returnRequest(input: {orderId: $o, lines: [{orderLineId: $l, quantity: $q}]}) { return { id } userErrors { code message } } }`
		svc := w.c.Server.Orders()
		svc.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
		d, _ = gql(t, w, "customer", ret, map[string]any{"o": orderID, "l": lineID, "q": 1})
		svc.Now = time.Now
		if userCodes(d, "returnRequest") != "RETURN_WINDOW_CLOSED" {
			t.Fatalf("late return: %v", d)
		}
		d, e = gql(t, w, "customer", ret, map[string]any{"o": orderID, "l": lineID, "q": 2})
		rid := str(mustOK(t, d, e, "returnRequest"), "return.id")
		// Nothing left to return while that request is open.
		if d, _ := gql(t, w, "customer", ret, map[string]any{"o": orderID, "l": lineID, "q": 1}); userCodes(d, "returnRequest") != "INVALID_QUANTITY" {
			t.Fatalf("double return: %v", d)
		}
		const refuse = `mutation($r: ID!, $n: String!) { returnRefuse(input: {returnId: $r, note: $n}) { return { status decisionNote } userErrors { code } } }`
		if _, e := gql(t, w, "customer", refuse, map[string]any{"r": rid, "n": "no"}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("customer refuses: %v", e)
		}
		if d, _ := gql(t, w, "owner", refuse, map[string]any{"r": rid, "n": " "}); userCodes(d, "returnRefuse") != "INVALID" {
			t.Fatalf("refusal without a reason: %v", d)
		}
		d, e = gql(t, w, "owner", refuse, map[string]any{"r": rid, "n": "worn"})
		if str(mustOK(t, d, e, "returnRefuse"), "return.status") != "REFUSED" {
			t.Fatalf("refuse: %v", d)
		}
		if d, _ := gql(t, w, "owner", `mutation($r: ID!) { returnApprove(input: {returnId: $r}) { userErrors { code } } }`, map[string]any{"r": rid}); userCodes(d, "returnApprove") != "ILLEGAL_TRANSITION" {
			t.Fatalf("approve a refused return: %v", d)
		}
		// A refused return frees its units for another request.
		d, e = gql(t, w, "customer", ret, map[string]any{"o": orderID, "l": lineID, "q": 1})
		mustOK(t, d, e, "returnRequest")
		_ = fmt.Sprint()
	})
}
