package resolvers_test

import (
	"context"
	"slices"
	"testing"

	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderdiscountallocation"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

const promotionCreate = `mutation($in: PromotionCreateInput!) { promotionCreate(input: $in) { promotion { id title kind value sellerId } userErrors { field code message } } }`

const promotedCart = `query($id: ID!) { cart(id: $id) {
  cost { subtotalAmount { amount } discountAmount { amount } shippingAmount { amount } taxAmount { amount } totalAmount { amount }
    discountAllocations { title source promotionId discountCode amount { amount } shippingAmount { amount } lines { lineId amount { amount } } } }
  discountCodes { code applicable reason }
  lines(first: 10) { edges { node { id cost { discountAmount { amount } } } } } } }`

// Automatic promotions price every cart read, stack with a code, show as
// allocations, and are copied onto the order.
func TestPromotionsPriceCartsAndOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 50)
		id := readyCart(t, w, "customer", v, 3, s)
		d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "TEN", discount: {kind: PERCENTAGE, value: "10"}}) { userErrors { code } } }`, nil)
		mustOK(t, d, e, "discountCodeCreate")
		d, e = gql(t, w, "customer", `mutation($c: ID!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: ["TEN"]}) { userErrors { code } } }`, map[string]any{"c": id})
		mustOK(t, d, e, "cartDiscountCodesUpdate")
		w.c.Statements(func() { gql(t, w, "customer", promotedCart, map[string]any{"id": id}) })
		before := w.c.Statements(func() { gql(t, w, "customer", promotedCart, map[string]any{"id": id}) })

		d, e = gql(t, w, "admin", promotionCreate, map[string]any{"in": map[string]any{"promotion": map[string]any{
			"title": "Spring sale", "kind": "PERCENTAGE", "value": "10", "priority": 5}}})
		saleID := str(mustOK(t, d, e, "promotionCreate"), "promotion.id")
		d, e = gql(t, w, "owner", promotionCreate, map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "promotion": map[string]any{
			"title": "Free delivery", "kind": "FREE_SHIPPING", "minimumSubtotal": "20.00"}}})
		shipID := str(mustOK(t, d, e, "promotionCreate"), "promotion.id")
		// Not for guests: it must not apply to a signed-in customer's cart
		// differently than its segment says (the customer has no order yet).
		d, e = gql(t, w, "admin", promotionCreate, map[string]any{"in": map[string]any{"promotion": map[string]any{
			"title": "Welcome", "kind": "FIXED_AMOUNT", "value": "1.00", "customerSegment": "FIRST_ORDER", "priority": 1}}})
		mustOK(t, d, e, "promotionCreate")

		d, e = gql(t, w, "customer", promotedCart, map[string]any{"id": id})
		if len(e) > 0 {
			t.Fatal(e)
		}
		c := get(d, "cart")
		lineID := str(c, "lines.edges.0.node.id")
		// 3 × 10.00 = 30.00; Spring sale 10% = 3.00; Welcome 1.00 (first
		// order); TEN 10% of 26.00 = 2.60; Colissimo 4.90 free; 20% tax on
		// 23.40 = 4.68.
		want := map[string]string{
			"cost.subtotalAmount.amount": "30.00", "cost.discountAmount.amount": "6.60", "cost.shippingAmount.amount": "0.00",
			"cost.taxAmount.amount": "4.68", "cost.totalAmount.amount": "28.08",
			"cost.discountAllocations.0.title": "Spring sale", "cost.discountAllocations.0.source": "PROMOTION",
			"cost.discountAllocations.0.promotionId": saleID, "cost.discountAllocations.0.amount.amount": "3.00",
			"cost.discountAllocations.0.lines.0.lineId": lineID, "cost.discountAllocations.0.lines.0.amount.amount": "3.00",
			"cost.discountAllocations.1.title": "Welcome", "cost.discountAllocations.1.amount.amount": "1.00",
			"cost.discountAllocations.2.title": "Free delivery", "cost.discountAllocations.2.promotionId": shipID,
			"cost.discountAllocations.2.amount.amount": "4.90", "cost.discountAllocations.2.shippingAmount.amount": "4.90",
			"cost.discountAllocations.3.title": "TEN", "cost.discountAllocations.3.source": "DISCOUNT_CODE", "cost.discountAllocations.3.discountCode": "TEN",
			"cost.discountAllocations.3.amount.amount":      "2.60",
			"lines.edges.0.node.cost.discountAmount.amount": "6.60",
		}
		for p, v := range want {
			if got := str(c, p); got != v {
				t.Errorf("%s = %q, want %q", p, got, v)
			}
		}
		if n := len(get(c, "cost.discountAllocations").([]any)); n != 4 || get(c, "cost.discountAllocations.2.lines.0") != nil {
			t.Fatalf("allocations: %v", get(c, "cost.discountAllocations"))
		}
		// Promotions are served from memory: a cart read costs the same
		// statements with them as without, plus one to know whether the
		// customer has ordered yet (a FIRST_ORDER promotion is live).
		if after := w.c.Statements(func() { gql(t, w, "customer", promotedCart, map[string]any{"id": id}) }); after != before+1 {
			t.Fatalf("cart read: %d statements with promotions, %d without", after, before)
		}

		d = checkoutAs(t, w, "customer", id, key("promo", 1), "test", "tok_success")
		orderID := str(d, "checkoutComplete.order.id")
		if orderID == "" {
			t.Fatalf("checkout: %v", d)
		}
		o := st.Client.Order.Query().Where(order.ID(pulid.ID(orderID))).OnlyX(context.Background())
		if o.DiscountTotal != 660 || o.ShippingTotal != 0 || o.Total != 2808 {
			t.Fatalf("order amounts: discount %d shipping %d total %d", o.DiscountTotal, o.ShippingTotal, o.Total)
		}
		rows := st.Client.OrderDiscountAllocation.Query().Where(orderdiscountallocation.OrderID(o.ID)).
			Order(orderdiscountallocation.ByPosition()).AllX(context.Background())
		var got []string
		for _, r := range rows {
			got = append(got, r.Title+"/"+string(r.Target)+"/"+string(r.Source))
			if r.SellerID != w.seller.ID || r.Currency != "EUR" {
				t.Errorf("row %+v", r)
			}
		}
		if !slices.Equal(got, []string{"Spring sale/LINE/PROMOTION", "Welcome/LINE/PROMOTION", "Free delivery/SHIPPING/PROMOTION", "TEN/LINE/DISCOUNT_CODE"}) ||
			rows[0].PromotionID == nil || string(*rows[0].PromotionID) != saleID || rows[2].OrderLineID != nil || rows[0].OrderLineID == nil {
			t.Fatalf("allocation rows %v", got)
		}
		// The order shows them, with its own line ids; a promotion renamed
		// later keeps its title on the order.
		d, e = gql(t, w, "admin", `mutation($in: PromotionUpdateInput!) { promotionUpdate(input: $in) { promotion { title } userErrors { code } } }`,
			map[string]any{"in": map[string]any{"id": saleID, "promotion": map[string]any{"title": "Renamed", "kind": "PERCENTAGE", "value": "10"}}})
		mustOK(t, d, e, "promotionUpdate")
		d, e = gql(t, w, "customer", `query($id: ID!) { node(id: $id) { ... on Order { discountAllocations { title source amount { amount } shippingAmount { amount } lines { lineId amount { amount } } } lines(first: 1) { edges { node { id } } } } } }`, map[string]any{"id": orderID})
		if len(e) > 0 {
			t.Fatal(e)
		}
		n := get(d, "node")
		for p, v := range map[string]string{
			"discountAllocations.0.title": "Spring sale", "discountAllocations.0.amount.amount": "3.00",
			"discountAllocations.0.lines.0.lineId": str(n, "lines.edges.0.node.id"), "discountAllocations.0.lines.0.amount.amount": "3.00",
			"discountAllocations.2.title": "Free delivery", "discountAllocations.2.shippingAmount.amount": "4.90",
			"discountAllocations.3.source": "DISCOUNT_CODE", "discountAllocations.3.amount.amount": "2.60",
		} {
			if got := str(n, p); got != v {
				t.Errorf("order %s = %q, want %q", p, got, v)
			}
		}
		// The seller of another shop sees no share of it.
		d, _ = gql(t, w, "stranger", `query($id: ID!) { node(id: $id) { ... on Order { discountAllocations { title } } } }`, map[string]any{"id": orderID})
		if a, _ := get(d, "node.discountAllocations").([]any); len(a) != 0 {
			t.Fatalf("stranger reads allocations: %v", d)
		}
		// Now it has an order: the first-order promotion is gone from a new cart.
		id2 := readyCart(t, w, "customer", v, 3, s)
		d, _ = gql(t, w, "customer", promotedCart, map[string]any{"id": id2})
		for _, a := range get(d, "cart.cost.discountAllocations").([]any) {
			if str(a, "title") == "Welcome" {
				t.Fatalf("first-order promotion on a second order: %v", d)
			}
		}
	})
}

// A promotion that does not combine with codes turns them off, and
// checkout refuses the code as it says.
func TestPromotionNotCombinableWithCodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 50)
		d, e := gql(t, w, "admin", promotionCreate, map[string]any{"in": map[string]any{"promotion": map[string]any{
			"title": "Buy 2 get 1", "kind": "BUY_X_GET_Y", "buyQuantity": 2, "getQuantity": 1, "combinesWithCodes": false}}})
		mustOK(t, d, e, "promotionCreate")
		d, e = gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "TEN", discount: {kind: PERCENTAGE, value: "10"}}) { userErrors { code } } }`, nil)
		mustOK(t, d, e, "discountCodeCreate")
		id := readyCart(t, w, "anonymous", v, 3, s)
		d, e = gql(t, w, "anonymous", `mutation($c: ID!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: ["TEN"]}) { userErrors { code } } }`, map[string]any{"c": id})
		mustOK(t, d, e, "cartDiscountCodesUpdate")
		d, _ = gql(t, w, "anonymous", promotedCart, map[string]any{"id": id})
		c := get(d, "cart")
		if str(c, "cost.discountAmount.amount") != "10.00" || get(c, "discountCodes.0.applicable") != false ||
			str(c, "discountCodes.0.reason") != "this code cannot be combined with the promotion Buy 2 get 1" {
			t.Fatalf("cart: %v", c)
		}
	})
}

