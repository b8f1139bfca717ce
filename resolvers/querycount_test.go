package resolvers_test

import (
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// listing is the storefront's product-grid query: products with variants,
// media, seller, category and inventory.
const listing = `query Listing($first: Int!) {
  products(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name slug description
      media { url alt }
      priceRange { min { amount currencyCode } max { amount currencyCode } }
      totalInventory availableForSale
      seller { id name slug }
      category { id name slug }
      variants(first: 10) { edges { node {
        id sku title
        selectedOptions { name value }
        price { amount currencyCode }
        compareAtPrice { amount }
        quantityAvailable availableForSale
      } } }
    } }
  }
}`

// wantListingStatements is products + totalCount + variants + seller +
// category + stock (variants and products together).
const wantListingStatements = 6

func TestListingStatementCountDoesNotGrowWithPageSize(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		counts := map[int]int64{}
		for _, first := range []int{5, 50} {
			var out struct {
				Products struct {
					Edges []struct {
						Node struct {
							Variants struct {
								Edges []struct {
									Node struct{ QuantityAvailable int }
								}
							}
						}
					}
				}
			}
			counts[first] = c.Statements(func() {
				c.Query(t, listing, map[string]any{"first": first}).Decode(t, &out)
			})
			if len(out.Products.Edges) != first || len(out.Products.Edges[0].Node.Variants.Edges) == 0 {
				t.Fatalf("first %d: got %d products", first, len(out.Products.Edges))
			}
		}
		if counts[50] != wantListingStatements || counts[5] != counts[50] {
			t.Fatalf("statements: first 5 -> %d, first 50 -> %d; want %d for both", counts[5], counts[50], wantListingStatements)
		}
	})
}
