package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/testdb"
)

const cartBody = `id totalQuantity note cost { subtotalAmount { amount currencyCode } totalAmount { amount } }
	lines(first: 100) { totalCount edges { node { id quantity merchandise { id sku } cost { amountPerQuantity { amount } subtotalAmount { amount } } } } }`

const cartFields = `cart { ` + cartBody + ` } userErrors { field code message }`

const readCart = `query($id: ID!) { cart(id: $id) { ` + cartBody + ` } }`

type cartView struct {
	ID            string
	TotalQuantity int
	Note          string
	Cost          struct {
		SubtotalAmount struct{ Amount, CurrencyCode string }
		TotalAmount    struct{ Amount string }
	}
	Lines struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID          string
				Quantity    int
				Merchandise struct{ ID, SKU string }
				Cost        struct {
					AmountPerQuantity struct{ Amount string }
					SubtotalAmount    struct{ Amount string }
				}
			}
		}
	}
}

type cartResult struct {
	Cart       *cartView
	UserErrors []userError
	Raw        string
	Errors     []string
}

// cartCall runs a cart mutation (payload name inferred) as an actor.
func cartCall(t *testing.T, w *world, actor, mutation, input string, vars map[string]any) cartResult {
	t.Helper()
	q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { %s } }`, input, mutation, cartFields)
	r := w.c.QueryAs(t, w.tokens[actor], q, vars)
	var data map[string]*struct {
		Cart       *cartView
		UserErrors []userError
	}
	_ = json.Unmarshal(r.Data, &data)
	out := cartResult{Raw: string(r.Raw)}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, e.Code())
	}
	if p := data[mutation]; p != nil {
		out.Cart, out.UserErrors = p.Cart, p.UserErrors
	}
	return out
}

func codes(ues []userError) string {
	var c []string
	for _, u := range ues {
		c = append(c, u.Code)
	}
	return strings.Join(c, ",")
}

// stocked makes a product with a variant priced 10.00 and n units in stock.
func (w *world) stocked(t *testing.T, n int) string {
	_, v := w.product(t)
	wh, err := inventory.DefaultWarehouse(context.Background(), w.st.Client)
	if err != nil {
		t.Fatal(err)
	}
	w.st.Client.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(wh.ID).SetOnHand(n).ExecX(context.Background())
	return string(v.ID)
}

func line(variant string, q int) map[string]any {
	return map[string]any{"merchandiseId": variant, "quantity": q}
}

func TestGuestCart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		a, b := w.stocked(t, 50), w.stocked(t, 50)
		r := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{
			"lines": []any{line(a, 2), line(b, 1)}, "note": "gift"}})
		c := r.Cart
		if c == nil || c.TotalQuantity != 3 || c.Cost.SubtotalAmount.Amount != "30.00" || c.Cost.SubtotalAmount.CurrencyCode != "EUR" ||
			c.Lines.TotalCount != 2 || c.Note != "gift" || c.Lines.Edges[0].Node.Cost.SubtotalAmount.Amount != "20.00" {
			t.Fatalf("create: %s", r.Raw)
		}
		r = cartCall(t, w, "anonymous", "cartLinesAdd", "CartLinesAddInput", map[string]any{"in": map[string]any{"cartId": c.ID, "lines": []any{line(a, 3)}}})
		if r.Cart == nil || r.Cart.Lines.TotalCount != 2 || r.Cart.TotalQuantity != 6 {
			t.Fatalf("add to an existing line: %s", r.Raw)
		}
		lineA := r.Cart.Lines.Edges[0].Node.ID
		r = cartCall(t, w, "anonymous", "cartLinesUpdate", "CartLinesUpdateInput", map[string]any{"in": map[string]any{"cartId": c.ID, "lines": []any{map[string]any{"id": lineA, "quantity": 1}}}})
		if r.Cart == nil || r.Cart.TotalQuantity != 2 {
			t.Fatalf("update: %s", r.Raw)
		}
		r = cartCall(t, w, "anonymous", "cartLinesRemove", "CartLinesRemoveInput", map[string]any{"in": map[string]any{"cartId": c.ID, "lineIds": []string{lineA}}})
		if r.Cart == nil || r.Cart.Lines.TotalCount != 1 || r.Cart.Cost.SubtotalAmount.Amount != "10.00" {
			t.Fatalf("remove: %s", r.Raw)
		}
		// Prices come from the catalog on every read.
		st.Client.ProductVariant.UpdateOneID(mustID(b)).SetPrice(1250).ExecX(context.Background())
		var read struct{ Cart cartView }
		w.c.Query(t, `query($id: ID!) { cart(id: $id) { cost { subtotalAmount { amount } } } }`, map[string]any{"id": c.ID}).Decode(t, &read)
		if read.Cart.Cost.SubtotalAmount.Amount != "12.50" {
			t.Fatalf("repriced subtotal %s", read.Cart.Cost.SubtotalAmount.Amount)
		}
	})
}

func TestCartValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		a := w.stocked(t, 3)
		archived := w.stocked(t, 5)
		p := st.Client.ProductVariant.GetX(ctx, mustID(archived))
		st.Client.Product.UpdateOneID(p.ProductID).SetStatus(product.StatusARCHIVED).ExecX(ctx)
		soldOut := w.stocked(t, 0)
		create := func(lines ...any) cartResult {
			return cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": lines}})
		}
		for name, tc := range map[string]struct {
			lines []any
			want  string
		}{
			"zero":          {[]any{line(a, 0)}, "INVALID_QUANTITY"},
			"too many":      {[]any{line(a, 1000)}, "INVALID_QUANTITY"},
			"unknown":       {[]any{line("var_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A", 1)}, "VARIANT_UNAVAILABLE"},
			"archived":      {[]any{line(archived, 1)}, "VARIANT_UNAVAILABLE"},
			"sold out":      {[]any{line(soldOut, 1)}, "VARIANT_UNAVAILABLE"},
			"beyond stock":  {[]any{line(a, 4)}, "INSUFFICIENT_STOCK"},
			"sum too large": {[]any{line(a, 2), line(a, 2)}, "INSUFFICIENT_STOCK,INSUFFICIENT_STOCK"},
		} {
			r := create(tc.lines...)
			if r.Cart != nil || codes(r.UserErrors) != tc.want {
				t.Fatalf("%s: %s", name, r.Raw)
			}
		}
		if n := st.Client.Cart.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d carts created by refused inputs", n)
		}
	})
}

func TestCustomerCart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		a, b := w.stocked(t, 10), w.stocked(t, 6)
		phone := cartCall(t, w, "customer", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": []any{line(a, 1)}}})
		laptop := cartCall(t, w, "customer", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": []any{line(a, 1)}}})
		if phone.Cart == nil || laptop.Cart == nil || phone.Cart.ID != laptop.Cart.ID || laptop.Cart.TotalQuantity != 2 {
			t.Fatalf("one cart across devices: %s / %s", phone.Raw, laptop.Raw)
		}
		mine := phone.Cart.ID
		// Strangers can neither read nor change it.
		for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "stranger": "FORBIDDEN", "owner": "FORBIDDEN"} {
			r := w.c.QueryAs(t, w.tokens[actor], `query($id: ID!) { cart(id: $id) { id } }`, map[string]any{"id": mine})
			if len(r.Errors) != 1 || r.Errors[0].Code() != want {
				t.Fatalf("%s reads: %s", actor, r.Raw)
			}
			add := cartCall(t, w, actor, "cartLinesAdd", "CartLinesAddInput", map[string]any{"in": map[string]any{"cartId": mine, "lines": []any{line(b, 1)}}})
			if strings.Join(add.Errors, ",") != want {
				t.Fatalf("%s adds: %s", actor, add.Raw)
			}
		}
		lineID := phone.Cart.Lines.Edges[0].Node.ID
		for _, op := range []struct {
			mutation, input string
			in              map[string]any
		}{
			{"cartLinesUpdate", "CartLinesUpdateInput", map[string]any{"cartId": mine, "lines": []any{map[string]any{"id": lineID, "quantity": 9}}}},
			{"cartLinesRemove", "CartLinesRemoveInput", map[string]any{"cartId": mine, "lineIds": []string{lineID}}},
			{"cartNoteUpdate", "CartNoteUpdateInput", map[string]any{"cartId": mine, "note": "mine now"}},
			{"cartBuyerIdentityUpdate", "CartBuyerIdentityUpdateInput", map[string]any{"cartId": mine, "buyerIdentity": map[string]any{"email": "thief@example.com"}}},
			{"cartShippingAddressUpdate", "CartShippingAddressUpdateInput", map[string]any{"cartId": mine, "address": map[string]any{"address1": "x", "city": "y", "countryCode": "FR"}}},
			{"cartDiscountCodesUpdate", "CartDiscountCodesUpdateInput", map[string]any{"cartId": mine, "discountCodes": []string{}}},
			{"cartSelectShippingMethod", "CartSelectShippingMethodInput", map[string]any{"cartId": mine, "shippingMethodId": "shm_01JZZZZZZZZZZZZZZZZZZZZZZZ"}},
		} {
			for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "stranger": "FORBIDDEN"} {
				if r := cartCall(t, w, actor, op.mutation, op.input, map[string]any{"in": op.in}); strings.Join(r.Errors, ",") != want {
					t.Fatalf("%s by %s: %s", op.mutation, actor, r.Raw)
				}
			}
		}
		// Nor check it out.
		for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "stranger": "FORBIDDEN"} {
			in := map[string]any{"cartId": mine, "idempotencyKey": "stolen-cart-" + actor, "payment": map[string]any{"provider": "manual"}}
			if _, e := gql(t, w, actor, checkoutMutation, map[string]any{"in": in}); strings.Join(e, ",") != want {
				t.Fatalf("checkout by %s: %v", actor, e)
			}
		}
		if n := st.Client.Order.Query().CountX(ctx); n != 0 {
			t.Fatalf("a refused checkout placed %d orders", n)
		}
		if n := st.Client.CartLine.Query().CountX(ctx); n != 1 {
			t.Fatalf("a refused mutation changed the cart: %d lines", n)
		}
		if got := st.Client.Cart.GetX(ctx, mustID(mine)); got.Note != "" || got.BuyerEmail != "" || got.ShippingAddress != nil {
			t.Fatalf("a refused mutation changed the cart: %+v", got)
		}
		if l := st.Client.CartLine.Query().OnlyX(ctx); l.Quantity != 2 {
			t.Fatalf("a refused update changed the quantity to %d", l.Quantity)
		}

		// A guest cart merges at sign-in: quantities add up, capped at stock.
		cartCall(t, w, "customer", "cartLinesAdd", "CartLinesAddInput", map[string]any{"in": map[string]any{"cartId": mine, "lines": []any{line(b, 3)}}})
		guest := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": []any{line(b, 5), line(a, 2)}}})
		var signed struct {
			CustomerAccessTokenCreate struct{ CustomerAccessToken *tokens }
		}
		w.c.Query(t, signIn, map[string]any{"input": map[string]any{"email": "customer@example.com", "password": "correct horse", "cartId": guest.Cart.ID}}).Decode(t, &signed)
		var read struct{ Cart cartView }
		w.c.QueryAs(t, signed.CustomerAccessTokenCreate.CustomerAccessToken.AccessToken, readCart,
			map[string]any{"id": mine}).Decode(t, &read)
		got := map[string]int{}
		for _, e := range read.Cart.Lines.Edges {
			got[e.Node.Merchandise.ID] = e.Node.Quantity
		}
		if got[a] != 4 || got[b] != 6 {
			t.Fatalf("merged quantities %v, want %s:4 %s:6", got, a, b)
		}
		if g := st.Client.Cart.GetX(ctx, mustID(guest.Cart.ID)); g.Status != entcart.StatusMERGED {
			t.Fatalf("guest cart status %s", g.Status)
		}
		closed := cartCall(t, w, "anonymous", "cartLinesAdd", "CartLinesAddInput", map[string]any{"in": map[string]any{"cartId": guest.Cart.ID, "lines": []any{line(a, 1)}}})
		if codes(closed.UserErrors) != "CART_CLOSED" {
			t.Fatalf("merged cart still open: %s", closed.Raw)
		}
		_ = inventorylevel.Table
	})
}

// TestCartReadCostsTheSameForAnyNumberOfLines: pricing and lines load in a
// fixed number of statements.
func TestCartReadCostsTheSameForAnyNumberOfLines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		counts := map[int]int64{}
		for _, n := range []int{2, 12} {
			var lines []any
			for i := 0; i < n; i++ {
				lines = append(lines, line(w.stocked(t, 5), 1))
			}
			c := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": lines}}).Cart
			counts[n] = w.c.Statements(func() {
				w.c.Query(t, readCart, map[string]any{"id": c.ID})
			})
		}
		if counts[2] != counts[12] {
			t.Fatalf("statements: 2 lines -> %d, 12 lines -> %d", counts[2], counts[12])
		}
		// Two fields that need the cart's price share one pricing.
		c := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": []any{line(w.stocked(t, 5), 1)}}}).Cart
		q := func(fields string) int64 {
			return w.c.Statements(func() {
				w.c.Query(t, `query($id: ID!) { cart(id: $id) { `+fields+` } }`, map[string]any{"id": c.ID})
			})
		}
		if one, both := q("cost { totalAmount { amount } }"), q("cost { totalAmount { amount } } totalQuantity"); one != both {
			t.Fatalf("pricing ran twice: %d statements for cost, %d for cost and totalQuantity", one, both)
		}
	})
}

func TestCartBuyerIdentityAndShippingAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		c := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": []any{line(w.stocked(t, 5), 1)}}}).Cart
		const buyer = `mutation($in: CartBuyerIdentityUpdateInput!) { cartBuyerIdentityUpdate(input: $in) { cart { buyerIdentity { email phone } } userErrors { field code } } }`
		r := w.c.Query(t, buyer, map[string]any{"in": map[string]any{"cartId": c.ID, "buyerIdentity": map[string]any{"email": "nope", "phone": "call me"}}})
		if !strings.Contains(string(r.Data), `"cart":null`) || strings.Count(string(r.Data), "INVALID") != 2 {
			t.Fatalf("bad buyer identity: %s", r.Raw)
		}
		r = w.c.Query(t, buyer, map[string]any{"in": map[string]any{"cartId": c.ID, "buyerIdentity": map[string]any{"email": "ada@example.com", "phone": "+33 1 23 45 67 89"}}})
		if !strings.Contains(string(r.Data), `"email":"ada@example.com","phone":"+33 1 23 45 67 89"`) {
			t.Fatalf("buyer identity: %s", r.Raw)
		}
		const ship = `mutation($in: CartShippingAddressUpdateInput!) { cartShippingAddressUpdate(input: $in) { cart { shippingAddress { city countryCode } } userErrors { field code } } }`
		r = w.c.Query(t, ship, map[string]any{"in": map[string]any{"cartId": c.ID, "address": map[string]any{"address1": "", "city": strings.Repeat("x", 101), "countryCode": "ZZ"}}})
		for _, want := range []string{"BLANK", "TOO_LONG", "INVALID"} {
			if !strings.Contains(string(r.Data), want) {
				t.Fatalf("bad address lacks %s: %s", want, r.Raw)
			}
		}
		r = w.c.Query(t, ship, map[string]any{"in": map[string]any{"cartId": c.ID, "address": map[string]any{"address1": "1 Rue de Rivoli", "city": "Paris", "countryCode": "fr"}}})
		if !strings.Contains(string(r.Data), `"shippingAddress":{"city":"Paris","countryCode":"FR"}`) {
			t.Fatalf("address: %s", r.Raw)
		}
	})
}
