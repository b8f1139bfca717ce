package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

const signInWithCart = `mutation($in: CustomerAccessTokenCreateInput!) { customerAccessTokenCreate(input: $in) {
	customerAccessToken { accessToken } cart { id lines(first: 10) { edges { node { quantity merchandise { id } } } } } userErrors { code } } }`

func TestMeCartAndSignInReturnsTheMergedCart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		v1, v2 := w.stocked(t, 10), w.stocked(t, 10)
		meCart := func(actor string) any {
			d, e := gql(t, w, actor, `{ me { id cart { id } } }`, nil)
			if len(e) > 0 {
				t.Fatalf("%s: %v", actor, e)
			}
			return get(d, "me.cart.id")
		}
		if got := meCart("customer"); got != nil {
			t.Fatalf("no cart yet: %v", got)
		}
		guest := func(v string, q int) string {
			d, e := gql(t, w, "anonymous", `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code } } }`,
				map[string]any{"l": []any{line(v, q)}})
			return str(mustOK(t, d, e, "cartCreate"), "cart.id")
		}
		signIn := func(cartID any) map[string]any {
			in := map[string]any{"email": "customer@example.com", "password": "correct horse"}
			if cartID != nil {
				in["cartId"] = cartID
			}
			d, e := gql(t, w, "anonymous", signInWithCart, map[string]any{"in": in})
			return mustOK(t, d, e, "customerAccessTokenCreate")
		}
		// Signing in without a cart: no cart.
		if p := signIn(nil); get(p, "cart") != nil {
			t.Fatalf("cart without one: %v", p)
		}
		// The first guest cart becomes the customer's.
		first := guest(v1, 2)
		p := signIn(first)
		if str(p, "cart.id") != first || get(p, "cart.lines.edges.0.node.quantity") != float64(2) {
			t.Fatalf("payload cart: %v", p)
		}
		if got := meCart("customer"); got != first {
			t.Fatalf("me.cart = %v, want %s", got, first)
		}
		// A second guest cart merges into it: the payload shows the merged cart.
		second := guest(v1, 3)
		p = signIn(second)
		lines := get(p, "cart.lines.edges").([]any)
		if str(p, "cart.id") != first || len(lines) != 1 || get(lines[0], "node.quantity") != float64(5) {
			t.Fatalf("merged cart: %v", p)
		}
		// A third, with another variant, adds a line.
		p = signIn(guest(v2, 1))
		if n := len(get(p, "cart.lines.edges").([]any)); str(p, "cart.id") != first || n != 2 {
			t.Fatalf("merged cart: %v", p)
		}
		// A wrong password: no token, no cart, and the guest cart is untouched.
		third := guest(v2, 1)
		d, e := gql(t, w, "anonymous", signInWithCart, map[string]any{"in": map[string]any{"email": "customer@example.com", "password": "wrong password", "cartId": third}})
		if len(e) > 0 || get(d, "customerAccessTokenCreate.cart") != nil || get(d, "customerAccessTokenCreate.customerAccessToken") != nil {
			t.Fatalf("failed sign-in: %v %v", d, e)
		}
		// me is the viewer's: others see their own (none), a guest sees no me.
		if got := meCart("stranger"); got != nil {
			t.Fatalf("stranger's me.cart = %v", got)
		}
		if d, _ := gql(t, w, "anonymous", `{ me { cart { id } } }`, nil); get(d, "me") != nil {
			t.Fatalf("anonymous me: %v", d)
		}
		// The customer's cart stays refused to a stranger by id.
		_, e = gql(t, w, "stranger", `query($id: ID!) { cart(id: $id) { id } }`, map[string]any{"id": first})
		if len(e) == 0 {
			t.Fatal("a stranger read the customer's cart")
		}
	})
}

const optionsQuery = `query($slug: String!, $sel: [SelectedOptionInput!]!) { product(slug: $slug) {
	options { name displayName values { value displayName swatch } }
	variants(first: 1) { edges { node { id sku selectedOptions { name value } } } }
	variantBySelectedOptions(selectedOptions: $sel) { id sku } } }`

