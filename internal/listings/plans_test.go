// Package listings_test checks that every sorted or filtered listing the
// API offers besides the product grid (internal/catalog's
// TestEveryProductListingUsesAnIndex) reads through an index: the
// statements are the ones the API sends (testdb.Capture), EXPLAINed on
// both stores by testdb.RefusedPlan.
package listings_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// growing are the tables that grow with the shop: a listing never reads
// one whole nor sorts one whole.
var growing = testdb.Plan{Tables: []string{"products", "product_variants", "orders", "order_lines", "order_events", "reviews",
	"wishlists", "wishlist_items", "sellers", "categories", "promotions", "discount_codes", "warehouses", "customers",
	"addresses", "affiliates", "seller_ledger_entries", "payouts", "inventory_levels", "order_discount_allocations",
	"webhook_deliveries", "carts", "cart_lines"}}

// listing is one connection field of the schema: a query reaching it
// (its arguments as variables) and the variables to send, one request
// each.
type listing struct {
	query string
	vars  []map[string]any
}

// conn is a connection field read forwards and backwards (a last page is
// read in the reverse order: an index must serve that too).
func conn(field, args string) string {
	sel := `{ edges { node { id } } pageInfo { endCursor } }`
	return fmt.Sprintf("f_%s: %s(%s first: 5) %s l_%s: %s(%s last: 5) %s", field, field, args, sel, field, field, args, sel)
}

