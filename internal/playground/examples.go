package playground

// Tab is one of the playground's opening tabs (GraphiQL's TabDefinition).
type Tab struct {
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"`
	Headers   string `json:"headers,omitempty"`
}

// HeadersPlaceholder opens in the headers editor of every tab. The header is
// commented out (GraphiQL reads the editor as JSON with comments): the
// server refuses a malformed token, so a placeholder sent as is would break
// every request.
const HeadersPlaceholder = `{
  // Sign in (the "Sign in" tab), then uncomment and paste the accessToken:
  // "Authorization": "Bearer …"
}`

// FirstLook is the README's first query ("A first query"); a test keeps the
// two equal.
const FirstLook = `query FirstLook {
  products(first: 5, search: "backpak", where: { inStock: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name slug
        priceRange { min { amount currencyCode } max { amount currencyCode } }
        availableForSale totalInventory
        seller { name }
        category { name ancestors { name } }
        media { url alt }
        variants(first: 5) {
          edges { node { sku title price { amount currencyCode } quantityAvailable selectedOptions { name value } } }
        }
      }
    }
  }
  categories(where: { topLevel: true }) { edges { node { name slug children { edges { node { name slug } } } } } }
}
`

// Examples are the tabs the playground opens with (until the browser has
// tabs of its own saved). A test validates each against the schema.
var Examples = []Tab{
	{Query: FirstLook, Headers: HeadersPlaceholder},
	{
		Query: `# A product page: one product by slug, with its variants and stock.
query ProductPage($slug: String!) {
  product(slug: $slug) {
    id name description
    seller { name }
    priceRange { min { amount currencyCode } max { amount currencyCode } }
    variants(first: 10) {
      edges { node { id sku title price { amount currencyCode } quantityAvailable } }
    }
  }
}
`,
		Variables: `{ "slug": "lumen-breathable-backpack-0001" }`,
		Headers:   HeadersPlaceholder,
	},
	{
		Query: `# A guest cart. Run "Variants", copy a variant id into the variables,
# then run "CartCreate" (the play button offers both operations). The cart's
# id is its key: keep it to add lines or check out.
query Variants {
  products(first: 3, where: { inStock: true }) {
    edges { node { name variants(first: 2) { edges { node { id title quantityAvailable } } } } }
  }
}

mutation CartCreate($variantId: ID!) {
  cartCreate(input: { lines: [{ merchandiseId: $variantId, quantity: 1 }] }) {
    cart {
      id totalQuantity
      lines(first: 10) { edges { node { quantity merchandise { sku title } cost { totalAmount { amount currencyCode } } } } }
      cost { subtotalAmount { amount currencyCode } totalAmount { amount currencyCode } }
    }
    userErrors { field code message }
  }
}
`,
		Variables: `{ "variantId": "var_…" }`,
		Headers:   HeadersPlaceholder,
	},
	{
		Query: `# Sign in: the accessToken goes in the Headers tab as
# "Authorization": "Bearer <accessToken>" (queries, mutations and
# subscriptions alike).
mutation SignIn($email: String!, $password: String!) {
  customerAccessTokenCreate(input: { email: $email, password: $password }) {
    customerAccessToken { accessToken expiresAt }
    userErrors { field code message }
  }
}
`,
		Variables: `{ "email": "you@example.com", "password": "…" }`,
		Headers:   HeadersPlaceholder,
	},
	{
		Query: `# Live updates of an order, over the WebSocket at /graphql
# (graphql-transport-ws). Signed in (Headers tab) as its customer, or as a
# guest giving the order's email, each change of status, payment or
# fulfilment arrives here until you stop it, with the event that caused it
# (its id is the same from every server: drop one you have already seen).
subscription OrderUpdated($orderId: ID!, $email: String) {
  orderUpdated(orderId: $orderId, email: $email) {
    event { id type occurredAt }
    order {
      id name status paymentStatus fulfillmentStatus
      totalAmount { amount currencyCode }
      paidAt deliveredAt
    }
  }
}
`,
		Variables: `{ "orderId": "ord_…", "email": null }`,
		Headers:   HeadersPlaceholder,
	},
}
