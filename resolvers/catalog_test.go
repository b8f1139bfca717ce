package resolvers_test

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

type pageInfo struct {
	HasNextPage     bool    `json:"hasNextPage"`
	HasPreviousPage bool    `json:"hasPreviousPage"`
	StartCursor     *string `json:"startCursor"`
	EndCursor       *string `json:"endCursor"`
}

type productNode struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Slug       string `json:"slug"`
	PriceRange struct {
		Min struct{ Amount string } `json:"min"`
	} `json:"priceRange"`
	TotalInventory   int  `json:"totalInventory"`
	AvailableForSale bool `json:"availableForSale"`
}

type productConn struct {
	TotalCount int `json:"totalCount"`
	PageInfo   pageInfo
	Edges      []struct {
		Cursor string
		Node   productNode
	}
}

const listQuery = `query List($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: ProductFilter, $orderBy: ProductSortOrder, $search: String) {
  products(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name slug priceRange { min { amount } } totalInventory availableForSale } }
  }
}`

func list(t *testing.T, c *apitest.Client, vars map[string]any) productConn {
	t.Helper()
	var out struct{ Products productConn }
	c.Query(t, listQuery, vars).Decode(t, &out)
	return out.Products
}

// all pages through a listing and returns every node.
func all(t *testing.T, c *apitest.Client, vars map[string]any) []productNode {
	t.Helper()
	var nodes []productNode
	v := map[string]any{"first": 37}
	for k, x := range vars {
		v[k] = x
	}
	for i := 0; i < 100; i++ {
		page := list(t, c, v)
		for _, e := range page.Edges {
			nodes = append(nodes, e.Node)
		}
		if !page.PageInfo.HasNextPage {
			return nodes
		}
		v["after"] = *page.PageInfo.EndCursor
	}
	t.Fatal("pagination does not end")
	return nil
}

func minor(t *testing.T, amount string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(amount, ".")
	n, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestProductsPaginateForwardAndBackward(t *testing.T) {
	demo := apitest.Demo(t)
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		first := list(t, c, nil)
		if first.TotalCount != len(demo) || len(first.Edges) != 20 || !first.PageInfo.HasNextPage || first.PageInfo.HasPreviousPage {
			t.Fatalf("default page: total %d, %d edges, %+v", first.TotalCount, len(first.Edges), first.PageInfo)
		}
		forward := all(t, c, nil)
		if len(forward) != len(demo) {
			t.Fatalf("paged through %d products, want %d", len(forward), len(demo))
		}
		seen := map[string]bool{}
		for i, n := range forward {
			if seen[n.ID] {
				t.Fatalf("%s listed twice", n.ID)
			}
			seen[n.ID] = true
			if i > 0 && forward[i-1].Name > n.Name {
				t.Fatalf("not sorted by name: %q before %q", forward[i-1].Name, n.Name)
			}
		}
		// Backward from the end: last/before gives the same order, page by page.
		var backward []productNode
		v := map[string]any{"last": 41}
		for {
			page := list(t, c, v)
			chunk := make([]productNode, 0, len(page.Edges))
			for _, e := range page.Edges {
				chunk = append(chunk, e.Node)
			}
			backward = append(chunk, backward...)
			if !page.PageInfo.HasPreviousPage {
				break
			}
			v["before"] = *page.PageInfo.StartCursor
		}
		if len(backward) != len(forward) {
			t.Fatalf("backward %d, forward %d", len(backward), len(forward))
		}
		for i := range forward {
			if forward[i].ID != backward[i].ID {
				t.Fatalf("position %d: forward %s, backward %s", i, forward[i].Slug, backward[i].Slug)
			}
		}
	})
}

