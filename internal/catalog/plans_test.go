package catalog_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"testing"

	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

// catalogTables are the tables that grow with the catalog: reading one of
// them whole, or sorting the products, on every request is what this test
// refuses.
var catalogTables = []string{"products", "product_variants", "inventory_levels"}

// gridQuery is a storefront's product grid with any sort, filter and
// search.
const gridQuery = `query($where: ProductFilter, $orderBy: ProductSortOrder, $search: String, $after: Cursor, $last: Int) {
  products(first: 20, where: $where, orderBy: $orderBy, search: $search, after: $after) { edges { node { id } } pageInfo { endCursor } }
  last: products(last: $last, where: $where, orderBy: $orderBy, search: $search) { edges { node { id } } }
}`

// TestEveryProductListingUsesAnIndex sends every sort key of the schema
// (model.AllProductSortKey: a key added to ProductSortKey is checked the
// day it is added), in both directions, alone and with each filter, and a
// second page and a last page of each, against the 5,000-product reference
// catalog (imported and analyzed as an import leaves it), and EXPLAINs each
// statement the listing sends. It fails on a full scan of a catalog table
// and on a sort of the whole catalog: SQLite's "SCAN products" without an
// index and "USE TEMP B-TREE FOR ORDER BY" over an unconstrained products
// scan; PostgreSQL's Seq Scan of a catalog table (planned with
// enable_seqscan off, so a Seq Scan left means no index can serve) and a
// Sort of more than a tenth of the catalog. The statements are the ones the
// API sends (testdb.Capture), so the test follows the code; the rules are
// testdb.RefusedPlan's, shared with the other listings' test
// (internal/listings).
func TestEveryProductListingUsesAnIndex(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		testcatalog.Import(t, st)
		c := apitest.New(t, st)
		seller := st.Client.Seller.Query().FirstX(ctx)
		category := st.Client.Category.Query().FirstX(ctx)
		filters := map[string]map[string]any{
			"none":         nil,
			"sellerId":     {"sellerId": seller.ID},
			"sellerSlug":   {"sellerSlug": seller.Slug},
			"categoryId":   {"categoryId": category.ID},
			"categorySlug": {"categorySlug": category.Slug},
			"price":        {"price": map[string]any{"min": "10.00", "max": "50.00"}},
			"inStock":      {"inStock": true},
			"outOfStock":   {"inStock": false},
			"attributes":   {"attributes": []any{map[string]any{"key": "material", "value": "linen"}}},
		}
		for _, key := range model.AllProductSortKey {
			for _, dir := range []string{"ASC", "DESC"} {
				// minRating with every sort: with RATING it narrows through
				// the rating index; with the others it is checked on the
				// rows the sort's index walks (catalog.ratingChecked).
				cases := maps.Clone(filters)
				cases["minRating"] = map[string]any{"minRating": 4}
				for name, where := range cases {
					vars := map[string]any{"where": where, "orderBy": map[string]any{"field": key, "direction": dir}, "last": 5}
					if key == model.ProductSortKeyRelevance {
						vars["search"] = "tent"
					}
					label := fmt.Sprintf("%s %s, filter %s", key, dir, name)
					stmts := capture(t, c, vars)
					for _, s := range stmts {
						checkPlan(t, st, label, s)
					}
				}
			}
		}
	})
}

// capture runs the listing twice (a first page, then the page after it)
// and returns the statements that read products.
func capture(t *testing.T, c *apitest.Client, vars map[string]any) []testdb.Statement {
	t.Helper()
	return testdb.Capture(c.Store, func() {
		var first struct {
			Products struct{ PageInfo struct{ EndCursor *string } }
		}
		c.Query(t, gridQuery, vars).Decode(t, &first)
		if cur := first.Products.PageInfo.EndCursor; cur != nil {
			next := map[string]any{}
			for k, v := range vars {
				next[k] = v
			}
			next["after"] = *cur
			c.Query(t, gridQuery, next).Decode(t, &first)
		}
	}, "products")
}

// catalogPlan: no full scan of a catalog table; no sort of the whole
// catalog (SQLite: a temporary B-tree over an unconstrained products read;
// PostgreSQL: a Sort of more than a tenth of the catalog).
var catalogPlan = testdb.Plan{Tables: catalogTables, MaxSortRows: refcatalog.Products / 10,
	// A products access constrained by more than the status column: a
	// seller's, a category's, or search hits. Sorting what it returns is
	// sorting a part of the catalog.
	Narrow: regexp.MustCompile(`^SEARCH products( AS \w+)? USING .*\((id|seller_id|category_id)[=>< ]`)}

// checkPlan EXPLAINs one statement and fails the test on a full scan of a
// catalog table or a sort of the whole catalog.
func checkPlan(t *testing.T, st *store.Store, label string, s testdb.Statement) {
	t.Helper()
	bad, plan, err := testdb.RefusedPlan(context.Background(), st, s, catalogPlan)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	if bad != "" {
		t.Errorf("%s: %s:\n\t%s\nplan:\n\t%s", label, bad, s.Query, plan)
	}
}