// Sellers manage their own promotions only; strangers, customers and other
// sellers are refused.
func TestPromotionAuthorization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		mine := map[string]any{"sellerId": w.seller.ID, "promotion": map[string]any{"title": "Mine", "kind": "PERCENTAGE", "value": "5"}}
		platform := map[string]any{"promotion": map[string]any{"title": "All", "kind": "PERCENTAGE", "value": "5"}}
		for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "stranger": "FORBIDDEN"} {
			if _, e := gql(t, w, actor, promotionCreate, map[string]any{"in": mine}); !slices.Equal(e, []string{want}) {
				t.Errorf("%s creating for the seller: %v, want %s", actor, e, want)
			}
		}
		if _, e := gql(t, w, "owner", promotionCreate, map[string]any{"in": platform}); !slices.Equal(e, []string{"FORBIDDEN"}) {
			t.Errorf("owner creating a platform promotion: %v", e)
		}
		other := st.Client.Product.Create().SetName("Theirs").SetSlug("theirs").SetSellerID(w.other.ID).SaveX(context.Background())
		d, e := gql(t, w, "owner", promotionCreate, map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "promotion": map[string]any{
			"title": "Sneaky", "kind": "PERCENTAGE", "value": "5", "productIds": []any{other.ID}}}})
		if len(e) > 0 || userCodes(d, "promotionCreate") != "NOT_OWN_PRODUCT" {
			t.Fatalf("another seller's product: %v %v", d, e)
		}
		d, e = gql(t, w, "owner", promotionCreate, map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "promotion": map[string]any{
			"title": "Bad", "kind": "PERCENTAGE", "value": "150", "startsAt": "2027-01-02T00:00:00Z", "endsAt": "2027-01-01T00:00:00Z"}}})
		if len(e) > 0 || userCodes(d, "promotionCreate") != "INVALID,INVALID" {
			t.Fatalf("invalid input: %v %v", d, e)
		}
		d, e = gql(t, w, "owner", promotionCreate, map[string]any{"in": mine})
		pid := str(mustOK(t, d, e, "promotionCreate"), "promotion.id")
		upd := `mutation($in: PromotionUpdateInput!) { promotionUpdate(input: $in) { promotion { id } userErrors { code } } }`
		del := `mutation($id: ID!) { promotionDelete(input: {id: $id}) { deletedPromotionId userErrors { code } } }`
		node := `query($id: ID!) { node(id: $id) { ... on Promotion { id title } } }`
		list := `query($s: ID) { promotions(sellerId: $s) { totalCount } }`
		for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "stranger": "FORBIDDEN"} {
			if _, e := gql(t, w, actor, upd, map[string]any{"in": map[string]any{"id": pid, "promotion": platform["promotion"]}}); !slices.Equal(e, []string{want}) {
				t.Errorf("%s updating: %v", actor, e)
			}
			if _, e := gql(t, w, actor, del, map[string]any{"id": pid}); !slices.Equal(e, []string{want}) {
				t.Errorf("%s deleting: %v", actor, e)
			}
			if _, e := gql(t, w, actor, list, map[string]any{"s": w.seller.ID}); !slices.Equal(e, []string{want}) {
				t.Errorf("%s listing: %v", actor, e)
			}
			if d, _ := gql(t, w, actor, node, map[string]any{"id": pid}); get(d, "node") != nil {
				t.Errorf("%s reads the promotion through node: %v", actor, d)
			}
		}
		if d, _ := gql(t, w, "owner", node, map[string]any{"id": pid}); str(d, "node.title") != "Mine" {
			t.Errorf("owner node: %v", d)
		}
		if d, e := gql(t, w, "owner", list, map[string]any{"s": w.seller.ID}); len(e) > 0 || get(d, "promotions.totalCount") != float64(1) {
			t.Errorf("owner list: %v %v", d, e)
		}
		if _, e := gql(t, w, "owner", list, nil); !slices.Equal(e, []string{"FORBIDDEN"}) {
			t.Errorf("owner listing every promotion: %v", e)
		}
		d, e = gql(t, w, "owner", del, map[string]any{"id": pid})
		if str(mustOK(t, d, e, "promotionDelete"), "deletedPromotionId") != pid {
			t.Fatalf("delete: %v", d)
		}
		d, e = gql(t, w, "owner", del, map[string]any{"id": pid})
		if len(e) > 0 || userCodes(d, "promotionDelete") != "NOT_FOUND" {
			t.Fatalf("delete twice: %v %v", d, e)
		}
	})
}

