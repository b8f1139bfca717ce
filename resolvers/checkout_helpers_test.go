package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// gql runs an operation as an actor and returns data and error codes as
// generic JSON, read with get.
func gql(t *testing.T, w *world, actor, query string, vars map[string]any) (map[string]any, []string) {
	t.Helper()
	r := w.c.QueryAs(t, w.tokens[actor], query, vars)
	var data map[string]any
	_ = json.Unmarshal(r.Data, &data)
	var codes []string
	for _, e := range r.Errors {
		codes = append(codes, e.Code())
	}
	return data, codes
}

// get reads a dotted path ("a.b.0.c") from generic JSON.
func get(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func str(v any, path string) string {
	s, _ := get(v, path).(string)
	return s
}

// mustOK fails on top-level errors or userErrors at payload.
func mustOK(t *testing.T, data map[string]any, errs []string, payload string) map[string]any {
	t.Helper()
	if len(errs) > 0 {
		t.Fatalf("%s: errors %v", payload, errs)
	}
	p, _ := data[payload].(map[string]any)
	if p == nil {
		t.Fatalf("%s: no payload in %v", payload, data)
	}
	if ues, _ := p["userErrors"].([]any); len(ues) > 0 {
		t.Fatalf("%s: userErrors %v", payload, ues)
	}
	return p
}

// userCodes lists the userError codes of a payload.
func userCodes(data map[string]any, payload string) string {
	ues, _ := get(data, payload+".userErrors").([]any)
	var out []string
	for _, u := range ues {
		out = append(out, str(u, "code"))
	}
	return strings.Join(out, ",")
}

// shop is the checkout fixture: tax, shipping and a code, set up by the
// admin through the API.
type shop struct {
	flat, weight, express string // shipping method ids
}

func setupShop(t *testing.T, w *world) shop {
	t.Helper()
	var s shop
	d, e := gql(t, w, "admin", `mutation { taxRateSet(input: {countryCode: "FR", percentage: "20", name: "TVA"}) { taxRate { id percentage } userErrors { code } } }`, nil)
	mustOK(t, d, e, "taxRateSet")
	d, e = gql(t, w, "admin", `mutation { shippingZoneCreate(input: {name: "EU", countries: ["FR", "DE", "BE"]}) { shippingZone { id } userErrors { code } } }`, nil)
	zone := str(mustOK(t, d, e, "shippingZoneCreate"), "shippingZone.id")
	method := func(in string) string {
		d, e := gql(t, w, "admin", `mutation($z: ID!) { shippingMethodCreate(input: {zoneId: $z, method: {`+in+`}}) { shippingMethod { id } userErrors { field code message } } }`, map[string]any{"z": zone})
		return str(mustOK(t, d, e, "shippingMethodCreate"), "shippingMethod.id")
	}
	s.flat = method(`name: "Colissimo", kind: FLAT, price: "4.90", freeAbove: "100.00", minDeliveryDays: 2, maxDeliveryDays: 4`)
	s.weight = method(`name: "Freight", kind: WEIGHT, price: "3.00", pricePerKg: "1.50", minWeightGrams: 0, maxWeightGrams: 30000, minDeliveryDays: 3, maxDeliveryDays: 6`)
	s.express = method(`name: "Express", kind: FLAT, price: "15.00", minDeliveryDays: 1, maxDeliveryDays: 1, active: true`)
	return s
}

var frAddress = map[string]any{"firstName": "Ada", "lastName": "L", "address1": "1 rue de Rivoli", "city": "Paris", "zip": "75001", "countryCode": "FR"}

// readyCart makes a cart of one line, with email, French address and the
// flat method chosen, through the API.
func readyCart(t *testing.T, w *world, actor, variant string, qty int, s shop) string {
	t.Helper()
	d, e := gql(t, w, actor, `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code message } } }`,
		map[string]any{"l": []any{line(variant, qty)}})
	id := str(mustOK(t, d, e, "cartCreate"), "cart.id")
	d, e = gql(t, w, actor, `mutation($c: ID!) { cartBuyerIdentityUpdate(input: {cartId: $c, buyerIdentity: {email: "buyer@example.com"}}) { userErrors { code } } }`, map[string]any{"c": id})
	mustOK(t, d, e, "cartBuyerIdentityUpdate")
	d, e = gql(t, w, actor, `mutation($c: ID!, $a: MailingAddressInput!) { cartShippingAddressUpdate(input: {cartId: $c, address: $a}) { userErrors { code } } }`, map[string]any{"c": id, "a": frAddress})
	mustOK(t, d, e, "cartShippingAddressUpdate")
	d, e = gql(t, w, actor, `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code message } } }`, map[string]any{"c": id, "m": s.flat})
	mustOK(t, d, e, "cartSelectShippingMethod")
	return id
}

// directCart writes a ready guest cart straight to the store (concurrency
// tests need hundreds).
func directCart(t testing.TB, w *world, variant string, qty int, method string, sellerID pulid.ID) string {
	ctx := context.Background()
	c := w.st.Client.Cart.Create().SetCurrency("EUR").SetBuyerEmail("guest@example.com").
		SetShippingAddress(&schema.CartAddress{Address1: "1 rue", City: "Paris", CountryCode: "FR"}).
		SetShippingMethods(map[string]pulid.ID{string(sellerID): pulid.ID(method)}).SetStatus(entcart.StatusACTIVE).SaveX(ctx)
	w.st.Client.CartLine.Create().SetCartID(c.ID).SetVariantID(pulid.ID(variant)).SetQuantity(qty).ExecX(ctx)
	return string(c.ID)
}

const checkoutMutation = `mutation($in: CheckoutCompleteInput!) { checkoutComplete(input: $in) {
	order { id number name status paymentStatus email totalAmount { amount } subtotalAmount { amount } taxAmount { amount } shippingAmount { amount } discountAmount { amount } }
	payment { id status nextAction clientSecret amount { amount } }
	orderAccessToken
	userErrors { field code message } } }`

func checkoutAs(t *testing.T, w *world, actor, cartID, key, provider, token string) map[string]any {
	t.Helper()
	in := map[string]any{"cartId": cartID, "idempotencyKey": key, "payment": map[string]any{"provider": provider, "token": token}}
	d, e := gql(t, w, actor, checkoutMutation, map[string]any{"in": in})
	if len(e) > 0 {
		t.Fatalf("checkoutComplete: errors %v\n%s", e, w.c.Logs.String())
	}
	return d
}

// stock returns on_hand and reserved of a variant.
func stock(t testing.TB, w *world, variant string) (int, int) {
	lv := w.st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(pulid.ID(variant))).OnlyX(context.Background())
	return lv.OnHand, lv.Reserved
}

func key(prefix string, i int) string { return fmt.Sprintf("%s-key-%04d", prefix, i) }
