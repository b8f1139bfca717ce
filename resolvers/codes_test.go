package resolvers_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestClientMistakesAreBadUserInput sends what a client can get wrong
// through the real handler: each answer has the code that tells the truth,
// a message naming the argument or variable, and nothing is logged at
// ERROR (that level is for our bugs).
func TestClientMistakesAreBadUserInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		closed := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.Introspection = false }))
		p, v := w.product(t)
		sid := string(w.seller.ID)
		var created struct {
			CartCreate struct{ Cart struct{ ID string } }
		}
		w.c.Query(t, `mutation { cartCreate(input: {}) { cart { id } } }`, nil).Decode(t, &created)
		cartID := created.CartCreate.Cart.ID
		var cursor struct {
			Categories struct{ Edges []struct{ Cursor string } }
		}
		second := w.st.Client.Category.Create().SetName("Second").SetSlug("second").SetPath("/y/").SaveX(t.Context())
		// madeCursor is a well-formed cursor on the second category holding
		// value, as no order of categories writes it.
		madeCursor := func(value any) string { return cursorOf(t, second.ID, value) }
		productCursor := func(value any) string { return cursorOf(t, p.ID, value) }

		w.c.Query(t, `{ categories(first: 1) { edges { cursor } } }`, nil).Decode(t, &cursor)
		if len(cursor.Categories.Edges) == 0 {
			t.Fatal("no category cursor")
		}
		const (
			report   = `query($id: ID!, $f: DateTime!) { managedSeller(id: $id) { salesReport(from: $f, to: "2026-01-01T00:00:00Z", interval: DAY) { start } } }`
			entities = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`
			bySlug   = `query($s: String) { product(slug: $s) { id } }`
			first    = `query($n: Int) { products(first: $n) { totalCount } }`
		)
		type mistake struct {
			name   string
			actor  string
			closed bool   // sent to the server without introspection
			query  string // or
			raw    string // a body sent as is, or
			get    string // a GET query string
			vars   map[string]any
			code   string // want extensions.code; BAD_USER_INPUT when empty
			names  string // the message names this
		}
		cases := []mistake{
			{name: "after garbage", query: `{ products(first: 2, after: "garbage!!") { totalCount } }`, names: "after"},
			{name: "before garbage", query: `{ products(last: 2, before: "%%%") { totalCount } }`, names: "before"},
			{name: "after base64 not a cursor", query: `{ products(first: 2, after: "` + base64.RawURLEncoding.EncodeToString([]byte("hello world")) + `") { totalCount } }`, names: "after"},
			{name: "cursor variable garbage", query: `query($c: Cursor) { products(first: 2, after: $c) { totalCount } }`, vars: map[string]any{"c": "x"}, names: "after"},
			{name: "nested connection cursor", query: `query($id: ID!) { node(id: $id) { ... on Product { variants(first: 1, after: "nope") { totalCount } } } }`, vars: map[string]any{"id": p.ID}, names: "after"},
			// entgql's decoder panics on this one (a map that repeats its value key).
			{name: "cursor repeating its value key", query: `{ categories(first: 2, after: "g6FpvnByZF8wMUowMDAwMDAwMDAwMDAwMDAwMDAwMDAwMKF2AaF27w") { totalCount } }`, names: "after"},
			// {"i": id, "v": {"a": 1}}: a value no ordering has.
			{name: "cursor with a map value", query: `{ categories(first: 2, after: "gqFpvnByZF8wMUowMDAwMDAwMDAwMDAwMDAwMDAwMDAwMKF2gaFhAQ") { totalCount } }`, names: "after"},
			// Well-formed cursors whose value is not what the order writes:
			// PostgreSQL failed on the type (INTERNAL) and SQLite answered an
			// empty page.
			{name: "cursor with a string value on an integer order", query: `query($c: Cursor) { categories(first: 2, after: $c, orderBy: {field: POSITION}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor("x")}, names: "after"},
			{name: "cursor with a list value on a one-field order", query: `query($c: Cursor) { categories(first: 2, after: $c, orderBy: {field: POSITION}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor([]any{1, "x"})}, names: "after"},
			{name: "before cursor with a time value on a text order", query: `query($c: Cursor) { categories(last: 2, before: $c, orderBy: {field: NAME}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))}, names: "before"},
			{name: "cursor with a string value on a float order", query: `query($c: Cursor) { products(first: 2, after: $c, orderBy: {field: RATING}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor("x")}, names: "after"},
			{name: "cursor with a NUL in its text value", query: `query($c: Cursor) { categories(first: 2, after: $c, orderBy: {field: NAME}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor("Ast\x00er")}, names: "after"},
			{name: "cursor with an integer beyond int64", query: `query($c: Cursor) { categories(last: 2, before: $c, orderBy: {field: POSITION}) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor(uint64(1) << 63)}, names: "before"},
			{name: "cursor with a time in year 301970", query: `query($c: Cursor) { categories(first: 2, after: $c) { edges { node { id } } } }`,
				vars: map[string]any{"c": madeCursor(time.Date(301970, 1, 1, 0, 0, 0, 0, time.UTC))}, names: "after"},
			{name: "after and before together", query: `query($c: Cursor) { categories(first: 2, after: $c, before: $c) { edges { node { id } } } }`,
				vars: map[string]any{"c": cursor.Categories.Edges[0].Cursor}, names: "before"},
			{name: "before cursor of another order on a search", query: `query($c: Cursor) { products(last: 2, search: "thing", before: $c) { edges { node { id } } } }`,
				vars: map[string]any{"c": productCursor("x")}, names: "before"},
			{name: "cursor of another connection", query: `query($c: Cursor) { products(first: 2, after: $c) { totalCount } }`, vars: map[string]any{"c": cursor.Categories.Edges[0].Cursor}, names: "after"},
			{name: "product ID as a cart ID in a mutation", query: `mutation($c: ID!, $m: ID!) { cartLinesAdd(input: {cartId: $c, lines: [{merchandiseId: $m}]}) { cart { id } } }`,
				vars: map[string]any{"c": string(p.ID), "m": string(v.ID)}, names: "input.cartId"},
			{name: "product ID as a variant ID in a list", query: `mutation($c: ID!, $m: ID!) { cartLinesAdd(input: {cartId: $c, lines: [{merchandiseId: $m}]}) { cart { id } } }`,
				vars: map[string]any{"c": cartID, "m": string(p.ID)}, names: "input.lines[0].merchandiseId"},
			{name: "variant ID as a product ID", actor: "owner", query: `mutation($id: ID!) { productUpdate(input: {id: $id, name: "x"}) { product { id } } }`,
				vars: map[string]any{"id": string(v.ID)}, names: "input.id"},
			{name: "seller ID as a review ID", actor: "owner", query: `mutation($id: ID!) { reviewDelete(input: {id: $id}) { userErrors { code } } }`,
				vars: map[string]any{"id": sid}, names: "input.id"},
			{name: "product ID as a category filter literal", query: `{ products(first: 1, where: {categoryId: "` + string(p.ID) + `"}) { totalCount } }`, names: "where.categoryId"},
			{name: "product ID as a cart ID", query: `query($id: ID!) { cart(id: $id) { id } }`, vars: map[string]any{"id": p.ID}, names: "argument id"},
			{name: "product ID as an order ID", actor: "admin", query: `query($id: ID!) { order(id: $id) { id } }`, vars: map[string]any{"id": p.ID}, names: "argument id"},
			{name: "malformed node id", query: `{ node(id: "garbage") { id } }`, names: "id"},
			{name: "malformed id in list", query: `{ nodes(ids: ["garbage"]) { id } }`, names: "ids"},
			{name: "date not RFC 3339", actor: "owner", query: report, vars: map[string]any{"id": sid, "f": "yesterday"}, names: "from"},
			{name: "date out of range", actor: "owner", query: report, vars: map[string]any{"id": sid, "f": "2026-13-45T00:00:00Z"}, names: "from"},
			{name: "date as a number", actor: "owner", query: report, vars: map[string]any{"id": sid, "f": 12345}, names: "from"},
			{name: "date literal", actor: "owner", query: `query($id: ID!) { managedSeller(id: $id) { salesReport(from: "2026-01-01", to: "2026-02-01T00:00:00Z", interval: DAY) { start } } }`, vars: map[string]any{"id": sid}, names: "from"},
			{name: "decimal abc", query: `{ products(where: {price: {min: "abc"}}) { totalCount } }`, names: "min"},
			{name: "decimal 1e3", query: `{ products(where: {price: {min: "1e3"}}) { totalCount } }`, names: "min"},
			{name: "decimal huge", query: `{ products(where: {price: {max: "99999999999999999999999999"}}) { totalCount } }`, names: "max"},
			{name: "decimal 19.999 EUR", query: `{ products(where: {price: {max: "19.999"}}) { totalCount } }`, names: "max"},
			{name: "NUL in a literal", query: `{ product(slug: "a\u0000b") { id } }`, names: "slug"},
			{name: "NUL in a variable", query: bySlug, vars: map[string]any{"s": "a\x00b"}, names: "$s"},
			{name: "NUL in a search", query: `query($s: String) { products(search: $s) { totalCount } }`, vars: map[string]any{"s": "shoe\x00"}, names: "$s"},
			{name: "NUL in an input field", query: `mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { userErrors { code } } }`,
				vars: map[string]any{"i": map[string]any{"email": "x@example.com", "password": "correct horse\x00battery"}}, names: "$i.password"},
			{name: "NUL in an input literal", query: `mutation { customerCreate(input: {email: "a\u0000@example.com", password: "correct horse battery"}) { userErrors { code } } }`, names: "input.email"},
			{name: "lone surrogate in variables", raw: `{"query":"query($s: String) { product(slug: $s) { id } }","variables":{"s":"a\ud800b"}}`, names: "surrogate"},
			{name: "lone low surrogate", raw: `{"query":"{ product(slug: \"\udc00\") { id } }"}`, names: "surrogate"},
			{name: "Int above 2^31", query: `{ products(first: 3000000000) { totalCount } }`, names: "first"},
			{name: "Int above 2^31 variable", query: first, vars: map[string]any{"n": 3000000000}, names: "$n"},
			{name: "Int above 2^31 in an input", actor: "owner", query: `mutation($i: ProductVariantCreateInput!) { productVariantCreate(input: $i) { userErrors { code } } }`,
				vars: map[string]any{"i": map[string]any{"productId": p.ID, "sku": "BIG-1", "price": "1.00", "weightGrams": 3000000000}}, names: "$i.weightGrams"},
			{name: "Int above 2^31 in an input literal", actor: "owner", query: `mutation { productVariantCreate(input: {productId: "` + string(p.ID) + `", sku: "BIG-2", price: "1.00", weightGrams: 3000000000}) { userErrors { code } } }`, names: "weightGrams"},
			{name: "Int above 2^63", query: `{ products(first: 99999999999999999999) { totalCount } }`, names: "99999999999999999999"}, // gqlparser's validator: no argument name
			{name: "Int as a string", query: first, vars: map[string]any{"n": "ten"}, names: "$n"},
			{name: "Int as a float", query: first, vars: map[string]any{"n": 1.5}, names: "$n"},
			{name: "negative first", query: `{ products(first: -1) { totalCount } }`, names: "first"},
			{name: "first over 100", query: `{ products(first: 101) { totalCount } }`, names: "first"},
			{name: "unknown _entities typename", query: entities, vars: map[string]any{"r": []any{map[string]any{"__typename": "Nope", "id": "x"}}}, names: "representations[0]"},
			{name: "_entities without typename", query: entities, vars: map[string]any{"r": []any{map[string]any{"id": string(p.ID)}}}, names: "representations[0]"},
			{name: "_entities malformed id", query: entities, vars: map[string]any{"r": []any{map[string]any{"__typename": "Product", "id": "garbage"}}}, names: "representations[0].id"},
			{name: "_entities without id", query: entities, vars: map[string]any{"r": []any{map[string]any{"__typename": "Product"}}}, names: "representations[0]"},
			{name: "__schema with introspection off", closed: true, query: `{ __schema { queryType { name } } }`, code: "FORBIDDEN", names: "introspection"},
			{name: "__type with introspection off", closed: true, query: `{ __type(name: "Product") { name } }`, code: "FORBIDDEN", names: "introspection"},
			{name: "bad enum in variables", query: `query($o: ProductSortOrder) { products(orderBy: $o) { totalCount } }`, vars: map[string]any{"o": map[string]any{"field": "NOPE"}}, names: "$o.field"},
			{name: "missing required variable", query: `query($id: ID!) { node(id: $id) { id } }`, names: "$id"},
			{name: "null for a required variable", query: `query($id: ID!) { node(id: $id) { id } }`, vars: map[string]any{"id": nil}, names: "$id"},
			{name: "unknown field", query: `{ products(first: 1) { nope } }`, names: "nope"},
			{name: "unknown argument", query: `{ products(frist: 1) { totalCount } }`, names: "frist"},
			{name: "invalid UTF-8 in a GET literal", get: `query=` + url.QueryEscape("{ product(slug: \"a\xffb\") { id } }"), names: "slug"},
			{name: "invalid UTF-8 in GET variables", get: `query=` + url.QueryEscape(`query($s: String) { product(slug: $s) { id } }`) + `&variables=` + url.QueryEscape("{\"s\":\"a\xffb\"}"), names: "UTF-8"},
			{name: "invalid UTF-8 in a POST body", raw: "{\"query\":\"query($s: String) { product(slug: $s) { id } }\",\"variables\":{\"s\":\"a\xffb\"}}", names: "UTF-8"},
			{name: "lone surrogate in GET variables", get: `query=` + url.QueryEscape(`query($s: String) { product(slug: $s) { id } }`) + `&variables=` + url.QueryEscape(`{"s":"\udfff"}`), names: "surrogate"},
			{name: "variables not an object", raw: `{"query":"{ __typename }","variables":[1]}`, names: "variables"},
		}
		if len(cases) < 20 {
			t.Fatalf("only %d cases", len(cases))
		}
		for _, k := range cases {
			t.Run(k.name, func(t *testing.T) {
				c := w.c
				if k.closed {
					c = closed
				}
				before := len(c.Logs.String())
				var r *apitest.Response
				switch {
				case k.get != "":
					req, _ := http.NewRequest(http.MethodGet, c.URL+"/graphql?"+k.get, nil)
					req.Header.Set("Accept", "application/json")
					r = c.WithoutIdentityCheck().Do(t, req)
				case k.raw != "":
					r = c.WithoutIdentityCheck().Post(t, []byte(k.raw))
				default:
					r = c.QueryAs(t, w.tokens[k.actor], k.query, k.vars)
				}
				want := k.code
				if want == "" {
					want = "BAD_USER_INPUT"
				}
				e := r.FirstError(t)
				t.Logf("%s %s", e.Code(), e.Message)
				if e.Code() != want || !strings.Contains(e.Message, k.names) {
					t.Errorf("got %s %q, want %s naming %q: %s", e.Code(), e.Message, want, k.names, r.Raw)
				}
				for _, e := range r.Errors[1:] {
					if e.Code() == "INTERNAL" {
						t.Errorf("an INTERNAL error among others: %s", r.Raw)
					}
				}
				for _, line := range strings.Split(c.Logs.String()[before:], "\n") {
					if strings.Contains(line, "level=ERROR") {
						t.Errorf("logged at ERROR: %s", line)
					}
				}
			})
		}
	})
}

// cursorOf is a well-formed cursor on node id holding value, whether or not
// any connection writes it so.
func cursorOf(t *testing.T, id pulid.ID, value any) string {
	t.Helper()
	var b strings.Builder
	ent.Cursor{ID: id, Value: value}.MarshalGQL(&b)
	c, err := strconv.Unquote(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