func TestProductFieldsMatchTheFile(t *testing.T) {
	demo := apitest.Demo(t)
	want := demo[7]
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		var out struct {
			Product struct {
				Name        string
				Description string
				Status      string
				Seller      struct{ Slug string }
				Category    struct {
					Name      string
					Ancestors []struct{ Name string }
				}
				Attributes []struct{ Key, Value string }
				Brand      *string
				Missing    *string
				Media      []struct{ URL, Alt string }
				PriceRange struct {
					Min struct{ Amount, CurrencyCode string }
					Max struct{ Amount string }
				}
				TotalInventory   int
				AvailableForSale bool
				Variants         struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							SKU               string
							Price             struct{ Amount string }
							QuantityAvailable int
							SelectedOptions   []struct{ Name, Value string }
						}
					}
				}
			}
		}
		c.Query(t, `query($slug: String) { product(slug: $slug) {
			name description status seller { slug } category { name ancestors { name } }
			attributes { key value } brand: attribute(key: "brand") missing: attribute(key: "nope")
			media { url alt } priceRange { min { amount currencyCode } max { amount } }
			totalInventory availableForSale
			variants { totalCount edges { node { sku price { amount } quantityAvailable selectedOptions { name value } } } }
		} }`, map[string]any{"slug": want.Slug}).Decode(t, &out)
		p := out.Product
		path := strings.Split(want.Category, " > ")
		if p.Name != want.Name || p.Description != want.Description || p.Status != "ACTIVE" || p.Seller.Slug != want.Seller.Slug ||
			p.Category.Name != path[1] || len(p.Category.Ancestors) != 1 || p.Category.Ancestors[0].Name != path[0] {
			t.Fatalf("product = %+v", p)
		}
		if p.Brand == nil || *p.Brand != want.Attributes["brand"] || p.Missing != nil || len(p.Attributes) != len(want.Attributes) {
			t.Fatalf("attributes = %+v brand=%v", p.Attributes, p.Brand)
		}
		if p.Attributes[0].Key != "brand" || p.Attributes[1].Key != "material" {
			t.Fatalf("attributes not sorted by key: %+v", p.Attributes)
		}
		total, lo, hi := 0, int64(1<<62), int64(0)
		for i, v := range want.Variants {
			got := p.Variants.Edges[i].Node
			if got.SKU != v.SKU || got.Price.Amount != v.Price || got.QuantityAvailable != v.Stock {
				t.Fatalf("variant %d = %+v, want %+v", i, got, v)
			}
			total += v.Stock
			lo, hi = min(lo, minor(t, v.Price)), max(hi, minor(t, v.Price))
		}
		if p.TotalInventory != total || p.AvailableForSale != (total > 0) || p.Variants.TotalCount != len(want.Variants) {
			t.Fatalf("inventory %d (want %d), available %v", p.TotalInventory, total, p.AvailableForSale)
		}
		if minor(t, p.PriceRange.Min.Amount) != lo || minor(t, p.PriceRange.Max.Amount) != hi || p.PriceRange.Min.CurrencyCode != "EUR" {
			t.Fatalf("price range %+v, want %d..%d", p.PriceRange, lo, hi)
		}
		if len(p.Media) != 2 || p.Media[0].URL == "" || !strings.Contains(p.Media[0].URL, "/media/demo/"+want.Slug+"/0.png") {
			t.Fatalf("media = %+v", p.Media)
		}
	})
}

func TestLookupsAndNodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		var first struct {
			Products struct {
				Edges []struct {
					Node struct {
						ID       string
						Slug     string
						Seller   struct{ ID string }
						Category struct{ ID string }
						Variants struct {
							Edges []struct{ Node struct{ ID string } }
						}
					}
				}
			}
		}
		c.Query(t, `{ products(first: 1) { edges { node { id slug seller { id } category { id } variants(first: 1) { edges { node { id } } } } } } }`, nil).Decode(t, &first)
		n := first.Products.Edges[0].Node
		variantID := n.Variants.Edges[0].Node.ID

		var byID struct{ Product *struct{ Slug string } }
		c.Query(t, `query($id: ID) { product(id: $id) { slug } }`, map[string]any{"id": n.ID}).Decode(t, &byID)
		if byID.Product == nil || byID.Product.Slug != n.Slug {
			t.Fatalf("product(id:) = %+v", byID.Product)
		}
		var unknown struct {
			Product  *struct{ ID string }
			Category *struct{ ID string }
			Seller   *struct{ ID string }
		}
		r := c.Query(t, `{ product(slug: "no-such-thing") { id } category(slug: "nope") { id } seller(slug: "nope") { id } }`, nil)
		r.Decode(t, &unknown)
		if unknown.Product != nil || unknown.Category != nil || unknown.Seller != nil {
			t.Fatalf("unknown slugs must be null: %s", r.Raw)
		}
		if e := c.Query(t, `{ product(slug: "a", id: "prd_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A") { id } }`, nil).FirstError(t); e.Code() != "BAD_USER_INPUT" {
			t.Fatalf("id and slug together: %+v", e)
		}

		unknownID := "prd_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A"
		var nodes struct {
			Nodes []map[string]any
		}
		c.Query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{
			"ids": []string{n.Category.ID, n.ID, unknownID, variantID, n.Seller.ID},
		}).Decode(t, &nodes)
		wantTypes := []string{"Category", "Product", "", "ProductVariant", "Seller"}
		for i, want := range wantTypes {
			got := nodes.Nodes[i]
			if want == "" {
				if got != nil {
					t.Fatalf("unknown id resolved to %v", got)
				}
				continue
			}
			if got == nil || got["__typename"] != want {
				t.Fatalf("nodes[%d] = %v, want %s", i, got, want)
			}
		}
		tooMany := make([]string, 101)
		for i := range tooMany {
			tooMany[i] = unknownID
		}
		if e := c.Query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": tooMany}).FirstError(t); e.Code() != "BAD_USER_INPUT" {
			t.Fatalf("101 ids: %+v", e)
		}
		var one struct{ Node map[string]any }
		c.Query(t, `query($id: ID!) { node(id: $id) { id ... on Product { slug } } }`, map[string]any{"id": n.ID}).Decode(t, &one)
		if one.Node["slug"] != n.Slug {
			t.Fatalf("node = %v", one.Node)
		}
	})
}

func TestMalformedIDIsBadUserInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		for _, id := range []string{"42", "prd_", "prd_notaulid", "PRD_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A", "'; DROP TABLE products; --"} {
			r := c.Query(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
			if e := r.FirstError(t); e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("id %q: %s", id, r.Raw)
			}
			r = c.Query(t, `{ product(id: "`+strings.ReplaceAll(id, `"`, ``)+`") { id } }`, nil)
			if e := r.FirstError(t); e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("inline id %q: %s", id, r.Raw)
			}
		}
	})
}

func TestFilters(t *testing.T) {
	demo := apitest.Demo(t)
	count := func(keep func(p apitest.DemoProduct) bool) int {
		n := 0
		for _, p := range demo {
			if keep(p) {
				n++
			}
		}
		return n
	}
	// The file has no product without stock; one is emptied below.
	emptied := demo[3].Slug
	stock := func(p apitest.DemoProduct) int {
		if p.Slug == emptied {
			return 0
		}
		s := 0
		for _, v := range p.Variants {
			s += v.Stock
		}
		return s
	}
	priceIn := func(lo, hi int64) func(p apitest.DemoProduct) bool {
		return func(p apitest.DemoProduct) bool {
			for _, v := range p.Variants {
				whole, frac, _ := strings.Cut(v.Price, ".")
				n, _ := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
				if n >= lo && n <= hi {
					return true
				}
			}
			return false
		}
	}
	seller0 := demo[0].Seller.Slug
	cases := []struct {
		name  string
		where map[string]any
		want  int
	}{
		{"top category includes descendants", map[string]any{"categorySlug": "outdoor"}, count(func(p apitest.DemoProduct) bool { return strings.HasPrefix(p.Category, "Outdoor >") })},
		{"leaf category", map[string]any{"categorySlug": "outdoor-tents"}, count(func(p apitest.DemoProduct) bool { return p.Category == "Outdoor > Tents" })},
		{"unknown category", map[string]any{"categorySlug": "nope"}, 0},
		{"seller", map[string]any{"sellerSlug": seller0}, count(func(p apitest.DemoProduct) bool { return p.Seller.Slug == seller0 })},
		{"price range", map[string]any{"price": map[string]any{"min": "100", "max": "150.50"}}, count(priceIn(10000, 15050))},
		{"price min only", map[string]any{"price": map[string]any{"min": "200.00"}}, count(priceIn(20000, 1<<60))},
		{"in stock", map[string]any{"inStock": true}, count(func(p apitest.DemoProduct) bool { return stock(p) > 0 })},
		{"out of stock", map[string]any{"inStock": false}, count(func(p apitest.DemoProduct) bool { return stock(p) == 0 })},
		{"attribute", map[string]any{"attributes": []any{map[string]any{"key": "material", "value": "steel"}}}, count(func(p apitest.DemoProduct) bool { return p.Attributes["material"] == "steel" })},
		{"two attributes", map[string]any{"attributes": []any{
			map[string]any{"key": "material", "value": "steel"}, map[string]any{"key": "brand", "value": demo[0].Attributes["brand"]},
		}}, count(func(p apitest.DemoProduct) bool {
			return p.Attributes["material"] == "steel" && p.Attributes["brand"] == demo[0].Attributes["brand"]
		})},
		{"combined", map[string]any{"categorySlug": "outdoor", "inStock": true, "price": map[string]any{"max": "150"}},
			count(func(p apitest.DemoProduct) bool {
				return strings.HasPrefix(p.Category, "Outdoor >") && stock(p) > 0 && priceIn(0, 15000)(p)
			})},
	}
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		ctx := context.Background()
		p := st.Client.Product.Query().Where(product.Slug(emptied)).OnlyX(ctx)
		st.Client.InventoryLevel.Update().
			Where(inventorylevel.HasVariantWith(productvariant.ProductID(p.ID))).SetOnHand(0).ExecX(ctx)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := list(t, c, map[string]any{"where": tc.where, "first": 1})
				if got.TotalCount != tc.want {
					t.Fatalf("totalCount = %d, want %d", got.TotalCount, tc.want)
				}
			})
		}
		if tcs := cases[2]; tcs.want != 0 || cases[0].want == 0 || cases[6].want == 0 || cases[7].want == 0 || cases[8].want == 0 {
			t.Fatal("the oracle cases are degenerate; pick other values")
		}
		for _, bad := range []map[string]any{
			{"price": map[string]any{"min": "1.234"}},
			{"price": map[string]any{"min": 12.5}},
		} {
			if e := c.Query(t, listQuery, map[string]any{"where": bad}).FirstError(t); e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("filter %v: %+v", bad, e)
			}
		}
	})
}

