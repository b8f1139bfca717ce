package resolvers_test

import (
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestFederationServiceSDLCarriesKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.New(t, st)
		var out struct {
			Service struct{ SDL string } `json:"_service"`
		}
		c.Query(t, `{ _service { sdl } }`, nil).Decode(t, &out)
		for _, typ := range []string{"Product", "ProductVariant", "Seller", "Category"} {
			if !strings.Contains(out.Service.SDL, "type "+typ+" implements Node @key(fields: \"id\")") {
				t.Errorf("_service.sdl lacks @key on %s", typ)
			}
		}
		if !strings.Contains(out.Service.SDL, "federation/v2") {
			t.Error("_service.sdl does not declare federation v2")
		}
	})
}

// TestEntitiesResolveInBatches asks for 40 entities of four types: the cost
// is one statement per type (plus one per selected edge), not one per key.
func TestEntitiesResolveInBatches(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		var page struct {
			Products struct {
				Edges []struct {
					Node struct {
						ID       string
						Seller   struct{ ID string }
						Category struct{ ID string }
						Variants struct {
							Edges []struct{ Node struct{ ID string } }
						}
					}
				}
			}
		}
		c.Query(t, `{ products(first: 10) { edges { node { id seller { id } category { id } variants(first: 1) { edges { node { id } } } } } } }`, nil).Decode(t, &page)
		var reps []map[string]any
		for _, e := range page.Products.Edges {
			n := e.Node
			reps = append(reps,
				map[string]any{"__typename": "Product", "id": n.ID},
				map[string]any{"__typename": "Seller", "id": n.Seller.ID},
				map[string]any{"__typename": "Category", "id": n.Category.ID},
				map[string]any{"__typename": "ProductVariant", "id": n.Variants.Edges[0].Node.ID})
		}
		reps = append(reps, map[string]any{"__typename": "Product", "id": "prd_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A"})
		var out struct {
			Entities []map[string]any `json:"_entities"`
		}
		n := c.Statements(func() {
			c.Query(t, `query($r: [_Any!]!) { _entities(representations: $r) {
				__typename
				... on Product { id name seller { name } }
				... on Seller { id name }
				... on Category { id name }
				... on ProductVariant { id sku price { amount } }
			} }`, map[string]any{"r": reps}).Decode(t, &out)
		})
		if len(out.Entities) != len(reps) {
			t.Fatalf("%d entities for %d representations", len(out.Entities), len(reps))
		}
		for i, rep := range reps[:len(reps)-1] {
			if out.Entities[i] == nil || out.Entities[i]["__typename"] != rep["__typename"] || out.Entities[i]["id"] != rep["id"] {
				t.Fatalf("entity %d = %v, want %v", i, out.Entities[i], rep)
			}
		}
		if out.Entities[len(reps)-1] != nil {
			t.Fatalf("unknown product resolved to %v", out.Entities[len(reps)-1])
		}
		// Product, Seller, Category, ProductVariant, plus the products' seller edge.
		if n > 5 {
			t.Fatalf("_entities for %d keys ran %d statements, want at most 5", len(reps), n)
		}
	})
}