// TestEveryListingUsesAnIndex sends every connection field of the schema
// with each of its sort and filter arguments, forwards and backwards. The
// fields and their arguments are read from the schema: a listing or an
// argument added later fails the test until it is sent here, and enum
// values (sort keys, statuses) are sent as the schema lists them, so that
// a value added later is checked the day it is added.
func TestEveryListingUsesAnIndex(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		c := apitest.Seeded(t, st)
		c.Query(t, `mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { userErrors { code } } }`,
			map[string]any{"input": map[string]any{"email": "plans@example.com", "password": "correct horse battery"}})
		st.Client.Customer.Update().Where(customer.EmailKey("plans@example.com")).SetRole(customer.RoleADMIN).ExecX(ctx)
		var tok struct {
			CustomerAccessTokenCreate struct{ CustomerAccessToken *struct{ AccessToken string } }
		}
		c.Query(t, `mutation($input: CustomerAccessTokenCreateInput!) { customerAccessTokenCreate(input: $input) { customerAccessToken { accessToken } } }`,
			map[string]any{"input": map[string]any{"email": "plans@example.com", "password": "correct horse battery"}}).Decode(t, &tok)
		if tok.CustomerAccessTokenCreate.CustomerAccessToken == nil {
			t.Fatal("sign in failed")
		}
		admin := tok.CustomerAccessTokenCreate.CustomerAccessToken.AccessToken
		p := st.Client.Product.Query().FirstX(ctx)
		v := st.Client.ProductVariant.Query().FirstX(ctx)
		s := st.Client.Seller.Query().FirstX(ctx)
		cat := st.Client.Category.Query().FirstX(ctx)
		f := fixture(t, st, s, p, v)

		id := map[string]any{"id": s.ID}
		with := func(base map[string]any, k string, vals ...any) []map[string]any {
			out := []map[string]any{base}
			for _, v := range vals {
				m := map[string]any{k: v}
				for bk, bv := range base {
					m[bk] = bv
				}
				out = append(out, m)
			}
			return out
		}
		enum := func(name string) []any { return enumValues(t, c, name) }
		orders := func(order string) []any {
			var out []any
			for _, f := range enum(order) {
				for _, d := range []string{"ASC", "DESC"} {
					out = append(out, map[string]any{"field": f, "direction": d})
				}
			}
			return out
		}
		var productSorts []any
		for _, k := range model.AllProductSortKey {
			for _, d := range []string{"ASC", "DESC"} {
				productSorts = append(productSorts, map[string]any{"field": k, "direction": d})
			}
		}
		productVars := func(base map[string]any) []map[string]any {
			out := with(base, "orderBy", productSorts...)
			for _, vs := range out {
				if o, ok := vs["orderBy"].(map[string]any); ok && o["field"] == model.ProductSortKeyRelevance {
					vs["search"] = "tent"
				}
			}
			out = append(out, with(base, "where", map[string]any{"minRating": 4}, map[string]any{"inStock": true},
				map[string]any{"price": map[string]any{"min": "10.00", "max": "50.00"}})...)
			return append(out, map[string]any{"search": "tent", "id": base["id"]})
		}
		node := func(typ, vars, field, args string) string {
			return fmt.Sprintf(`query($id: ID!%s) { node(id: $id) { ... on %s { %s } } }`, vars, typ, conn(field, args))
		}
		productArgs := `where: $where, orderBy: $orderBy, search: $search,`
		productVarDecl := `, $where: ProductFilter, $orderBy: ProductSortOrder, $search: String`
		listings := map[string]listing{
			"Query.affiliates": {`{ ` + conn("affiliates", "") + ` }`, nil},
			"Query.categories": {`query($where: CategoryFilter, $orderBy: CategoryOrder) { ` + conn("categories", "where: $where, orderBy: $orderBy,") + ` }`,
				append(with(nil, "orderBy", orders("CategoryOrderField")...), with(map[string]any{"where": map[string]any{"topLevel": true}}, "orderBy", orders("CategoryOrderField")...)...)},
			"Query.sellers":            {`{ ` + conn("sellers", "") + ` }`, nil},
			"Query.marketplaceSellers": {`query($status: SellerStatus) { ` + conn("marketplaceSellers", "status: $status,") + ` }`, with(nil, "status", enum("SellerStatus")...)},
			"Query.orders": {`query($sellerId: ID, $status: OrderStatus) { ` + conn("orders", "sellerId: $sellerId, status: $status,") + ` }`,
				append(with(nil, "status", enum("OrderStatus")...), with(map[string]any{"sellerId": s.ID}, "status", enum("OrderStatus")...)...)},
			"Query.promotions": {`query($sellerId: ID) { ` + conn("promotions", "sellerId: $sellerId,") + ` }`, with(nil, "sellerId", s.ID)},
			"Query.reviewsForModeration": {`query($status: ReviewStatus) { ` + conn("reviewsForModeration", "status: $status,") + ` }`,
				with(nil, "status", enum("ReviewStatus")...)},
			"Query.discountCodes":     {`{ ` + conn("discountCodes", "") + ` }`, nil},
			"Query.warehouses":        {`{ ` + conn("warehouses", "") + ` }`, nil},
			"Query.webhookDeliveries": {`query($endpointId: ID) { ` + conn("webhookDeliveries", "endpointId: $endpointId,") + ` }`, with(nil, "endpointId", f.endpoint)},
			"Customer.orders":         {`{ me { ` + conn("orders", "") + ` } }`, nil},
			"Customer.reviews":        {`{ me { ` + conn("reviews", "") + ` } }`, nil},
			"Customer.wishlists":      {`{ me { ` + conn("wishlists", "") + ` } }`, nil},
			"Customer.addresses":      {`{ me { ` + conn("addresses", "") + ` } }`, nil},
			"Wishlist.items":          {`{ me { wishlists(first: 5) { edges { node { ` + conn("items", "") + ` } } } } }`, nil},
			"Cart.lines":              {`query($id: ID!) { cart(id: $id) { ` + conn("lines", "") + ` } }`, []map[string]any{{"id": f.cart}}},
			"Order.lines":             {node("Order", "", "lines", ""), []map[string]any{{"id": f.order}}},
			"Order.events":            {node("Order", "", "events", ""), []map[string]any{{"id": f.order}}},
			"Product.variants": {node("Product", ", $orderBy: ProductVariantOrder", "variants", "orderBy: $orderBy,"),
				with(map[string]any{"id": p.ID}, "orderBy", orders("ProductVariantOrderField")...)},
			"Product.reviews": {node("Product", ", $rating: Int, $sort: ReviewSort", "reviews", "rating: $rating, sort: $sort,"),
				append(with(map[string]any{"id": p.ID}, "sort", enum("ReviewSort")...), with(map[string]any{"id": p.ID, "rating": 5}, "sort", enum("ReviewSort")...)...)},
			"Category.children": {node("Category", ", $orderBy: CategoryOrder", "children", "orderBy: $orderBy,"),
				with(map[string]any{"id": cat.ID}, "orderBy", orders("CategoryOrderField")...)},
			"Category.products": {node("Category", productVarDecl, "products", productArgs), productVars(map[string]any{"id": cat.ID})},
			"Seller.products": {node("Seller", productVarDecl+", $status: ProductStatus", "products", "status: $status, "+productArgs),
				append(productVars(id), with(id, "status", enum("ProductStatus")...)...)},
			"Seller.ledger":  {node("Seller", "", "ledger", ""), []map[string]any{id}},
			"Seller.payouts": {node("Seller", "", "payouts", ""), []map[string]any{id}},
			"Seller.orders":  {node("Seller", ", $status: OrderStatus", "orders", "status: $status,"), with(id, "status", enum("OrderStatus")...)},
		}
		// Query.products is internal/catalog's test (the 5,000-product
		// reference catalog, every sort with every filter).
		checked := []string{"Query.products"}
		for name := range listings {
			checked = append(checked, name)
		}
		for _, field := range connectionFields(t, c) {
			if !slices.Contains(checked, field.name) {
				t.Errorf("%s: a listing this test does not send: add it to listings", field.name)
				continue
			}
			l, ok := listings[field.name]
			if !ok {
				continue
			}
			for _, arg := range field.args {
				if !regexp.MustCompile(`\b` + arg + `: \$`).MatchString(l.query) {
					t.Errorf("%s: its argument %s is not sent", field.name, arg)
				}
			}
		}
		for name, l := range listings {
			vars := l.vars
			if len(vars) == 0 {
				vars = []map[string]any{nil}
			}
			for _, vs := range vars {
				label := fmt.Sprintf("%s %v", name, vs)
				var failed bool
				// The search's own ranking of its hits (SQLite's FTS
				// table) is not a listing's order: only statements
				// reading a growing table are checked.
				stmts := testdb.Capture(st, func() {
					r := c.QueryAs(t, admin, l.query, vs)
					if failed = len(r.Errors) > 0; failed {
						t.Errorf("%s: %s", label, r.Raw)
					}
				}, growing.Tables...)
				if failed {
					continue
				}
				if len(stmts) == 0 {
					t.Errorf("%s: no statement", label)
				}
				for _, s := range stmts {
					bad, plan, err := testdb.RefusedPlan(ctx, st, s, growing)
					if err != nil {
						t.Fatalf("%s: %v", label, err)
					}
					if bad != "" {
						t.Errorf("%s: %s:\n\t%s\nplan:\n\t%s", label, bad, s.Query, plan)
					}
				}
			}
		}
	})
}

