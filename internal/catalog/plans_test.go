package catalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/store"
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
// Sort of more than a tenth of the catalog.
func TestEveryProductListingUsesAnIndex(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		f, err := refcatalog.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := catalog.Import(ctx, st, f); err != nil {
			t.Fatal(err)
		}
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
				for name, where := range filters {
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

type statement struct {
	query string
	args  []any
}

// capture runs the listing twice (a first page, then the page after it)
// and returns the statements that read products.
func capture(t *testing.T, c *apitest.Client, vars map[string]any) []statement {
	t.Helper()
	var mu sync.Mutex
	var out []statement
	stop := c.Store.Counter.Watch(func(q string, args []any) {
		mu.Lock()
		defer mu.Unlock()
		if strings.Contains(q, "products") {
			out = append(out, statement{q, args})
		}
	})
	defer stop()
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
	mu.Lock()
	defer mu.Unlock()
	return out
}

var (
	sqliteFullScan = regexp.MustCompile(`^SCAN (` + strings.Join(catalogTables, "|") + `)( AS \w+)?$`)
	// A products access constrained by more than the status column: a
	// seller's, a category's, or search hits. Sorting what it returns is
	// sorting a part of the catalog.
	sqliteNarrowProducts = regexp.MustCompile(`^SEARCH products( AS \w+)? USING .*\((id|seller_id|category_id)[=>< ]`)
)

// checkPlan EXPLAINs one statement and fails the test on a full scan of a
// catalog table or a sort of the whole catalog.
func checkPlan(t *testing.T, st *store.Store, label string, s statement) {
	t.Helper()
	switch st.Dialect {
	case dialect.SQLite:
		rows, err := st.DB.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+s.query, s.args...)
		if err != nil {
			t.Fatalf("%s: explain: %v\n%s", label, err, s.query)
		}
		defer rows.Close()
		var plan []string
		fullScan, tempSort, narrow := false, false, false
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
			fullScan = fullScan || sqliteFullScan.MatchString(detail)
			tempSort = tempSort || strings.HasPrefix(detail, "USE TEMP B-TREE FOR ORDER BY") || strings.HasPrefix(detail, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY")
			narrow = narrow || sqliteNarrowProducts.MatchString(detail)
		}
		if fullScan || (tempSort && !narrow) {
			t.Errorf("%s: full scan or whole-catalog sort:\n\t%s\nplan:\n\t%s", label, s.query, strings.Join(plan, "\n\t"))
		}
	case dialect.Postgres:
		conn, err := st.DB.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		ctx := context.Background()
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "RESET enable_seqscan") //nolint:errcheck // the connection goes back to the pool
		var raw []byte
		if err := conn.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+s.query, s.args...).Scan(&raw); err != nil {
			t.Fatalf("%s: explain: %v\n%s", label, err, s.query)
		}
		var plans []struct{ Plan pgNode }
		if err := json.Unmarshal(raw, &plans); err != nil {
			t.Fatal(err)
		}
		if bad := plans[0].Plan.refused(); bad != "" {
			t.Errorf("%s: %s:\n\t%s\nplan: %s", label, bad, s.query, raw)
		}
	}
}

// pgNode is a node of EXPLAIN (FORMAT JSON).
type pgNode struct {
	NodeType string   `json:"Node Type"`
	Relation string   `json:"Relation Name"`
	Rows     float64  `json:"Plan Rows"`
	Plans    []pgNode `json:"Plans"`
}

// refused names what the plan must not do, or is empty.
func (n pgNode) refused() string {
	switch {
	case n.NodeType == "Seq Scan" && slices.Contains(catalogTables, n.Relation):
		return "Seq Scan on " + n.Relation
	case n.NodeType == "Sort" && n.Rows > refcatalog.Products/10:
		return fmt.Sprintf("Sort of %.0f rows", n.Rows)
	}
	for _, c := range n.Plans {
		if r := c.refused(); r != "" {
			return r
		}
	}
	return ""
}