// Listing badges: a page of products costs the same statements with
// activePromotions whatever its size (one more with a category condition).
func TestProductActivePromotions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		for range 3 {
			w.product(t)
		}
		st.Client.Product.Create().SetName("Theirs").SetSlug("theirs").SetSellerID(w.other.ID).SetStatus("ACTIVE").ExecX(ctx)
		d, e := gql(t, w, "owner", promotionCreate, map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "promotion": map[string]any{
			"title": "Owned sale", "kind": "PERCENTAGE", "value": "15", "endsAt": "2099-01-01T00:00:00Z"}}})
		mustOK(t, d, e, "promotionCreate")
		d, e = gql(t, w, "admin", promotionCreate, map[string]any{"in": map[string]any{"promotion": map[string]any{
			"title": "Later", "kind": "PERCENTAGE", "value": "15", "startsAt": "2099-01-01T00:00:00Z"}}})
		mustOK(t, d, e, "promotionCreate")
		q := func(first int, badges bool) string {
			f := ""
			if badges {
				f = "activePromotions { promotionId title kind endsAt }"
			}
			return `{ products(first: ` + string(rune('0'+first)) + `) { edges { node { id seller { id } ` + f + ` } } } }`
		}
		var data map[string]any
		// Warm (the live set, prepared statements) with a document of its
		// own: the measured ones must not come from the response cache.
		gql(t, w, "anonymous", q(3, true), nil)
		plain := w.c.Statements(func() { gql(t, w, "anonymous", q(4, false), nil) })
		one := w.c.Statements(func() { gql(t, w, "anonymous", q(1, true), nil) })
		four := w.c.Statements(func() { data, _ = gql(t, w, "anonymous", q(4, true), nil) })
		if four != plain || one != four {
			t.Fatalf("statements: %d without badges, %d with for 1 product, %d for 4", plain, one, four)
		}
		n := 0
		for _, edge := range get(data, "products.edges").([]any) {
			badges := get(edge, "node.activePromotions").([]any)
			owned := str(edge, "node.seller.id") == string(w.seller.ID)
			if owned && (len(badges) != 1 || str(badges[0], "title") != "Owned sale" || str(badges[0], "endsAt") != "2099-01-01T00:00:00Z") {
				t.Errorf("owned product badges: %v", badges)
			}
			if !owned && len(badges) != 0 {
				t.Errorf("other seller's product badges: %v", badges)
			}
			n++
		}
		if n != 4 {
			t.Fatalf("%d products", n)
		}
	})
}