// rows is what the listings read besides the demo catalog: an order with
// its lines and timeline, the seller's ledger and payouts, webhook
// deliveries and a cart. A few rows each: the plans are the stores'
// choice without statistics (SQLite) or with sequential scans priced out
// (PostgreSQL), so what is refused is what no index can serve.
type rows struct{ order, endpoint, cart string }

func fixture(t *testing.T, st *testdb.Store, s *ent.Seller, p *ent.Product, v *ent.ProductVariant) rows {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	var first string
	for i := range 20 {
		o := st.Client.Order.Create().SetNumber(int64(700000 + i)).SetEmail("b@example.com").SetCartID(pulid.ID(fmt.Sprintf("crt_plans%d", i))).
			SetIdempotencyKey(fmt.Sprintf("plans-%d", i)).SetCurrency("EUR").SetSubtotal(1000).SetTotal(1000).SaveX(ctx)
		if first == "" {
			first = string(o.ID)
		}
		for j := range 3 {
			st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(s.ID).
				SetProductName(p.Name).SetSku(fmt.Sprintf("%s-%d", v.Sku, j)).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).ExecX(ctx)
			st.Client.OrderEvent.Create().SetOrderID(o.ID).SetType("NOTE").SetPublishedAt(now).ExecX(ctx)
		}
		st.Client.SellerLedgerEntry.Create().SetSellerID(s.ID).SetType(sellerledgerentry.TypeSALE).SetKey(fmt.Sprintf("plans:%d", i)).
			SetOrderID(o.ID).SetPending(900).SetCurrency("EUR").ExecX(ctx)
		st.Client.Payout.Create().SetSellerID(s.ID).SetAmount(100).SetCurrency("EUR").SetIdempotencyKey(fmt.Sprintf("plans-%d", i)).ExecX(ctx)
	}
	ep := st.Client.WebhookEndpoint.Create().SetURL("https://example.com/hook").SetEventTypes([]string{"order.placed"}).SetSecret("0123456789abcdef").SaveX(ctx)
	for i := range 20 {
		st.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(fmt.Sprintf("oev_%d", i)).SetEventType("order.placed").
			SetPayload(`{}`).SetNextAttemptAt(now).ExecX(ctx)
	}
	cart := st.Client.Cart.Create().SetCurrency("EUR").SaveX(ctx)
	st.Client.CartLine.Create().SetCartID(cart.ID).SetVariantID(v.ID).SetQuantity(1).ExecX(ctx)
	return rows{order: first, endpoint: string(ep.ID), cart: string(cart.ID)}
}

