package respcache

import (
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const testSDL = `
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
enum CacheControlScope { PUBLIC PRIVATE }
interface Node { id: ID! }
type Money { amount: String! }
type Product implements Node @cacheControl(maxAge: 60) {
  id: ID!
  name: String!
  price: Money!
  stock: Int! @cacheControl(maxAge: 10)
  inWishlist: Boolean! @cacheControl(scope: PRIVATE)
  related: [Product!]!
  cart: Cart
}
type Cart implements Node @cacheControl(scope: PRIVATE) { id: ID! }
type Customer implements Node { id: ID! }
type Query {
  product(id: ID!): Product @cacheControl(maxAge: 60)
  unhinted: Money
  typed: Product
  node(id: ID!): Node
  me: Customer @cacheControl(scope: PRIVATE)
}
type Mutation { touch: Boolean }
`

func policyOf(t *testing.T, query string) Policy {
	t.Helper()
	schema := gqlparser.MustLoadSchema(&ast.Source{Name: "t.graphql", Input: testSDL})
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	return NewHints(schema).Policy(doc.Operations[0])
}

func TestPolicy(t *testing.T) {
	for _, c := range []struct {
		query string
		want  Policy
	}{
		{`{ product(id: "1") { id name price { amount } } }`, Policy{MaxAge: 60}},
		{`{ product(id: "1") { name stock } }`, Policy{MaxAge: 10}},
		{`{ product(id: "1") { related { stock } } }`, Policy{MaxAge: 10}},
		{`{ product(id: "1") { name inWishlist } }`, Policy{MaxAge: 60, Scope: Private}},
		{`{ product(id: "1") { ...F } } fragment F on Product { inWishlist }`, Policy{MaxAge: 60, Scope: Private}},
		{`{ product(id: "1") { cart { id } } }`, Policy{MaxAge: 0, Scope: Private}},
		{`{ unhinted { amount } }`, Policy{MaxAge: 0}},                  // a root field without a hint
		{`{ typed { name } }`, Policy{MaxAge: 60}},                      // takes its type's
		{`{ node(id: "1") { id } }`, Policy{MaxAge: 0, Scope: Private}}, // a Node may be a Cart
		{`{ me { id } }`, Policy{MaxAge: 0, Scope: Private}},
		{`{ __typename }`, Policy{MaxAge: 0}},
		{`mutation { touch }`, Policy{Scope: Private}},
	} {
		got := policyOf(t, c.query)
		if got != c.want {
			t.Errorf("%s: policy %+v, want %+v", c.query, got, c.want)
		}
		if got.Shared() != (c.want.MaxAge > 0 && c.want.Scope == Public) {
			t.Errorf("%s: Shared() = %v", c.query, got.Shared())
		}
	}
}