func TestSorts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		for _, dir := range []string{"ASC", "DESC"} {
			nodes := all(t, c, map[string]any{"orderBy": map[string]any{"field": "PRICE", "direction": dir}})
			for i := 1; i < len(nodes); i++ {
				a, b := minor(t, nodes[i-1].PriceRange.Min.Amount), minor(t, nodes[i].PriceRange.Min.Amount)
				if (dir == "ASC" && a > b) || (dir == "DESC" && a < b) {
					t.Fatalf("PRICE %s broken at %d: %d then %d", dir, i, a, b)
				}
			}
		}
		byName := all(t, c, map[string]any{"orderBy": map[string]any{"field": "NAME", "direction": "DESC"}})
		if !sort.SliceIsSorted(byName, func(i, j int) bool { return byName[i].Name > byName[j].Name }) {
			t.Fatal("NAME DESC not sorted")
		}
		// Make one product the newest and check it comes first.
		ctx := context.Background()
		p := st.Client.Product.Query().Order(product.ByName()).FirstX(ctx)
		newest, err := st.Client.Product.Create().SetName("Brand New Thing").SetSlug("brand-new-thing").
			SetStatus(product.StatusACTIVE).SetSellerID(p.SellerID).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := list(t, c, map[string]any{"first": 1, "orderBy": map[string]any{"field": "CREATED_AT", "direction": "DESC"}})
		if got.Edges[0].Node.ID != string(newest.ID) {
			t.Fatalf("newest first: got %s", got.Edges[0].Node.Slug)
		}
		if e := c.Query(t, listQuery, map[string]any{"orderBy": map[string]any{"field": "RELEVANCE"}}).FirstError(t); e.Code() != "BAD_USER_INPUT" {
			t.Fatalf("RELEVANCE without search: %+v", e)
		}
	})
}

func TestPublicSeesOnlyActiveProductsOfActiveSellers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		ctx := context.Background()
		total := list(t, c, map[string]any{"first": 1}).TotalCount
		draft := st.Client.Product.Query().Order(product.BySlug()).FirstX(ctx)
		st.Client.Product.UpdateOne(draft).SetStatus(product.StatusDRAFT).ExecX(ctx)
		sel := st.Client.Seller.Query().Where(seller.IDNEQ(draft.SellerID)).Order(seller.BySlug()).FirstX(ctx)
		st.Client.Seller.UpdateOne(sel).SetStatus(seller.StatusSUSPENDED).ExecX(ctx)
		hidden := st.Client.Product.Query().Where(product.SellerID(sel.ID)).CountX(ctx)
		if hidden == 0 {
			t.Fatal("the suspended seller has no products; pick another")
		}
		if got := list(t, c, map[string]any{"first": 1}).TotalCount; got != total-1-hidden {
			t.Fatalf("public total = %d, want %d", got, total-1-hidden)
		}
		for _, n := range all(t, c, nil) {
			if n.ID == string(draft.ID) {
				t.Fatal("a DRAFT product is listed")
			}
		}
		var out struct {
			BySlug  *struct{ ID string } `json:"bySlug"`
			Node    *struct{ ID string }
			Seller  *struct{ ID string }
			Sellers struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		r := c.Query(t, `query($slug: String, $id: ID!, $seller: String) {
			bySlug: product(slug: $slug) { id } node(id: $id) { id } seller(slug: $seller) { id }
			sellers(first: 100) { edges { node { id } } } }`,
			map[string]any{"slug": draft.Slug, "id": draft.ID, "seller": sel.Slug})
		r.Decode(t, &out)
		if out.BySlug != nil || out.Node != nil || out.Seller != nil {
			t.Fatalf("hidden objects are reachable: %s", r.Raw)
		}
		for _, e := range out.Sellers.Edges {
			if e.Node.ID == string(sel.ID) {
				t.Fatal("a suspended seller is listed")
			}
		}
	})
}