// enumValues reads an enum's values from the schema.
func enumValues(t *testing.T, c *apitest.Client, name string) []any {
	t.Helper()
	var r struct {
		Type *struct{ EnumValues []struct{ Name string } } `json:"__type"`
	}
	c.Query(t, `query($n: String!) { __type(name: $n) { enumValues { name } } }`, map[string]any{"n": name}).Decode(t, &r)
	if r.Type == nil || len(r.Type.EnumValues) == 0 {
		t.Fatalf("enum %s: not in the schema", name)
	}
	var out []any
	for _, v := range r.Type.EnumValues {
		out = append(out, v.Name)
	}
	return out
}

type connectionField struct {
	name string   // Type.field
	args []string // its arguments besides the page's
}

// connectionFields lists every field of the schema whose type is a
// connection, with its arguments other than after, first, before and last.
func connectionFields(t *testing.T, c *apitest.Client) []connectionField {
	t.Helper()
	type typeRef struct {
		Name   *string
		OfType *typeRef
	}
	var r struct {
		Schema struct {
			Types []struct {
				Name   string
				Fields []struct {
					Name string
					Args []struct{ Name string }
					Type typeRef
				}
			}
		} `json:"__schema"`
	}
	c.Query(t, `{ __schema { types { name fields { name args { name } type { name ofType { name ofType { name } } } } } } }`, nil).Decode(t, &r)
	var out []connectionField
	for _, ty := range r.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		for _, f := range ty.Fields {
			tr := &f.Type
			for tr.Name == nil && tr.OfType != nil {
				tr = tr.OfType
			}
			if tr.Name == nil || !strings.HasSuffix(*tr.Name, "Connection") {
				continue
			}
			cf := connectionField{name: ty.Name + "." + f.Name}
			for _, a := range f.Args {
				if !slices.Contains([]string{"after", "first", "before", "last"}, a.Name) {
					cf.args = append(cf.args, a.Name)
				}
			}
			out = append(out, cf)
		}
	}
	if len(out) < 10 {
		t.Fatalf("%d connection fields in the schema: introspection failed?", len(out))
	}
	return out
}
