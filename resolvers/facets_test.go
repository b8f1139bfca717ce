package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

const facetsQuery = `query Facets($first: Int, $where: ProductFilter, $orderBy: ProductSortOrder, $search: String) {
  products(first: $first, where: $where, orderBy: $orderBy, search: $search) {
    totalCount
    edges { node { id } }
    facets { key kind label values { value label count selected } }
  }
}`

type facetsOut struct {
	Products struct {
		TotalCount int
		Edges      []struct{ Node struct{ ID string } }
		Facets     []struct {
			Key, Kind, Label string
			Values           []struct {
				Value, Label string
				Count        int
				Selected     bool
			}
		}
	}
}

// filterFor is the ProductFilter a facet value stands for, as the schema
// documents it.
func filterFor(t *testing.T, kind, key, value string) map[string]any {
	t.Helper()
	switch kind {
	case "CATEGORY":
		return map[string]any{"categoryId": value}
	case "SELLER":
		return map[string]any{"sellerId": value}
	case "PRICE":
		lo, hi, ok := strings.Cut(value, "..")
		if !ok {
			t.Fatalf("price value %q", value)
		}
		p := map[string]any{}
		if lo != "" {
			p["min"] = lo
		}
		if hi != "" {
			p["max"] = hi
		}
		return map[string]any{"price": p}
	case "RATING":
		return map[string]any{"minRating": value}
	case "AVAILABILITY":
		return map[string]any{"inStock": value == "true"}
	case "ATTRIBUTE":
		return map[string]any{"attributes": []map[string]any{{"key": key, "value": value}}}
	}
	t.Fatalf("unknown facet kind %s", kind)
	return nil
}

// TestFacetValuesFilterToTheirCounts: over the API, every facet value,
// passed back as the filter the schema says it feeds, lists exactly as
// many products as it counted, and is then selected; a suspended seller's
// products count nowhere.
func TestFacetValuesFilterToTheirCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		ctx := context.Background()
		hidden := st.Client.Seller.Query().Order(seller.BySlug()).FirstX(ctx)
		st.Client.Seller.UpdateOne(hidden).SetStatus(seller.StatusSUSPENDED).ExecX(ctx)
		var out facetsOut
		c.Query(t, facetsQuery, map[string]any{"first": 1}).Decode(t, &out)
		kinds := map[string]bool{}
		for _, f := range out.Products.Facets {
			kinds[f.Kind] = true
			sum := 0
			for i, v := range f.Values {
				sum += v.Count
				if v.Selected {
					t.Fatalf("%s=%s selected without a filter", f.Key, v.Value)
				}
				if f.Kind == "SELLER" && v.Value == string(hidden.ID) {
					t.Fatal("the suspended seller is a facet value")
				}
				if i >= 3 && f.Kind != "SELLER" {
					continue // a few of each kind: the round trip costs a request
				}
				var one facetsOut
				c.Query(t, facetsQuery, map[string]any{"first": 1, "where": filterFor(t, f.Kind, f.Key, v.Value)}).Decode(t, &one)
				if one.Products.TotalCount != v.Count {
					t.Fatalf("%s=%s counted %d, lists %d", f.Key, v.Value, v.Count, one.Products.TotalCount)
				}
				selected := false
				for _, g := range one.Products.Facets {
					for _, w := range g.Values {
						if w.Selected {
							if g.Key != f.Key || w.Value != v.Value {
								t.Fatalf("filtering on %s=%s selects %s=%s", f.Key, v.Value, g.Key, w.Value)
							}
							selected = true
							// Its own facet ignores its filter: same count.
							if w.Count != v.Count {
								t.Fatalf("%s=%s selected counts %d, was %d", f.Key, v.Value, w.Count, v.Count)
							}
						}
					}
				}
				if !selected {
					t.Fatalf("filtering on %s=%s selects nothing", f.Key, v.Value)
				}
			}
			// Each product has one seller and is in stock or not.
			if (f.Kind == "SELLER" || f.Kind == "AVAILABILITY") && sum != out.Products.TotalCount {
				t.Fatalf("%s counts sum to %d of %d products", f.Key, sum, out.Products.TotalCount)
			}
		}
		for _, k := range []string{"CATEGORY", "SELLER", "PRICE", "AVAILABILITY", "ATTRIBUTE"} {
			if !kinds[k] {
				t.Fatalf("no %s facet on the demo catalog", k)
			}
		}
		// The new sorts and filter through the schema.
		for _, o := range []string{"RATING", "BEST_SELLING"} {
			c.Query(t, facetsQuery, map[string]any{"first": 3, "orderBy": map[string]any{"field": o, "direction": "DESC"},
				"where": map[string]any{"minRating": 0}}).Decode(t, &out)
		}
		r := c.Query(t, facetsQuery, map[string]any{"where": map[string]any{"minRating": 7}})
		if len(r.Errors) == 0 || !strings.Contains(string(r.Raw), "BAD_USER_INPUT") {
			t.Fatalf("minRating 7: %s", r.Raw)
		}
	})
}

// TestFacetsCostStatementsOnlyWhenSelected: the listing without facets
// costs what it did; with them a constant number more, whatever the page.
func TestFacetsCostStatementsOnlyWhenSelected(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		plain := `query($first: Int, $search: String) { products(first: $first, search: $search) { totalCount edges { node { id } } } }`
		faceted := `query($first: Int, $search: String) { products(first: $first, search: $search) { totalCount edges { node { id } } facets { key values { value count } } } }`
		for _, search := range []any{nil, "linen"} {
			var n [2][2]int64
			for i, q := range []string{plain, faceted} {
				for j, first := range []int{5, 50} {
					n[i][j] = c.Statements(func() {
						c.Query(t, q, map[string]any{"first": first, "search": search}).Decode(t, &struct{}{})
					})
				}
			}
			// products + totalCount (+ search); facets: one per group,
			// category and seller names, and the attributes.
			if n[0][0] != n[0][1] || n[1][0] != n[1][1] || n[1][0]-n[0][0] != 8 {
				t.Fatalf("search %v: statements without facets %v, with %v; want 8 more with facets, the same for any page", search, n[0], n[1])
			}
		}
	})
}