func TestProductOptionsAndVariantBySelectedOptions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		demo := apitest.Demo(t)[0]
		var out struct {
			Product struct {
				Options []struct {
					Name, DisplayName string
					Values            []struct {
						Value, DisplayName string
						Swatch             *string
					}
				}
				Variants struct {
					Edges []struct {
						Node struct {
							ID, SKU         string
							SelectedOptions []struct{ Name, Value string }
						}
					}
				}
				VariantBySelectedOptions *struct{ ID, SKU string }
			}
		}
		sel := []map[string]any{{"name": "size", "value": "L"}, {"name": "color", "value": "red"}}
		c.Query(t, optionsQuery, map[string]any{"slug": demo.Slug, "sel": sel}).Decode(t, &out)
		p := out.Product
		// The demo's first product: colour red, orange, grey in size L, in the file's order.
		if len(p.Options) != 2 || p.Options[0].Name != "color" || p.Options[0].DisplayName != "Color" || p.Options[1].Name != "size" {
			t.Fatalf("options: %+v", p.Options)
		}
		var vals []string
		for _, v := range p.Options[0].Values {
			sw := "-"
			if v.Swatch != nil {
				sw = *v.Swatch
			}
			vals = append(vals, v.Value+"/"+v.DisplayName+"/"+sw)
		}
		if got := strings.Join(vals, " "); got != "red/Red/#c62828 orange/Orange/#ef6c00 grey/Grey/#8e9196" {
			t.Fatalf("colour values: %s", got)
		}
		if p.VariantBySelectedOptions == nil || p.VariantBySelectedOptions.ID != p.Variants.Edges[0].Node.ID {
			t.Fatalf("variantBySelectedOptions = %+v, want %+v", p.VariantBySelectedOptions, p.Variants.Edges[0].Node)
		}
		// A value no variant has: null, no error.
		c.Query(t, optionsQuery, map[string]any{"slug": demo.Slug, "sel": []map[string]any{{"name": "size", "value": "XXL"}, {"name": "color", "value": "red"}}}).Decode(t, &out)
		if out.Product.VariantBySelectedOptions != nil {
			t.Fatalf("no variant expected: %+v", out.Product.VariantBySelectedOptions)
		}
		// An unknown option name, or one given twice: BAD_USER_INPUT.
		for _, bad := range [][]map[string]any{
			{{"name": "colour", "value": "red"}},
			{{"name": "size", "value": "L"}, {"name": "size", "value": "M"}},
		} {
			r := c.Query(t, optionsQuery, map[string]any{"slug": demo.Slug, "sel": bad})
			if e := r.FirstError(t); e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("%v: %s", bad, r.Raw)
			}
		}
	})
}

const optionsListing = `query($first: Int!) { products(first: $first) { edges { node { id
	options { name displayName values { value displayName swatch } }
	variantBySelectedOptions(selectedOptions: [{name: "color", value: "red"}, {name: "size", value: "L"}]) { id }
	media { url(transform: {maxWidth: 300}) width height mimeType alt }
	seo { title description } } } } }`

func TestOptionsListingStatementCountDoesNotGrowWithPageSize(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		counts := map[int]int64{}
		for _, first := range []int{5, 50} {
			var out struct {
				Products struct {
					Edges []struct {
						Node struct {
							Options []struct{ Name string }
						}
					}
				}
			}
			counts[first] = c.Statements(func() {
				c.Query(t, optionsListing, map[string]any{"first": first}).Decode(t, &out)
			})
			if len(out.Products.Edges) != first || len(out.Products.Edges[first-1].Node.Options) != 2 {
				t.Fatalf("first %d: %+v", first, out.Products.Edges)
			}
		}
		// products, totalCount-free page: products + all variants of the page.
		if counts[5] != counts[50] || counts[50] > 3 {
			t.Fatalf("statements: first 5 -> %d, first 50 -> %d; want the same, at most 3", counts[5], counts[50])
		}
	})
}