func TestCategoryTree(t *testing.T) {
	demo := apitest.Demo(t)
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		var out struct {
			Categories struct {
				TotalCount int
				Edges      []struct{ Node struct{ Slug string } }
			}
			Category struct {
				Name     string
				Depth    int
				Parent   *struct{ Name string }
				Children struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Slug      string
							Ancestors []struct{ Slug string }
							Parent    struct{ Slug string }
							Products  struct{ TotalCount int }
						}
					}
				}
				Products struct{ TotalCount int }
			}
		}
		c.Query(t, `{ categories(where: { topLevel: true }) { totalCount edges { node { slug } } }
			category(slug: "outdoor") { name depth parent { name }
				children { totalCount edges { node { slug ancestors { slug } parent { slug } products(first: 1) { totalCount } } } }
				products(first: 1) { totalCount } } }`, nil).Decode(t, &out)
		roots := map[string]bool{}
		outdoor := 0
		for _, p := range demo {
			roots[strings.Split(p.Category, " > ")[0]] = true
			if strings.HasPrefix(p.Category, "Outdoor >") {
				outdoor++
			}
		}
		if out.Categories.TotalCount != len(roots) {
			t.Fatalf("%d top-level categories, want %d", out.Categories.TotalCount, len(roots))
		}
		cat := out.Category
		if cat.Name != "Outdoor" || cat.Depth != 0 || cat.Parent != nil || cat.Products.TotalCount != outdoor || outdoor == 0 {
			t.Fatalf("outdoor = %+v (want %d products)", cat, outdoor)
		}
		sum := 0
		for _, ch := range cat.Children.Edges {
			if len(ch.Node.Ancestors) != 1 || ch.Node.Ancestors[0].Slug != "outdoor" || ch.Node.Parent.Slug != "outdoor" {
				t.Fatalf("child %s: ancestors %+v", ch.Node.Slug, ch.Node.Ancestors)
			}
			sum += ch.Node.Products.TotalCount
		}
		if sum != outdoor || cat.Children.TotalCount != len(cat.Children.Edges) {
			t.Fatalf("children hold %d products, parent %d", sum, outdoor)
		}
	})
}

// TestMoneyAloneCarriesItsCurrency guards field collection: selecting only a
// price must still load the currency beside the amount.
func TestMoneyAloneCarriesItsCurrency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		for _, q := range []string{
			`{ products(first: 2) { edges { node {
				priceRange { min { amount currencyCode } }
				variants(first: 2) { edges { node { price { amount currencyCode } } } } } } } }`,
			`{ products(first: 2) { edges { node { priceRange { min { currencyCode } } } } } }`,
			`{ products(first: 2) { edges { node { variants(first: 2) { edges { node { price { currencyCode } } } } } } } }`,
			`{ products(first: 2) { edges { node { variants(first: 2) { edges { node { compareAtPrice { currencyCode } selectedOptions { name } } } } } } } }`,
		} {
			r := c.Query(t, q, nil)
			if len(r.Errors) > 0 || strings.Contains(string(r.Raw), `"currencyCode":""`) {
				t.Fatalf("%s\n-> %s", q, r.Raw)
			}
		}
		if !strings.Contains(string(c.Query(t, `{ products(first: 1) { edges { node { variants(first: 1) { edges { node { price { currencyCode } } } } } } } }`, nil).Raw), `"currencyCode":"EUR"`) {
			t.Fatal("price alone lost its currency")
		}
	})
}
