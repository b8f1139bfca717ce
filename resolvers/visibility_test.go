package resolvers_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/stockalert"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/notify/mailtest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// Product visibility is one rule (policy.ProductView): the public sees
// ACTIVE products of ACTIVE sellers; the seller's members and admins read
// every status. These tests walk every path that shows or sells a product.

// gqlOK is gql failing on any top-level error.
func gqlOK(t *testing.T, w *world, actor, query string, vars map[string]any) map[string]any {
	t.Helper()
	d, e := gql(t, w, actor, query, vars)
	if len(e) > 0 {
		t.Fatalf("%s: errors %v", actor, e)
	}
	return d
}

// TestSuspendedSellersProductIsRefusedOnEveryPath suspends the seller of a
// product a customer bought, received, wished for and put in a cart, then
// asks for it on every path: readers that do not manage the seller get
// null or nothing, and every shopper (its members too) is refused.
func TestSuspendedSellersProductIsRefusedOnEveryPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		pid := w.productOf(v)
		p := st.Client.Product.UpdateOneID(pid).SetCategoryID(w.category.ID).SaveX(ctx)

		// While the seller is ACTIVE: bought and received, wished for, in a
		// ready cart, reviewed by another customer.
		orderID, lineID := paidOrder(t, w, "customer", v, 1, s)
		deliver(t, w, orderID, lineID, 1)
		d, e := gql(t, w, "customer", `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { wishlist { id } userErrors { code message } } }`,
			map[string]any{"v": []string{v}})
		mustOK(t, d, e, "wishlistItemsAdd")
		cartID := readyCart(t, w, "customer", v, 1, s)
		cartLine := st.Client.Cart.GetX(ctx, pulid.ID(cartID)).QueryLines().OnlyX(ctx)
		rv := st.Client.Review.Create().SetProductID(pid).SetSellerID(w.seller.ID).SetCustomerID(w.customerID("stranger")).
			SetOrderLineID("oln_fixture").SetRating(5).SetTitle("Lovely").SetStatus(review.StatusAPPROVED).SaveX(ctx)
		const catalogQuery = `query($id: ID!, $slug: String!, $search: String!, $cat: ID!) {
			byID: product(id: $id) { id } bySlug: product(slug: $slug) { id }
			products(first: 100) { edges { node { id } } }
			found: products(search: $search) { totalCount }
			category(id: $cat) { products { totalCount } } }`
		catalogVars := map[string]any{"id": pid, "slug": p.Slug, "search": p.Name, "cat": w.category.ID}
		if d := gqlOK(t, w, "anonymous", catalogQuery, catalogVars); str(d, "byID.id") != string(pid) ||
			get(d, "found.totalCount") != float64(1) || get(d, "category.products.totalCount") != float64(1) {
			t.Fatalf("before the suspension the product is public: %v", d)
		}

		st.Client.Seller.UpdateOne(w.seller).SetStatus(seller.StatusSUSPENDED).ExecX(ctx)
		public := []string{"anonymous", "customer", "stranger"}
		managers := []string{"owner", "admin"}

		t.Run("catalog product, products, search and category products", func(t *testing.T) {
			for _, a := range append(public, managers...) {
				d := gqlOK(t, w, a, catalogQuery, catalogVars)
				// Listings are the public's for everyone; reads by ID are the viewer's.
				if containsID(d["products"], string(pid)) || get(d, "found.totalCount") != float64(0) || get(d, "category.products.totalCount") != float64(0) {
					t.Errorf("%s: the product is listed: %v", a, d)
				}
				managed := a == "owner" || a == "admin"
				if (get(d, "byID") != nil) != managed || (get(d, "bySlug") != nil) != managed {
					t.Errorf("%s: product(id:, slug:) = %v, %v", a, get(d, "byID"), get(d, "bySlug"))
				}
			}
		})

		t.Run("node and nodes", func(t *testing.T) {
			for _, a := range append(public, managers...) {
				d := gqlOK(t, w, a, `query($p: ID!, $v: ID!) { p: node(id: $p) { id } v: node(id: $v) { id } nodes(ids: [$p, $v]) { id } }`,
					map[string]any{"p": pid, "v": v})
				want := a == "owner" || a == "admin"
				for _, path := range []string{"p", "v", "nodes.0", "nodes.1"} {
					if (get(d, path) != nil) != want {
						t.Errorf("%s: %s = %v", a, path, get(d, path))
					}
				}
			}
		})

		t.Run("_entities", func(t *testing.T) {
			reps := []any{map[string]any{"__typename": "Product", "id": pid}, map[string]any{"__typename": "ProductVariant", "id": v}}
			for _, a := range public {
				d := gqlOK(t, w, a, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id } ... on ProductVariant { id } } }`,
					map[string]any{"r": reps})
				if get(d, "_entities.0") != nil || get(d, "_entities.1") != nil {
					t.Errorf("%s: _entities = %v", a, d["_entities"])
				}
			}
		})

		t.Run("loaders: order lines, wishlist items, a review's product", func(t *testing.T) {
			d := gqlOK(t, w, "customer", `query($o: ID!) {
				order(id: $o) { lines(first: 5) { edges { node { productName product { id } variant { id } image { url } } } } }
				me { wishlists(first: 5) { edges { node { items(first: 5) { totalCount edges { node { variant { id } } } } } } } } }`,
				map[string]any{"o": orderID})
			if str(d, "order.lines.edges.0.node.productName") == "" || get(d, "me.wishlists.edges.0.node.items.totalCount") != float64(1) {
				t.Fatalf("the order line or the wishlist item is gone: %v", d)
			}
			for _, path := range []string{"order.lines.edges.0.node.product", "order.lines.edges.0.node.variant", "order.lines.edges.0.node.image",
				"me.wishlists.edges.0.node.items.edges.0.node.variant"} {
				if get(d, path) != nil {
					t.Errorf("customer: %s = %v, want null", path, get(d, path))
				}
			}
			// The seller's member reads its order line's product still.
			d = gqlOK(t, w, "owner", `query($o: ID!) { order(id: $o) { lines(first: 5) { edges { node { product { id } variant { id } } } } } }`,
				map[string]any{"o": orderID})
			if str(d, "order.lines.edges.0.node.product.id") != string(pid) || str(d, "order.lines.edges.0.node.variant.id") != v {
				t.Errorf("owner: order line = %v", d)
			}
			// The review's author reads the review, not the hidden product.
			d = gqlOK(t, w, "stranger", `query($r: ID!) { node(id: $r) { ... on Review { id product { id } } } }`, map[string]any{"r": rv.ID})
			if str(d, "node.id") != string(rv.ID) || get(d, "node.product") != nil {
				t.Errorf("stranger (author): review = %v", d)
			}
		})

		t.Run("reviews read", func(t *testing.T) {
			for _, a := range []string{"anonymous", "customer", "stranger", "owner", "admin"} {
				d := gqlOK(t, w, a, `query($r: ID!) { node(id: $r) { id } nodes(ids: [$r]) { id } }`, map[string]any{"r": rv.ID})
				want := a != "anonymous" && a != "customer" // its author, the seller's member, admins
				if (get(d, "node") != nil) != want || (get(d, "nodes.0") != nil) != want {
					t.Errorf("%s: review node = %v", a, d)
				}
			}
			d := gqlOK(t, w, "customer", `mutation($r: ID!) { reviewVoteHelpful(input: {reviewId: $r}) { review { id } userErrors { code } } }`, map[string]any{"r": rv.ID})
			if userCodes(d, "reviewVoteHelpful") != "NOT_FOUND" {
				t.Errorf("vote on a hidden product's review: %v", d)
			}
		})

		t.Run("review create", func(t *testing.T) {
			d := gqlOK(t, w, "customer", `mutation($p: ID!) { reviewCreate(input: {productId: $p, rating: 5, body: "great"}) { review { id } userErrors { code } } }`,
				map[string]any{"p": pid})
			if userCodes(d, "reviewCreate") != "NOT_FOUND" {
				t.Errorf("review of a suspended seller's product: %v", d)
			}
		})

		t.Run("wishlist add", func(t *testing.T) {
			for _, a := range []string{"customer", "owner", "admin"} {
				d := gqlOK(t, w, a, `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { wishlist { id } userErrors { code } } }`,
					map[string]any{"v": []string{v}})
				if userCodes(d, "wishlistItemsAdd") != "NOT_FOUND" {
					t.Errorf("%s: wishlist add = %v", a, d)
				}
			}
		})

		t.Run("stock alert subscribe", func(t *testing.T) {
			for _, a := range []string{"anonymous", "owner", "admin"} {
				d := gqlOK(t, w, a, `mutation($v: ID!) { productVariantStockAlertCreate(input: {variantId: $v, email: "someone@example.com"}) { subscribed userErrors { code } } }`,
					map[string]any{"v": v})
				if userCodes(d, "productVariantStockAlertCreate") != "NOT_FOUND" {
					t.Errorf("%s: stock alert = %v", a, d)
				}
			}
		})

		t.Run("cart add, update and checkout", func(t *testing.T) {
			for _, a := range []string{"anonymous", "customer", "owner", "admin"} {
				d := gqlOK(t, w, a, `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code } } }`,
					map[string]any{"l": []any{line(v, 1)}})
				if userCodes(d, "cartCreate") != "VARIANT_UNAVAILABLE" {
					t.Errorf("%s: cartCreate = %v", a, d)
				}
			}
			d := gqlOK(t, w, "customer", `mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(input: {cartId: $c, lines: $l}) { cart { id } userErrors { code } } }`,
				map[string]any{"c": cartID, "l": []any{line(v, 1)}})
			if userCodes(d, "cartLinesAdd") != "VARIANT_UNAVAILABLE" {
				t.Errorf("cartLinesAdd = %v", d)
			}
			d = gqlOK(t, w, "customer", `mutation($c: ID!, $l: ID!) { cartLinesUpdate(input: {cartId: $c, lines: [{id: $l, quantity: 2}]}) { cart { id } userErrors { code } } }`,
				map[string]any{"c": cartID, "l": cartLine.ID})
			if userCodes(d, "cartLinesUpdate") != "VARIANT_UNAVAILABLE" {
				t.Errorf("cartLinesUpdate = %v", d)
			}
			d = checkoutAs(t, w, "customer", cartID, key("hidden", 1), "test", "tok_success")
			if userCodes(d, "checkoutComplete") != "VARIANT_UNAVAILABLE" {
				t.Errorf("checkoutComplete = %v", d)
			}
		})
	})
}

// TestMembersAndAdminsReadEveryStatus has the seller's member and an admin
// read DRAFT and ARCHIVED products through product(id:), node(id:) and
// managedSeller { products(status:, search:) }, while a customer, the
// public and another seller's member get null or nothing, and nobody may
// buy a draft.
func TestMembersAndAdminsReadEveryStatus(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		active, _ := w.product(t)
		mk := func(name string, status product.Status) (*ent.Product, *ent.ProductVariant) {
			p, v := w.product(t)
			return st.Client.Product.UpdateOne(p).SetName(name).SetStatus(status).SaveX(ctx), v
		}
		draft, draftV := mk("Draft lamp one", product.StatusDRAFT)
		// In stock: only its status keeps it from being sold.
		wh, err := inventory.DefaultWarehouse(ctx, st.Client)
		if err != nil {
			t.Fatal(err)
		}
		st.Client.InventoryLevel.Create().SetVariantID(draftV.ID).SetWarehouseID(wh.ID).SetOnHand(5).ExecX(ctx)
		mk("Draft lamp two", product.StatusDRAFT)
		mk("Draft lamp three", product.StatusDRAFT)
		archived, _ := mk("Archived lamp", product.StatusARCHIVED)
		// Another seller's draft, which "owner" does not manage.
		foreign := st.Client.Product.Create().SetName("Foreign lamp").SetSlug("foreign-lamp").SetSellerID(w.other.ID).
			SetStatus(product.StatusDRAFT).SaveX(ctx)

		t.Run("product(id:), node(id:), nodes(ids:)", func(t *testing.T) {
			for _, a := range actors {
				for _, p := range []*ent.Product{draft, archived} {
					d := gqlOK(t, w, a, `query($id: ID!, $v: ID!) { product(id: $id) { id status } node(id: $id) { id } variant: node(id: $v) { id } nodes(ids: [$id]) { id } }`,
						map[string]any{"id": p.ID, "v": draftV.ID})
					want := a == "owner" || a == "admin"
					for _, path := range []string{"product", "node", "variant", "nodes.0"} {
						if (get(d, path) != nil) != want {
							t.Errorf("%s, %s product: %s = %v", a, p.Status, path, get(d, path))
						}
					}
					if want && str(d, "product.status") != string(p.Status) {
						t.Errorf("%s: status %v", a, d)
					}
				}
				// The other seller's draft: its own member ("stranger") and admins only.
				d := gqlOK(t, w, a, `query($id: ID!) { product(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": foreign.ID})
				want := a == "stranger" || a == "admin"
				if (get(d, "product") != nil) != want || (get(d, "node") != nil) != want {
					t.Errorf("%s: another seller's draft = %v", a, d)
				}
			}
		})

		const managed = `query($id: ID!) { managedSeller(id: $id) {
			all: products { totalCount }
			drafts: products(status: DRAFT, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } }
			archived: products(status: ARCHIVED) { totalCount edges { node { id } } }
			lamps: products(search: "lamp") { totalCount }
			draftLamps: products(status: DRAFT, search: "lamp", first: 1) { totalCount pageInfo { hasNextPage } edges { node { status } } } } }`
		t.Run("managedSeller products(status:, search:)", func(t *testing.T) {
			for _, a := range []string{"owner", "admin"} {
				d := gqlOK(t, w, a, managed, map[string]any{"id": w.seller.ID})
				got := fmt.Sprintf("all=%v drafts=%v next=%v archived=%v lamps=%v draftLamps=%v next=%v",
					get(d, "managedSeller.all.totalCount"), get(d, "managedSeller.drafts.totalCount"), get(d, "managedSeller.drafts.pageInfo.hasNextPage"),
					get(d, "managedSeller.archived.totalCount"), get(d, "managedSeller.lamps.totalCount"),
					get(d, "managedSeller.draftLamps.totalCount"), get(d, "managedSeller.draftLamps.pageInfo.hasNextPage"))
				if want := "all=5 drafts=3 next=true archived=1 lamps=4 draftLamps=3 next=true"; got != want {
					t.Errorf("%s: %s, want %s", a, got, want)
				}
				if str(d, "managedSeller.archived.edges.0.node.id") != string(archived.ID) || str(d, "managedSeller.drafts.edges.0.node.status") != "DRAFT" ||
					str(d, "managedSeller.draftLamps.edges.0.node.status") != "DRAFT" {
					t.Errorf("%s: %v", a, d)
				}
				// The next page of drafts.
				d = gqlOK(t, w, a, `query($id: ID!, $after: Cursor) { managedSeller(id: $id) { products(status: DRAFT, first: 2, after: $after) { edges { node { status } } pageInfo { hasNextPage } } } }`,
					map[string]any{"id": w.seller.ID, "after": get(d, "managedSeller.drafts.pageInfo.endCursor")})
				if n := len(get(d, "managedSeller.products.edges").([]any)); n != 1 || get(d, "managedSeller.products.pageInfo.hasNextPage") != false {
					t.Errorf("%s: second page of drafts = %v", a, d)
				}
			}
			for a, code := range map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "stranger": "FORBIDDEN"} {
				d, e := gql(t, w, a, managed, map[string]any{"id": w.seller.ID})
				if len(e) == 0 || e[0] != code || get(d, "managedSeller") != nil {
					t.Errorf("%s: managedSeller = %v %v, want %s", a, d, e, code)
				}
			}
		})

		t.Run("the public seller page and listings", func(t *testing.T) {
			for _, a := range actors {
				d := gqlOK(t, w, a, `{ seller(slug: "owned") { all: products { totalCount } drafts: products(status: DRAFT) { totalCount } }
					products(first: 100) { totalCount edges { node { id } } } }`, nil)
				all, drafts := get(d, "seller.all.totalCount"), get(d, "seller.drafts.totalCount")
				if a == "owner" || a == "admin" {
					if all != float64(5) || drafts != float64(3) {
						t.Errorf("%s: seller products %v, drafts %v", a, all, drafts)
					}
				} else if all != float64(1) || drafts != float64(0) {
					t.Errorf("%s: seller products %v, drafts %v, want 1 and 0", a, all, drafts)
				}
				// The storefront listing is the public's, whoever asks.
				if get(d, "products.totalCount") != float64(1) || !containsID(d["products"], string(active.ID)) {
					t.Errorf("%s: products = %v", a, d["products"])
				}
			}
		})

		t.Run("nobody buys a draft, its members neither", func(t *testing.T) {
			for _, a := range []string{"owner", "admin"} {
				d := gqlOK(t, w, a, `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code } } }`,
					map[string]any{"l": []any{line(string(draftV.ID), 1)}})
				if userCodes(d, "cartCreate") != "VARIANT_UNAVAILABLE" {
					t.Errorf("%s: cartCreate = %v", a, d)
				}
				d = gqlOK(t, w, a, `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { wishlist { id } userErrors { code } } }`,
					map[string]any{"v": []string{string(draftV.ID)}})
				if userCodes(d, "wishlistItemsAdd") != "NOT_FOUND" {
					t.Errorf("%s: wishlistItemsAdd = %v", a, d)
				}
				d = gqlOK(t, w, a, `mutation($v: ID!) { productVariantStockAlertCreate(input: {variantId: $v, email: "me@example.com"}) { subscribed userErrors { code } } }`,
					map[string]any{"v": draftV.ID})
				if userCodes(d, "productVariantStockAlertCreate") != "NOT_FOUND" {
					t.Errorf("%s: stock alert = %v", a, d)
				}
			}
		})
	})
}