func TestManageProductOptionLabels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		p, v := w.product(t)
		w.st.Client.ProductVariant.UpdateOne(v).SetOptions(map[string]string{"color": "sky", "size": "M"}).ExecX(context.Background())
		const update = `mutation($in: ProductUpdateInput!) { productUpdate(input: $in) {
			product { options { name displayName values { value displayName swatch } } } userErrors { field code } } }`
		in := map[string]any{"id": string(p.ID), "options": []any{
			map[string]any{"name": "size", "displayName": "Taille"},
			map[string]any{"name": "color", "displayName": "Couleur", "values": []any{map[string]any{"value": "sky", "displayName": "Ciel", "swatch": "#87ceeb"}}},
		}}
		// A stranger (another seller's member) is refused.
		if _, e := gql(t, w, "stranger", update, map[string]any{"in": in}); len(e) == 0 {
			t.Fatal("a stranger labelled another seller's product")
		}
		d, e := gql(t, w, "owner", update, map[string]any{"in": in})
		got := mustOK(t, d, e, "productUpdate")
		if str(got, "product.options.0.displayName") != "Taille" || str(got, "product.options.1.values.0.displayName") != "Ciel" ||
			str(got, "product.options.1.values.0.swatch") != "#87ceeb" {
			t.Fatalf("labels: %v", got)
		}
		// A bad swatch and a duplicate option are userErrors.
		in["options"] = []any{
			map[string]any{"name": "color", "values": []any{map[string]any{"value": "sky", "swatch": "javascript:alert(1)"}}},
			map[string]any{"name": "color"},
		}
		d, e = gql(t, w, "owner", update, map[string]any{"in": in})
		if len(e) > 0 || userCodes(d, "productUpdate") != "INVALID,DUPLICATE" {
			t.Fatalf("bad labels: %v %v", d, e)
		}
	})
}

func TestDemoMediaAndSEO(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		demo := apitest.Demo(t)[0]
		var out struct {
			Product struct {
				Name, Description string
				Media             []struct {
					URL, Small, Alt string
					Width, Height   *int
					MimeType        *string
				}
				SEO struct{ Title, Description string }
			}
		}
		c.Query(t, `query($slug: String!) { product(slug: $slug) { name description
			media { url small: url(transform: {maxWidth: 200, maxHeight: 100}) alt width height mimeType }
			seo { title description } } }`, map[string]any{"slug": demo.Slug}).Decode(t, &out)
		p := out.Product
		// Drawn in the colour of the product's first variant (red).
		base := c.URL + "/media/demo/" + demo.Slug + "/0.png"
		want := base + "?tint=c62828"
		if len(p.Media) != 2 || p.Media[0].URL != want || p.Media[0].Width == nil || *p.Media[0].Width != 800 ||
			*p.Media[0].Height != 800 || *p.Media[0].MimeType != "image/png" || p.Media[0].Small != base+"?h=100&tint=c62828&w=200" {
			t.Fatalf("media: %+v (want %s)", p.Media, want)
		}
		if p.SEO.Title != p.Name || p.SEO.Description == "" || utf8.RuneCountInString(p.SEO.Description) > 160 ||
			!strings.HasPrefix(p.Description, strings.TrimSuffix(p.SEO.Description, "…")) {
			t.Fatalf("seo: %+v for %q", p.SEO, p.Description)
		}
		// The image endpoint serves real PNGs, resized, cacheable for good.
		for _, tc := range []struct {
			url  string
			w, h int
		}{{p.Media[0].URL, 800, 800}, {p.Media[0].Small, 100, 100}, {p.Media[1].URL, 800, 800}} {
			resp, err := http.Get(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" ||
				!strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") || resp.Header.Get("ETag") == "" {
				t.Fatalf("%s: %d %v", tc.url, resp.StatusCode, resp.Header)
			}
			img, err := png.Decode(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: not a PNG: %v", tc.url, err)
			}
			if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
				t.Fatalf("%s: %v, want %dx%d", tc.url, b, tc.w, tc.h)
			}
			if r, g, b, _ := img.At(tc.w/2, tc.h/2).RGBA(); r>>8 != 0xc6 || g>>8 != 0x28 || b>>8 != 0x28 {
				t.Fatalf("%s: the product is drawn in #%02x%02x%02x, not its red", tc.url, r>>8, g>>8, b>>8)
			}
			req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
			req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
			again, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			again.Body.Close()
			if again.StatusCode != http.StatusNotModified {
				t.Fatalf("%s revalidated: %d", tc.url, again.StatusCode)
			}
		}
		for path, code := range map[string]int{
			"/media/demo/" + demo.Slug + "/0.png?w=0":      400,
			"/media/demo/" + demo.Slug + "/0.png?w=9999":   400,
			"/media/demo/Bad_Slug/0.png":                   404,
			"/media/demo/" + demo.Slug + "/0.jpg":          404,
			"/media/demo/" + demo.Slug + "/0.png?tint=red": 400,
		} {
			if got, _ := c.Get(t, path); got != code {
				t.Fatalf("GET %s: %d, want %d", path, got, code)
			}
		}
		// A seller's tools take back the absolute URLs the API hands out.
		register(t, c, "staff@example.com", "correct horse")
		st.Client.Customer.Update().Where(customer.EmailKey("staff@example.com")).SetRole(customer.RoleADMIN).ExecX(context.Background())
		admin := login(t, c, "staff@example.com", "correct horse").AccessToken
		var id struct{ Product struct{ ID string } }
		c.Query(t, `query($slug: String!) { product(slug: $slug) { id } }`, map[string]any{"slug": demo.Slug}).Decode(t, &id)
		var moved struct {
			ProductMediaReorder struct {
				Product    struct{ Media []struct{ URL string } }
				UserErrors []userError
			}
		}
		c.QueryAs(t, admin, `mutation($id: ID!, $urls: [String!]!) { productMediaReorder(input: {productId: $id, urls: $urls}) { product { media { url } } userErrors { field code message } } }`,
			map[string]any{"id": id.Product.ID, "urls": []string{p.Media[1].URL, p.Media[0].URL}}).Decode(t, &moved)
		if m := moved.ProductMediaReorder; len(m.UserErrors) > 0 || len(m.Product.Media) != 2 || m.Product.Media[0].URL != p.Media[1].URL {
			t.Fatalf("reorder: %+v", m)
		}
		var removed struct {
			ProductMediaRemove struct {
				Product    struct{ Media []struct{ URL string } }
				UserErrors []userError
			}
		}
		c.QueryAs(t, admin, `mutation($id: ID!, $urls: [String!]!) { productMediaRemove(input: {productId: $id, urls: $urls}) { product { media { url } } userErrors { field code message } } }`,
			map[string]any{"id": id.Product.ID, "urls": []string{p.Media[1].URL}}).Decode(t, &removed)
		if m := removed.ProductMediaRemove; len(m.UserErrors) > 0 || len(m.Product.Media) != 1 || m.Product.Media[0].URL != p.Media[0].URL {
			t.Fatalf("remove: %+v", m)
		}
		// An out-of-range transform is BAD_USER_INPUT.
		r := c.Query(t, `query($slug: String!) { product(slug: $slug) { media { url(transform: {maxWidth: 0}) } } }`, map[string]any{"slug": demo.Slug})
		if e := r.FirstError(t); e.Code() != "BAD_USER_INPUT" {
			t.Fatalf("maxWidth 0: %s", r.Raw)
		}
	})
}

