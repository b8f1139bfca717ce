package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

// userErrorsOf returns "CODE@field.path" for each userError of a payload.
func userErrorsOf(data map[string]any, payload string) string {
	ues, _ := get(data, payload+".userErrors").([]any)
	var out []string
	for _, u := range ues {
		var f []string
		for _, p := range get(u, "field").([]any) {
			f = append(f, fmt.Sprint(p))
		}
		out = append(out, str(u, "code")+"@"+strings.Join(f, "."))
	}
	return strings.Join(out, ",")
}

// F6 (red team): 999 × a price of 184,652,092,829,925.45 wrapped int64
// around: the cart showed 8.39 and checkout placed the order at 14.84.
// Such a price is refused where it is entered, naming the field; a price
// already stored that high (before the bound, or written around the API)
// cannot make a line: the cart is left as it was; and a cart that holds
// one anyway is refused at checkout (nothing reserved, no order) and its
// amounts are never shown.
func TestHugePriceTimesQuantityIsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		s := setupShop(t, w)
		huge := w.stocked(t, 1000)

		// At input: the price, above 99,999,999,999.99, is a userError on
		// input.price; so is a weight above 1,000 t.
		const update = `mutation($in: ProductVariantUpdateInput!) { productVariantUpdate(input: $in) { productVariant { id price { amount } } userErrors { field code message } } }`
		for _, c := range []struct {
			in   map[string]any
			want string
		}{
			{map[string]any{"id": huge, "price": "184652092829925.45"}, "INVALID@input.price"},
			{map[string]any{"id": huge, "price": "100000000000"}, "INVALID@input.price"},
			{map[string]any{"id": huge, "compareAtPrice": "184652092829925.45"}, "INVALID@input.compareAtPrice"},
			{map[string]any{"id": huge, "weightGrams": 1_000_000_001}, "INVALID@input.weightGrams"},
		} {
			d, e := gql(t, w, "owner", update, map[string]any{"in": c.in})
			if len(e) > 0 || userErrorsOf(d, "productVariantUpdate") != c.want {
				t.Fatalf("productVariantUpdate %v: errors %v, userErrors %s, want %s", c.in, e, userErrorsOf(d, "productVariantUpdate"), c.want)
			}
		}
		d, e := gql(t, w, "owner", update, map[string]any{"in": map[string]any{"id": huge, "price": "99999999999.99"}})
		if p := mustOK(t, d, e, "productVariantUpdate"); str(p, "productVariant.price.amount") != "99999999999.99" {
			t.Fatalf("the largest price: %v", p)
		}
		// At the largest price a line holds one unit, and with shipping
		// and tax the order's total would be above the largest amount:
		// checkout refuses it.
		d, e = gql(t, w, "anonymous", `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { field code } } }`,
			map[string]any{"l": []any{line(huge, 2)}})
		if len(e) > 0 || userErrorsOf(d, "cartCreate") != "INVALID_QUANTITY@input.lines.0.quantity" {
			t.Fatalf("cartCreate 2 × 99999999999.99: errors %v, payload %v", e, d["cartCreate"])
		}
		top := readyCart(t, w, "anonymous", huge, 1, s)
		d = checkoutAs(t, w, "anonymous", top, key("f6", 0), "test", "tok_success")
		if got := userErrorsOf(d, "checkoutComplete"); got != "INVALID@input.cartId" {
			t.Fatalf("checkout of 99999999999.99 + shipping + tax: userErrors %s, order %v", got, get(d, "checkoutComplete.order"))
		}

		// A price stored above the bound.
		st.Client.ProductVariant.UpdateOneID(pulid.ID(huge)).SetPrice(18_465_209_282_992_545).ExecX(ctx)
		cartID := readyCart(t, w, "customer", w.stocked(t, 10), 1, s)
		lines := func() string {
			ls := st.Client.CartLine.Query().Where(cartline.CartID(pulid.ID(cartID))).Order(cartline.ByID()).AllX(ctx)
			var out []string
			for _, l := range ls {
				out = append(out, fmt.Sprintf("%s×%d", l.VariantID, l.Quantity))
			}
			return strings.Join(out, ",")
		}
		before := lines()
		d, e = gql(t, w, "customer", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { cart { id cost { totalAmount { amount } } } userErrors { field code message } } }`,
			map[string]any{"c": cartID, "l": []any{line(huge, 999)}})
		if len(e) > 0 || userErrorsOf(d, "cartLinesAdd") != "INVALID_QUANTITY@input.lines.0.quantity" {
			t.Fatalf("cartLinesAdd 999 × 184652092829925.45: errors %v, payload %v", e, d["cartLinesAdd"])
		}
		if after := lines(); after != before {
			t.Fatalf("the refused add changed the cart: %s, was %s", after, before)
		}
		d, e = gql(t, w, "customer", `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { field code } } }`,
			map[string]any{"l": []any{line(huge, 999)}})
		if len(e) > 0 || userErrorsOf(d, "cartCreate") != "INVALID_QUANTITY@input.lines.0.quantity" {
			t.Fatalf("cartCreate: errors %v, payload %v", e, d["cartCreate"])
		}
		if after := lines(); after != before {
			t.Fatalf("the refused cartCreate changed the customer's cart: %s, was %s", after, before)
		}

		// A cart holding the line anyway (written around the API).
		direct := directCart(t, w, huge, 999, s.flat, w.seller.ID)
		_, e = gql(t, w, "anonymous", `query($id: ID!) { cart(id: $id) { cost { totalAmount { amount } subtotalAmount { amount } } } }`, map[string]any{"id": direct})
		if len(e) == 0 || e[0] != "BAD_USER_INPUT" {
			t.Fatalf("reading an overflowing cart's cost: errors %v, want BAD_USER_INPUT (never an amount, never INTERNAL)", e)
		}
		_, reserved := stock(t, w, huge)
		d = checkoutAs(t, w, "anonymous", direct, key("f6", 1), "test", "tok_success")
		if got := userErrorsOf(d, "checkoutComplete"); got != "INVALID@input.cartId" || get(d, "checkoutComplete.order") != nil {
			t.Fatalf("checkout of an overflowing cart: userErrors %s, order %v", got, get(d, "checkoutComplete.order"))
		}
		if n := st.Client.Order.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d orders placed", n)
		}
		if _, r := stock(t, w, huge); r != reserved {
			t.Fatalf("checkout reserved %d units", r-reserved)
		}
		if c := st.Client.Cart.GetX(ctx, pulid.ID(direct)); c.Status != entcart.StatusACTIVE {
			t.Fatalf("the refused checkout left the cart %s", c.Status)
		}
	})
}

// F6 (red team): a rate of 999,999,999,999,999.99 per kg with a heavy
// parcel priced shipping below zero. Such a rate is refused where it is
// entered; a rate within the bound whose price for a parcel would leave
// int64 does not ship that parcel; no shipping price is ever negative.
func TestHugeRatePerKgIsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		d, e := gql(t, w, "admin", `{ shippingZones { id } }`, nil)
		zone := str(d, "shippingZones.0.id")
		if zone == "" {
			t.Fatalf("no zone: %v %v", d, e)
		}
		const create = `mutation($z: ID!, $m: ShippingMethodInput!) { shippingMethodCreate(input: {zoneId: $z, method: $m}) { shippingMethod { id } userErrors { field code message } } }`
		method := func(rate string) map[string]any {
			return map[string]any{"name": "Heavy", "kind": "WEIGHT", "price": "1.00", "pricePerKg": rate, "minDeliveryDays": 1, "maxDeliveryDays": 9}
		}
		d, e = gql(t, w, "admin", create, map[string]any{"z": zone, "m": method("999999999999999.99")})
		if got := userErrorsOf(d, "shippingMethodCreate"); len(e) > 0 || got != "INVALID@input.method.pricePerKg" {
			t.Fatalf("shippingMethodCreate at 999999999999999.99 per kg: errors %v, userErrors %s", e, got)
		}
		d, e = gql(t, w, "admin", create, map[string]any{"z": zone, "m": method("99999999999.99")})
		heavy := str(mustOK(t, d, e, "shippingMethodCreate"), "shippingMethod.id")

		// 999 units of 1,000 t: 999,000,000 kg at 99,999,999,999.99 a kg.
		v := w.stocked(t, 999)
		d, e = gql(t, w, "owner", `mutation($in: ProductVariantUpdateInput!) { productVariantUpdate(input: $in) { userErrors { field code } } }`,
			map[string]any{"in": map[string]any{"id": v, "weightGrams": 1_000_000_000}})
		mustOK(t, d, e, "productVariantUpdate")
		cartID := readyCart(t, w, "customer", v, 999, s)
		d, e = gql(t, w, "customer", `query($id: ID!) { cart(id: $id) {
			availableShippingMethods { shippingMethodId price { amount } }
			deliveryGroups { availableShippingMethods { shippingMethodId price { amount } } }
			cost { totalAmount { amount } } } }`, map[string]any{"id": cartID})
		if len(e) > 0 {
			t.Fatalf("cart: errors %v", e)
		}
		var rates []any
		all, _ := get(d, "cart.availableShippingMethods").([]any)
		rates = append(rates, all...)
		groups, _ := get(d, "cart.deliveryGroups").([]any)
		for _, g := range groups {
			rs, _ := get(g, "availableShippingMethods").([]any)
			rates = append(rates, rs...)
		}
		if len(rates) == 0 {
			t.Fatalf("no rate at all: %v", d)
		}
		for _, r := range rates {
			if str(r, "shippingMethodId") == heavy || strings.HasPrefix(str(r, "price.amount"), "-") {
				t.Fatalf("rate %v offered (the heavy method's price leaves int64; no price is negative)", r)
			}
		}
		if total := str(d, "cart.cost.totalAmount.amount"); strings.HasPrefix(total, "-") {
			t.Fatalf("cart total %s", total)
		}
		d, e = gql(t, w, "customer", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { field code } } }`,
			map[string]any{"c": cartID, "m": heavy})
		if len(e) > 0 || userCodes(d, "cartSelectShippingMethod") != "SHIPPING_METHOD_UNAVAILABLE" {
			t.Fatalf("choosing the heavy method: errors %v, payload %v", e, d["cartSelectShippingMethod"])
		}
	})
}
