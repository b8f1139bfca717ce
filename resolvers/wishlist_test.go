package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/notify/mailtest"
	"github.com/comptoir/comptoir/internal/testdb"
)

const wishlistFields = `wishlist { id name isDefault shareToken items(first: 50) { totalCount edges { node { id variant { id sku } } } } } userErrors { field code message }`

func TestWishlists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		a, b := w.stocked(t, 5), w.stocked(t, 5)
		add := `mutation($l: ID, $v: [ID!]!) { wishlistItemsAdd(input: {wishlistId: $l, variantIds: $v}) { ` + wishlistFields + ` } }`
		// No list yet: the default one is created.
		d, e := gql(t, w, "customer", add, map[string]any{"v": []string{a, a}})
		p := mustOK(t, d, e, "wishlistItemsAdd")
		def := str(p, "wishlist.id")
		if get(p, "wishlist.isDefault") != true || get(p, "wishlist.items.totalCount") != float64(1) || str(p, "wishlist.name") != "Wishlist" {
			t.Fatalf("default list: %v", p)
		}
		d, e = gql(t, w, "customer", `mutation { wishlistCreate(input: {name: "Birthday"}) { `+wishlistFields+` } }`, nil)
		bday := mustOK(t, d, e, "wishlistCreate")
		bid, tok := str(bday, "wishlist.id"), str(bday, "wishlist.shareToken")
		if get(bday, "wishlist.isDefault") != false || len(tok) < 32 {
			t.Fatalf("second list: %v", bday)
		}
		d, e = gql(t, w, "customer", add, map[string]any{"l": bid, "v": []string{b}})
		mustOK(t, d, e, "wishlistItemsAdd")
		// Adding what is there already changes nothing.
		d, e = gql(t, w, "customer", add, map[string]any{"l": bid, "v": []string{b}})
		if get(mustOK(t, d, e, "wishlistItemsAdd"), "wishlist.items.totalCount") != float64(1) {
			t.Fatalf("re-add: %v", d)
		}
		d, e = gql(t, w, "customer", add, map[string]any{"l": bid, "v": []string{b, a}})
		if get(mustOK(t, d, e, "wishlistItemsAdd"), "wishlist.items.totalCount") != float64(2) {
			t.Fatalf("add one new, one old: %v", d)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { wishlist(id: $id) { items(first: 5) { edges { node { id variant { id } } } } } }`, map[string]any{"id": bid})
		var drop string
		for _, edge := range get(d, "wishlist.items.edges").([]any) {
			if str(edge, "node.variant.id") == a {
				drop = str(edge, "node.id")
			}
		}
		d, e = gql(t, w, "customer", `mutation($l: ID!, $i: [ID!]!) { wishlistItemsRemove(input: {wishlistId: $l, itemIds: $i}) { `+wishlistFields+` } }`, map[string]any{"l": bid, "i": []string{drop}})
		if get(mustOK(t, d, e, "wishlistItemsRemove"), "wishlist.items.totalCount") != float64(1) {
			t.Fatalf("remove: %v", d)
		}
		if d, _ := gql(t, w, "customer", add, map[string]any{"l": bid, "v": []string{"var_01JZZZZZZZZZZZZZZZZZZZZZZZ"}}); userCodes(d, "wishlistItemsAdd") != "NOT_FOUND" {
			t.Fatalf("unknown variant: %v", d)
		}
		if d, _ := gql(t, w, "customer", `mutation { wishlistCreate(input: {name: "  "}) { userErrors { code } } }`, nil); userCodes(d, "wishlistCreate") != "INVALID" {
			t.Fatalf("blank name: %v", d)
		}
		// Make it the default: only one default remains.
		d, e = gql(t, w, "customer", `mutation($id: ID!) { wishlistUpdate(input: {id: $id, makeDefault: true, name: "Birthday 2026"}) { `+wishlistFields+` } }`, map[string]any{"id": bid})
		mustOK(t, d, e, "wishlistUpdate")
		d, _ = gql(t, w, "customer", `{ me { wishlists(first: 10) { totalCount edges { node { id isDefault name } } } } }`, nil)
		defaults := 0
		for _, edge := range get(d, "me.wishlists.edges").([]any) {
			if get(edge, "node.isDefault") == true {
				defaults++
				if str(edge, "node.id") != bid {
					t.Fatalf("wrong default %v", edge)
				}
			}
		}
		if defaults != 1 || get(d, "me.wishlists.totalCount") != float64(2) {
			t.Fatalf("lists: %v", d)
		}
		// Shared read-only by its token, to anyone; the token is unguessable.
		d, e = gql(t, w, "anonymous", `query($t: String!) { sharedWishlist(token: $t) { name items(first: 5) { edges { node { variant { id } } } } } }`, map[string]any{"t": tok})
		if len(e) > 0 || str(d, "sharedWishlist.name") != "Birthday 2026" || str(d, "sharedWishlist.items.edges.0.node.variant.id") != b {
			t.Fatalf("shared: %v %v", d, e)
		}
		if _, e := gql(t, w, "anonymous", `query { sharedWishlist(token: "guess") { name } }`, nil); strings.Join(e, ",") != "NOT_FOUND" {
			t.Fatalf("guessed token: %v", e)
		}
		// Strangers can neither read nor change it.
		for actor, want := range map[string]string{"stranger": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"} {
			for _, q := range []struct {
				query string
				vars  map[string]any
			}{
				{`query($id: ID!) { wishlist(id: $id) { id } }`, map[string]any{"id": bid}},
				{add, map[string]any{"l": bid, "v": []string{a}}},
				{`mutation($id: ID!) { wishlistUpdate(input: {id: $id, name: "mine"}) { userErrors { code } } }`, map[string]any{"id": bid}},
				{`mutation($id: ID!) { wishlistDelete(input: {id: $id}) { userErrors { code } } }`, map[string]any{"id": bid}},
				{`mutation($id: ID!) { wishlistItemsRemove(input: {wishlistId: $id, itemIds: []}) { userErrors { code } } }`, map[string]any{"id": bid}},
			} {
				if _, e := gql(t, w, actor, q.query, q.vars); strings.Join(e, ",") != want {
					t.Fatalf("%s: %s → %v", actor, q.query, e)
				}
			}
		}
		if _, e := gql(t, w, "anonymous", `mutation { wishlistCreate(input: {name: "x"}) { userErrors { code } } }`, nil); strings.Join(e, ",") != "UNAUTHENTICATED" {
			t.Fatalf("anonymous creates a list: %v", e)
		}
		// Move to cart: the item leaves the list for the customer's cart.
		d, _ = gql(t, w, "customer", `query($id: ID!) { wishlist(id: $id) { items(first: 5) { edges { node { id } } } } }`, map[string]any{"id": bid})
		item := str(d, "wishlist.items.edges.0.node.id")
		if _, e := gql(t, w, "stranger", `mutation($i: ID!) { wishlistItemMoveToCart(input: {itemId: $i}) { userErrors { code } } }`, map[string]any{"i": item}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger moves: %v", e)
		}
		d, e = gql(t, w, "customer", `mutation($i: ID!) { wishlistItemMoveToCart(input: {itemId: $i, quantity: 2}) { cart { totalQuantity } userErrors { code } } }`, map[string]any{"i": item})
		if get(mustOK(t, d, e, "wishlistItemMoveToCart"), "cart.totalQuantity") != float64(2) {
			t.Fatalf("move: %v", d)
		}
		d, _ = gql(t, w, "customer", `query($id: ID!) { wishlist(id: $id) { items(first: 5) { totalCount } } }`, map[string]any{"id": bid})
		if get(d, "wishlist.items.totalCount") != float64(0) {
			t.Fatalf("after move: %v", d)
		}
		// Deleting the default makes the other list the default.
		d, e = gql(t, w, "customer", `mutation($id: ID!) { wishlistDelete(input: {id: $id}) { deletedId userErrors { code } } }`, map[string]any{"id": bid})
		mustOK(t, d, e, "wishlistDelete")
		d, _ = gql(t, w, "customer", `query($id: ID!) { wishlist(id: $id) { isDefault } }`, map[string]any{"id": def})
		if get(d, "wishlist.isDefault") != true {
			t.Fatalf("new default: %v", d)
		}
	})
}

// Product.inWishlist costs the same statements for 5 products or 50.
func TestInWishlistIsBatched(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		var first string
		for i := 0; i < 50; i++ {
			p, v := w.product(t)
			st.Client.Product.UpdateOne(p).SetStatus(product.StatusACTIVE).ExecX(ctx)
			if i%2 == 0 {
				if first == "" {
					first = string(v.ID)
				}
				d, e := gql(t, w, "customer", `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { userErrors { code } } }`, map[string]any{"v": []string{string(v.ID)}})
				mustOK(t, d, e, "wishlistItemsAdd")
			}
		}
		count := func(n int) (int64, int) {
			var d map[string]any
			stmts := w.c.Statements(func() {
				d, _ = gql(t, w, "customer", fmt.Sprintf(`{ products(first: %d) { edges { node { id inWishlist } } } }`, n), nil)
			})
			in := 0
			for _, e := range get(d, "products.edges").([]any) {
				if get(e, "node.inWishlist") == true {
					in++
				}
			}
			return stmts, in
		}
		s5, _ := count(5)
		s50, in50 := count(50)
		if s5 != s50 || in50 != 25 {
			t.Fatalf("statements %d (5) vs %d (50); %d in wishlists, want 25", s5, s50, in50)
		}
		d, _ := gql(t, w, "anonymous", `{ products(first: 5) { edges { node { inWishlist } } } }`, nil)
		if strings.Contains(fmt.Sprint(d), "true") {
			t.Fatalf("anonymous sees wishlists: %v", d)
		}
		_ = pulid.ID(first)
	})
}

// A customer is mailed when a wishlisted variant is back in stock or
// cheaper (through the outbox).
func TestWishlistNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		smtp := mailtest.Start(t)
		w := newWorld(t, st, withSMTP(smtp.URL))
		p, v := w.product(t)
		d, e := gql(t, w, "customer", `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { userErrors { code } } }`, map[string]any{"v": []string{string(v.ID)}})
		mustOK(t, d, e, "wishlistItemsAdd")
		d, e = gql(t, w, "owner", `mutation($v: ID!) { inventorySet(input: {variantId: $v, quantity: 4}) { userErrors { code } } }`, map[string]any{"v": v.ID})
		mustOK(t, d, e, "inventorySet")
		if m := smtp.Next(t); m.To != "customer@example.com" || m.Subject != "From your wishlist: "+p.Name+" is back in stock" {
			t.Fatalf("back in stock: %+v", m)
		}
		d, e = gql(t, w, "owner", `mutation($v: ID!) { productVariantUpdate(input: {id: $v, price: "7.50"}) { userErrors { code } } }`, map[string]any{"v": v.ID})
		mustOK(t, d, e, "productVariantUpdate")
		if m := smtp.Next(t); m.Subject != "From your wishlist: "+p.Name+" now costs 7.50 EUR" || !strings.Contains(m.Text, "from 10.00 EUR to 7.50 EUR") {
			t.Fatalf("price drop: %+v", m)
		}
		waitSettled(t, st)
		smtp.None(t)
	})
}