func TestForeignMediaURLIsLeftAlone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		p, _ := w.product(t)
		d, e := gql(t, w, "anonymous", `query($id: ID!) { product(id: $id) { media { url small: url(transform: {maxWidth: 10}) width mimeType } } }`, map[string]any{"id": string(p.ID)})
		if len(e) > 0 || str(d, "product.media.0.small") != "https://img.example.com/a.jpg" || str(d, "product.media.0.url") != "https://img.example.com/a.jpg" ||
			get(d, "product.media.0.width") != nil || get(d, "product.media.0.mimeType") != nil {
			t.Fatalf("foreign media: %v %v", d, e)
		}
	})
}

const myOrderLines = `{ me { orders(first: 20) { edges { node { id lines(first: 50) { edges { node {
	productName variantTitle product { id name } variant { id sku } image { url alt } } } } } } } } }`

func TestOrderLineProductVariantImage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		buyer := w.customerID("customer")
		order := func(lines int) *ent.Order {
			i := w.n.Add(1)
			o := st.Client.Order.Create().SetNumber(900000 + i).SetEmail("customer@example.com").SetCustomerID(buyer).
				SetCartID(pulid.ID(fmt.Sprintf("crt_s%d", i))).SetIdempotencyKey(fmt.Sprintf("sf-%d", i)).
				SetStatus(entorder.StatusPAID).SetCurrency("EUR").SetSubtotal(1000).SetTotal(1000).SaveX(ctx)
			for range lines {
				p, v := w.product(t)
				st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
					SetProductName(p.Name).SetVariantTitle("Default").SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).ExecX(ctx)
			}
			return o
		}
		o := order(2)
		read := func() (map[string]any, int64) {
			var d map[string]any
			n := w.c.Statements(func() {
				var e []string
				d, e = gql(t, w, "customer", myOrderLines, nil)
				if len(e) > 0 {
					t.Fatal(e)
				}
			})
			return d, n
		}
		d, small := read()
		l0 := get(d, "me.orders.edges.0.node.lines.edges.0.node")
		if str(l0, "product.name") != str(l0, "productName") || str(l0, "variant.sku") == "" || str(l0, "image.url") != "https://img.example.com/a.jpg" {
			t.Fatalf("line: %v in %v", l0, d)
		}
		// More lines and more orders: the same statements.
		lines := st.Client.OrderLine.Query().AllX(ctx)
		for range 10 {
			p, v := w.product(t)
			st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
				SetProductName(p.Name).SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).ExecX(ctx)
		}
		for range 4 {
			order(3)
		}
		d, big := read()
		orders := get(d, "me.orders.edges").([]any)
		total := 0
		for _, e := range orders {
			total += len(get(e, "node.lines.edges").([]any))
		}
		if len(orders) != 5 || total != 24 || big != small || big > 8 {
			t.Fatalf("1 order of 2 lines -> %d statements; %d orders of %d lines -> %d", small, len(orders), total, big)
		}
		t.Logf("a page of orders with their lines, products, variants and images: %d statements", big)
		// The batched page's cursors are Order.lines' own: paging on from one works.
		const paged = `query($id: ID!, $after: Cursor) { order(id: $id) { lines(first: 5, after: $after) { pageInfo { hasNextPage endCursor } edges { node { sku } } } } }`
		const firstPage = `{ me { orders(first: 20) { edges { node { id lines(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { sku } } } } } } } }`
		d, e := gql(t, w, "customer", firstPage, nil)
		if len(e) > 0 {
			t.Fatal(e)
		}
		var page map[string]any
		for _, e := range get(d, "me.orders.edges").([]any) {
			if str(e, "node.id") == string(o.ID) {
				page = get(e, "node.lines").(map[string]any)
			}
		}
		if page == nil || get(page, "totalCount") != float64(12) || get(page, "pageInfo.hasNextPage") != true {
			t.Fatalf("first page: %v", page)
		}
		// Paging on from it goes through Order.lines' own Paginate: the
		// batched page must hand out the very cursors Paginate does.
		d0, e := gql(t, w, "customer", paged, map[string]any{"id": string(o.ID), "after": nil})
		if len(e) > 0 || get(d0, "order.lines.pageInfo.endCursor") != get(page, "pageInfo.endCursor") ||
			str(d0, "order.lines.edges.4.node.sku") != str(page, "edges.4.node.sku") {
			t.Fatalf("batched page %v, Paginate's %v %v", page, d0, e)
		}
		// A deleted product: null product, variant and image; the copied name stays.
		gone := lines[0]
		st.Client.ProductVariant.DeleteOneID(gone.VariantID).ExecX(ctx)
		st.Client.Product.DeleteOneID(gone.ProductID).ExecX(ctx)
		d, _ = read()
		found := false
		var all []any
		for _, o := range get(d, "me.orders.edges").([]any) {
			all = append(all, get(o, "node.lines.edges").([]any)...)
		}
		for _, e := range all {
			if str(e, "node.productName") == gone.ProductName {
				found = true
				if get(e, "node.product") != nil || get(e, "node.variant") != nil || get(e, "node.image") != nil {
					t.Fatalf("deleted product still linked: %v", e)
				}
			}
		}
		if !found {
			t.Fatalf("line of the deleted product %q missing: %v", gone.ProductName, d)
		}
		// Order lines only for who may read the order.
		q := `query($id: ID!) { order(id: $id) { lines(first: 5) { edges { node { product { id } image { url } } } } } }`
		if d, e := gql(t, w, "stranger", q, map[string]any{"id": string(o.ID)}); len(e) == 0 && get(d, "order") != nil {
			t.Fatalf("a stranger read the order's lines: %v", d)
		}
	})
}