// TestNoStockMailAboutAHiddenProduct: a variant of a suspended seller back
// in stock mails neither the shoppers who asked for an alert nor those who
// wished for it; the alerts stay armed.
func TestNoStockMailAboutAHiddenProduct(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		smtp := mailtest.Start(t)
		w := newWorld(t, st, withSMTP(smtp.URL))
		_, v := w.product(t)
		d, e := gql(t, w, "anonymous", `mutation($v: ID!) { productVariantStockAlertCreate(input: {variantId: $v, email: "fan@example.com"}) { subscribed userErrors { code } } }`,
			map[string]any{"v": v.ID})
		mustOK(t, d, e, "productVariantStockAlertCreate")
		d, e = gql(t, w, "customer", `mutation($v: [ID!]!) { wishlistItemsAdd(input: {variantIds: $v}) { wishlist { id } userErrors { code } } }`,
			map[string]any{"v": []string{string(v.ID)}})
		mustOK(t, d, e, "wishlistItemsAdd")
		st.Client.Seller.UpdateOne(w.seller).SetStatus(seller.StatusSUSPENDED).ExecX(ctx)
		d, e = gql(t, w, "owner", `mutation($v: ID!) { inventorySet(input: {variantId: $v, quantity: 3}) { userErrors { code } } }`, map[string]any{"v": v.ID})
		mustOK(t, d, e, "inventorySet")
		waitSettled(t, st)
		smtp.None(t)
		if n := st.Client.StockAlert.Query().Where(stockalert.NotifiedAtIsNil()).CountX(ctx); n != 1 {
			t.Fatalf("%d armed alerts, want 1", n)
		}
	})
}
