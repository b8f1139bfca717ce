package resolvers_test

import (
	"testing"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

// A method priced for two parcels is two ShippingRates with two ids (and
// one shippingMethodId); the whole cart's rate is a third. A rate id
// chooses its method for its own parcel.
func TestShippingRateIdentity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		mine, theirs := w.stocked(t, 20), w.otherStocked(t, 10)
		// 10 × 10.00 reaches Colissimo's free threshold (100.00); 5.00 does not.
		cartID := readyCart(t, w, "customer", mine, 10, s)
		d, e := gql(t, w, "customer", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { userErrors { code } } }`,
			map[string]any{"c": cartID, "l": []any{line(theirs, 1)}})
		mustOK(t, d, e, "cartLinesAdd")

		const read = `query($id: ID!) { cart(id: $id) {
			availableShippingMethods { id shippingMethodId name price { amount } }
			deliveryGroups { seller { id } availableShippingMethods { id shippingMethodId name price { amount } } selectedShippingMethod { id shippingMethodId } } } }`
		type rate struct{ id, method, price string }
		parcels := func() (map[string]map[string]rate, map[string]rate, map[string]string) {
			t.Helper()
			d, e := gql(t, w, "customer", read, map[string]any{"id": cartID})
			if len(e) > 0 {
				t.Fatalf("errors %v", e)
			}
			rates := func(v any) map[string]rate {
				out := map[string]rate{}
				list, _ := v.([]any)
				for _, r := range list {
					out[str(r, "name")] = rate{str(r, "id"), str(r, "shippingMethodId"), str(r, "price.amount")}
				}
				return out
			}
			bySeller, selected := map[string]map[string]rate{}, map[string]string{}
			groups, _ := get(d, "cart.deliveryGroups").([]any)
			for _, g := range groups {
				bySeller[str(g, "seller.id")] = rates(get(g, "availableShippingMethods"))
				selected[str(g, "seller.id")] = str(g, "selectedShippingMethod.id")
			}
			return bySeller, rates(get(d, "cart.availableShippingMethods")), selected
		}
		bySeller, whole, selected := parcels()
		a, b := bySeller[string(w.seller.ID)]["Colissimo"], bySeller[string(w.other.ID)]["Colissimo"]
		if a.price != "0.00" || b.price != "4.90" {
			t.Fatalf("Colissimo costs %q and %q in the two parcels, want 0.00 and 4.90", a.price, b.price)
		}
		if a.id == b.id || a.id == whole["Colissimo"].id || b.id == whole["Colissimo"].id || a.id == s.flat {
			t.Fatalf("rates share ids: parcels %s %s, cart %s, method %s", a.id, b.id, whole["Colissimo"].id, s.flat)
		}
		if a.method != s.flat || b.method != s.flat || whole["Colissimo"].method != s.flat {
			t.Fatalf("shippingMethodId: %s %s %s, want %s", a.method, b.method, whole["Colissimo"].method, s.flat)
		}
		if selected[string(w.seller.ID)] != a.id {
			t.Fatalf("the selected rate %q is not the parcel's rate %q", selected[string(w.seller.ID)], a.id)
		}

		choose := func(rate string, sellerID any) string {
			t.Helper()
			d, e := gql(t, w, "customer", `mutation($c: ID!, $m: ID!, $s: ID) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m, sellerId: $s}) { userErrors { field code } } }`,
				map[string]any{"c": cartID, "m": rate, "s": sellerID})
			if len(e) > 0 {
				t.Fatalf("errors %v", e)
			}
			return userCodes(d, "cartSelectShippingMethod")
		}
		// Their parcel's Express rate chooses Express for their parcel only.
		if codes := choose(bySeller[string(w.other.ID)]["Express"].id, nil); codes != "" {
			t.Fatalf("userErrors %s", codes)
		}
		if _, _, selected = parcels(); selected[string(w.seller.ID)] != a.id || selected[string(w.other.ID)] != bySeller[string(w.other.ID)]["Express"].id {
			t.Fatalf("selected %v", selected)
		}
		// A parcel's rate for another seller's parcel, or a rate of no
		// parcel of this cart, is refused.
		if codes := choose(b.id, string(w.seller.ID)); codes != "SHIPPING_METHOD_UNAVAILABLE" {
			t.Fatalf("another parcel's rate: %q", codes)
		}
		if codes := choose(string(pulid.New("shr")), nil); codes != "SHIPPING_METHOD_UNAVAILABLE" {
			t.Fatalf("an unknown rate: %q", codes)
		}
		// The whole cart's Freight rate chooses Freight for every parcel.
		if codes := choose(whole["Freight"].id, nil); codes != "" {
			t.Fatalf("userErrors %s", codes)
		}
		bySeller, _, selected = parcels()
		for seller, rates := range bySeller {
			if selected[seller] != rates["Freight"].id {
				t.Fatalf("seller %s: selected %q, want its Freight rate %q", seller, selected[seller], rates["Freight"].id)
			}
		}
	})
}
