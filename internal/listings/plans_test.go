// Package listings_test checks that every sorted or filtered listing the
// API offers besides the product grid (internal/catalog's
// TestEveryProductListingUsesAnIndex) reads through an index: the
// statements are the ones the API sends (testdb.Capture), EXPLAINed on
// both stores by testdb.RefusedPlan.
package listings_test

import (
	"context"
	"os"
	"testing"

	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// growing are the tables that grow with the shop: a listing never reads
// one whole nor sorts one whole.
var growing = testdb.Plan{Tables: []string{"products", "product_variants", "orders", "order_lines", "order_events", "reviews",
	"wishlists", "wishlist_items", "sellers", "categories", "promotions", "discount_codes", "warehouses", "customers",
	"addresses", "affiliates", "ledger_entries", "payouts", "inventory_levels", "order_discount_allocations"}}

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
		s := st.Client.Seller.Query().FirstX(ctx)
		page := `(first: 5) { edges { node { id } } pageInfo { endCursor } }`
		listings := map[string]struct {
			query string
			vars  map[string]any
		}{
			"categories":                       {`{ categories` + page + ` }`, nil},
			"sellers":                          {`{ sellers` + page + ` }`, nil},
			"marketplaceSellers":               {`{ marketplaceSellers` + page + ` }`, nil},
			"orders (admin)":                   {`{ orders` + page + ` }`, nil},
			"orders of a seller":               {`query($s: ID) { orders(sellerId: $s, first: 5) { edges { node { id } } } }`, map[string]any{"s": s.ID}},
			"promotions":                       {`{ promotions` + page + ` }`, nil},
			"promotions of seller":             {`query($s: ID) { promotions(sellerId: $s, first: 5) { edges { node { id } } } }`, map[string]any{"s": s.ID}},
			"reviewsForModeration":             {`{ reviewsForModeration` + page + ` }`, nil},
			"discountCodes":                    {`{ discountCodes` + page + ` }`, nil},
			"warehouses":                       {`{ warehouses` + page + ` }`, nil},
			"affiliates":                       {`{ affiliates` + page + ` }`, nil},
			"a customer's lists":               {`{ me { orders` + page + ` reviews` + page + ` wishlists(first: 5) { edges { node { id items` + page + ` } } } addresses` + page + ` } }`, nil},
			"a product's reviews and variants": {`query($id: ID!) { product(id: $id) { id reviews` + page + ` variants` + page + ` } }`, map[string]any{"id": p.ID}},
		}
		for name, l := range listings {
			stmts := testdb.Capture(st, func() {
				r := c.QueryAs(t, admin, l.query, l.vars)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %s", name, r.Raw)
				}
			})
			if len(stmts) == 0 {
				t.Fatalf("%s: no statement", name)
			}
			for _, s := range stmts {
				bad, plan, err := testdb.RefusedPlan(ctx, st, s, growing)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if bad != "" {
					t.Errorf("%s: %s:\n\t%s\nplan:\n\t%s", name, bad, s.Query, plan)
				}
			}
		}
	})
}
