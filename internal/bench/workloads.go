package bench

// The documents of the workloads W1-W3, what a storefront asks most, sent
// by `go run ./cmd/load` and the benchmarks of this package.
const (
	// W1Listing is the storefront grid: 50 products with their variants,
	// prices and stock.
	W1Listing = `query Listing { products(first: 50) { pageInfo { hasNextPage endCursor } edges { node {
  id name slug priceRange { min { amount currencyCode } max { amount currencyCode } }
  variants(first: 10) { edges { node { id sku title price { amount currencyCode } quantityAvailable } } }
} } } }`

	// W2ProductBySlug is the product page, found by its slug.
	W2ProductBySlug = `query Product($slug: String!) { product(slug: $slug) {
  id name slug description
  seller { id name slug }
  category { id name slug }
  media { alt }
  attributes { key value }
  priceRange { min { amount currencyCode } max { amount currencyCode } }
  variants(first: 10) { edges { node { id sku title price { amount currencyCode } quantityAvailable } } }
} }`

	// W3Search is a search box's first page: 20 hits by relevance.
	W3Search = `query Search($q: String!) { products(search: $q, first: 20) { pageInfo { hasNextPage endCursor } edges { node {
  id name slug priceRange { min { amount currencyCode } max { amount currencyCode } }
} } } }`
)

// The documents of the W4 workload, "guest cart: create with a line, read
// back": a storefront's add-to-cart button on a visitor's first click, then
// the cart page. BenchmarkW4GuestCart sends them over HTTP and
// resolvers.TestW4GuestCartStatements holds them to their statement counts.
const (
	// W4CreateCart creates a guest cart with lines and reads it back in the
	// payload: lines with their merchandise and cost, and the cart's cost.
	W4CreateCart = `mutation W4CreateCart($input: CartCreateInput!) {
  cartCreate(input: $input) {
    cart { ...W4Cart }
    userErrors { field code message }
  }
}
` + w4Cart

	// W4ReadCart reads the cart back by its id (the cart page).
	W4ReadCart = `query W4ReadCart($id: ID!) {
  cart(id: $id) { ...W4Cart }
}
` + w4Cart

	w4Cart = `fragment W4Cart on Cart {
  id
  totalQuantity
  cost { subtotalAmount { amount currencyCode } totalAmount { amount currencyCode } }
  lines(first: 10) { edges { node {
    id
    quantity
    merchandise { id sku title price { amount currencyCode } }
    cost { amountPerQuantity { amount currencyCode } totalAmount { amount currencyCode } }
  } } }
}`
)
