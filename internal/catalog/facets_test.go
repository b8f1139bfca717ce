package catalog_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

// fixProduct is one product of the fixture catalog as the test knows it,
// to recount facets in Go.
type fixProduct struct {
	id      pulid.ID
	name    string
	seller  int
	cat     int // -1: none
	active  bool
	prices  []int64
	inStock bool
	attrs   map[string]string
	rating  float64
	units   int
}

type fixture struct {
	sellers    []*ent.Seller // 0, 1 ACTIVE; 2 SUSPENDED
	cats       []*ent.Category
	catParent  []int // -1: root
	products   []fixProduct
	warehouses []*ent.Warehouse
}

// buildCatalog makes n products of known structure: sellers, categories
// (a root with a child, another root, none), drafts, prices over several
// buckets, stock, attributes, ratings and units sold.
func buildCatalog(t testing.TB, st *store.Store, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	c := st.Client
	fx := &fixture{}
	for i, s := range []seller.Status{seller.StatusACTIVE, seller.StatusACTIVE, seller.StatusSUSPENDED} {
		fx.sellers = append(fx.sellers, c.Seller.Create().SetName([]string{"Alpha", "Beta", "Gamma"}[i]).
			SetSlug(fmt.Sprintf("seller-%d", i)).SetStatus(s).SaveX(ctx))
	}
	mkCat := func(name string, parent int) {
		id := pulid.New("cat")
		path := "/" + string(id) + "/"
		q := c.Category.Create().SetID(id).SetName(name).SetSlug(strings.ToLower(name))
		if parent >= 0 {
			path = fx.cats[parent].Path + string(id) + "/"
			q = q.SetParentID(fx.cats[parent].ID).SetDepth(1)
		}
		fx.cats = append(fx.cats, q.SetPath(path).SaveX(ctx))
		fx.catParent = append(fx.catParent, parent)
	}
	mkCat("Kitchen", -1)
	mkCat("Aprons", 0)
	mkCat("Garden", -1)
	wh := c.Warehouse.Create().SetCode("main").SetName("Main").SaveX(ctx)
	colors := []string{"red", "blue", "green"}
	for i := range n {
		p := fixProduct{
			seller: i % 3,
			cat:    i%4 - boolInt(i%4 == 3)*4, // 0, 1, 2, -1
			active: i%7 != 0,
			prices: []int64{int64(i*7%60)*100 + 99},
			// Even products are in stock.
			inStock: i%2 == 0,
			attrs:   map[string]string{"color": colors[i%5%3]},
			rating:  float64(i % 6),
			units:   (i * 5) % 9,
		}
		if p.cat == -4 {
			p.cat = -1
		}
		if i%3 != 0 {
			p.attrs["material"] = []string{"linen", "wool"}[i%2]
		}
		if i%4 == 1 {
			p.prices = append(p.prices, int64(i*13%300)*100)
		}
		p.name = fmt.Sprintf("%s %s %03d", []string{"Linen apron", "Wool scarf"}[i%2], p.attrs["color"], i)
		status := product.StatusACTIVE
		if !p.active {
			status = product.StatusDRAFT
		}
		q := c.Product.Create().SetName(p.name).SetSlug(fmt.Sprintf("p-%03d", i)).SetStatus(status).
			SetSellerID(fx.sellers[p.seller].ID).SetAttributes(p.attrs).
			SetRatingAverage(p.rating).SetRatingCount(boolInt(p.rating > 0)).SetRatingSum(int64(p.rating)).
			SetUnitsSold(p.units)
		if p.cat >= 0 {
			q = q.SetCategoryID(fx.cats[p.cat].ID)
		}
		pr := q.SaveX(ctx)
		p.id = pr.ID
		for j, price := range p.prices {
			v := c.ProductVariant.Create().SetProductID(pr.ID).SetSku(fmt.Sprintf("sku-%03d-%d", i, j)).SetPrice(price).SetCurrency("EUR").SaveX(ctx)
			onHand := 0
			if p.inStock && j == 0 {
				onHand = 3
			}
			c.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(wh.ID).SetOnHand(onHand).SaveX(ctx)
		}
		fx.products = append(fx.products, p)
	}
	ids := make([]pulid.ID, len(fx.products))
	for i, p := range fx.products {
		ids[i] = p.id
	}
	if err := catalog.RefreshPriceRanges(ctx, c, ids); err != nil {
		t.Fatal(err)
	}
	return fx
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// inCat reports whether category i is c or one of its descendants.
func (fx *fixture) inCat(i, c int) bool {
	for ; i >= 0; i = fx.catParent[i] {
		if i == c {
			return true
		}
	}
	return false
}

// matches is the filter in Go, leaving out one facet group.
func (fx *fixture) matches(p fixProduct, f catalog.Filter, skip string) bool {
	if !p.active || p.seller == 2 {
		return false // the public never sees a draft or a suspended seller's product
	}
	if skip != "category" && f.CategoryID != nil {
		c := -1
		for i, cat := range fx.cats {
			if cat.ID == *f.CategoryID {
				c = i
			}
		}
		if p.cat < 0 || !fx.inCat(p.cat, c) {
			return false
		}
	}
	if skip != "seller" && f.SellerID != nil && fx.sellers[p.seller].ID != *f.SellerID {
		return false
	}
	if skip != "price" && (f.PriceMin != nil || f.PriceMax != nil) {
		lo, hi := int64(0), int64(1<<62)
		if f.PriceMin != nil {
			lo, _ = f.PriceMin.MinorUnits(money.Currency("EUR"))
		}
		if f.PriceMax != nil {
			hi, _ = f.PriceMax.MinorUnits(money.Currency("EUR"))
		}
		ok := false
		for _, pr := range p.prices {
			ok = ok || (pr >= lo && pr <= hi)
		}
		if !ok {
			return false
		}
	}
	if skip != "availability" && f.InStock != nil && p.inStock != *f.InStock {
		return false
	}
	if skip != "rating" && f.MinRating != nil && p.rating < *f.MinRating {
		return false
	}
	for _, a := range f.Attributes {
		if skip != "attribute:"+a.Key && p.attrs[a.Key] != a.Value {
			return false
		}
	}
	return true
}

// recount computes the facets in Go as "key=value:count" lines.
func (fx *fixture) recount(f catalog.Filter, hits map[pulid.ID]bool) []string {
	counts := map[string]int{}
	each := func(skip string, fn func(p fixProduct)) {
		for _, p := range fx.products {
			if (hits == nil || hits[p.id]) && fx.matches(p, f, skip) {
				fn(p)
			}
		}
	}
	each("category", func(p fixProduct) {
		for c := range fx.cats {
			if p.cat >= 0 && fx.inCat(p.cat, c) {
				counts["category="+string(fx.cats[c].ID)]++
			}
		}
	})
	each("seller", func(p fixProduct) { counts["seller="+string(fx.sellers[p.seller].ID)]++ })
	bounds := []int64{0, 1000, 2500, 5000, 10000, 25000, 50000}
	each("price", func(p fixProduct) {
		for b, lo := range bounds {
			hi := int64(1 << 62)
			if b+1 < len(bounds) {
				hi = bounds[b+1] - 1
			}
			for _, pr := range p.prices {
				if pr >= lo && pr <= hi {
					v := money.Format(lo, 2) + ".."
					if b+1 < len(bounds) {
						v += money.Format(hi, 2)
					}
					counts["price="+v]++
					break
				}
			}
		}
	})
	each("rating", func(p fixProduct) {
		for r := 1; r <= 4; r++ {
			if p.rating >= float64(r) {
				counts[fmt.Sprintf("rating=%d", r)]++
			}
		}
	})
	each("availability", func(p fixProduct) { counts[fmt.Sprintf("availability=%t", p.inStock)]++ })
	for _, key := range []string{"color", "material"} {
		each("attribute:"+key, func(p fixProduct) {
			if v, ok := p.attrs[key]; ok {
				counts[key+"="+v]++
			}
		})
	}
	var out []string
	for k, n := range counts {
		out = append(out, fmt.Sprintf("%s:%d", k, n))
	}
	sort.Strings(out)
	return out
}

// flatten renders facets as "key=value:count" lines (count > 0) and the
// selected values as "key=value".
func flatten(fs []*catalog.Facet) (counts, selected []string) {
	for _, f := range fs {
		for _, v := range f.Values {
			if v.Count > 0 {
				counts = append(counts, fmt.Sprintf("%s=%s:%d", f.Key, v.Value, v.Count))
			}
			if v.Selected {
				selected = append(selected, f.Key+"="+v.Value)
			}
		}
	}
	sort.Strings(counts)
	sort.Strings(selected)
	return counts, selected
}

func dec(s string) *money.Decimal { d := money.Decimal(s); return &d }
func ptr[T any](v T) *T           { return &v }

func TestFacetsCountUnderEveryOtherFilter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		fx := buildCatalog(t, st, 48)
		svc := catalog.New(st, money.Currency("EUR"))
		cases := []struct {
			name     string
			filter   catalog.Filter
			search   *string
			selected []string
		}{
			{name: "no filter"},
			{name: "category and stock", filter: catalog.Filter{CategoryID: &fx.cats[0].ID, InStock: ptr(true)},
				selected: []string{"availability=true", "category=" + string(fx.cats[0].ID)}},
			{name: "seller, rating, attribute", filter: catalog.Filter{SellerID: &fx.sellers[1].ID, MinRating: ptr(3.0),
				Attributes: []catalog.Attribute{{Key: "color", Value: "red"}}},
				selected: []string{"color=red", "rating=3", "seller=" + string(fx.sellers[1].ID)}},
			{name: "price bucket and two attributes", filter: catalog.Filter{PriceMin: dec("10.00"), PriceMax: dec("24.99"),
				Attributes: []catalog.Attribute{{Key: "material", Value: "linen"}, {Key: "color", Value: "blue"}}},
				selected: []string{"color=blue", "material=linen", "price=10.00..24.99"}},
			{name: "out of stock", filter: catalog.Filter{InStock: ptr(false)}, selected: []string{"availability=false"}},
			{name: "search", search: ptr("apron")},
			{name: "search and filter", search: ptr("apron"), filter: catalog.Filter{CategoryID: &fx.cats[1].ID, MinRating: ptr(2.0)},
				selected: []string{"category=" + string(fx.cats[1].ID), "rating=2"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.filter
				conn, err := svc.Products(ctx, catalog.ProductArgs{Filter: &f, Search: tc.search, First: ptr(100)})
				if err != nil {
					t.Fatal(err)
				}
				var hits map[pulid.ID]bool
				if tc.search != nil {
					hits = map[pulid.ID]bool{}
					for _, p := range fx.products {
						if strings.Contains(p.name, *tc.search) {
							hits[p.id] = true
						}
					}
				}
				// The listing itself is the filter: its size is what each
				// facet's selected value counts.
				want := 0
				for _, p := range fx.products {
					if (hits == nil || hits[p.id]) && fx.matches(p, f, "") {
						want++
					}
				}
				if conn.TotalCount != want {
					t.Fatalf("listing holds %d, want %d", conn.TotalCount, want)
				}
				fs, err := svc.Facets(ctx, conn)
				if err != nil {
					t.Fatal(err)
				}
				got, sel := flatten(fs)
				if exp := fx.recount(f, hits); strings.Join(got, "\n") != strings.Join(exp, "\n") {
					t.Fatalf("facets\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
				}
				if strings.Join(sel, ",") != strings.Join(tc.selected, ",") {
					t.Fatalf("selected %v, want %v", sel, tc.selected)
				}
				for _, s := range got {
					if strings.HasPrefix(s, "seller="+string(fx.sellers[2].ID)) {
						t.Fatalf("the suspended seller is counted: %s", s)
					}
				}
			})
		}
	})
}

// facetStatements counts the statements of one Facets call.
func facetStatements(t *testing.T, st *store.Store, f catalog.Filter, search *string) int64 {
	t.Helper()
	ctx := context.Background()
	svc := catalog.New(st, money.Currency("EUR"))
	conn, err := svc.Products(ctx, catalog.ProductArgs{Filter: &f, Search: search})
	if err != nil {
		t.Fatal(err)
	}
	before := st.Counter.Load()
	if _, err := svc.Facets(ctx, conn); err != nil {
		t.Fatal(err)
	}
	return st.Counter.Load() - before
}

func TestFacetStatementsDoNotGrowWithTheCatalog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		fx := buildCatalog(t, st, 12)
		f := catalog.Filter{CategoryID: &fx.cats[0].ID, Attributes: []catalog.Attribute{{Key: "color", Value: "red"}}}
		// Category filter lookup, then one statement per group (category,
		// seller, price, rating, availability), category and seller names,
		// attributes not filtered and the one filtered key.
		const want = 1 + 5 + 2 + 1 + 1
		small := facetStatements(t, st, f, nil)
		searchSmall := facetStatements(t, st, f, ptr("apron"))
		more := buildCatalogMore(t, st, fx, 60)
		_ = more
		if n := facetStatements(t, st, f, nil); n != small || n != want {
			t.Fatalf("facets took %d statements on 12 products, %d on 72; want %d", small, n, want)
		}
		if n := facetStatements(t, st, f, ptr("apron")); n != searchSmall || n != want {
			t.Fatalf("facets with search took %d statements on 12 products, %d on 72; want %d (the listing's hits are reused)", searchSmall, n, want)
		}
	})
}

// buildCatalogMore adds n products like buildCatalog's to the same sellers
// and categories.
func buildCatalogMore(t *testing.T, st *store.Store, fx *fixture, n int) int {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		st.Client.Product.Create().SetName(fmt.Sprintf("Linen apron extra %d", i)).SetSlug(fmt.Sprintf("extra-%d", i)).
			SetStatus(product.StatusACTIVE).SetSellerID(fx.sellers[i%3].ID).SetCategoryID(fx.cats[i%3].ID).
			SetAttributes(map[string]string{"color": []string{"red", "blue"}[i%2], fmt.Sprintf("k%d", i%4): "v"}).SaveX(ctx)
	}
	return n
}

func TestMinRatingFilterAndNewSorts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		fx := buildCatalog(t, st, 30)
		svc := catalog.New(st, money.Currency("EUR"))
		if _, err := svc.Products(ctx, catalog.ProductArgs{Filter: &catalog.Filter{MinRating: ptr(5.5)}}); !isBadInput(err) {
			t.Fatalf("minRating 5.5: %v, want BAD_USER_INPUT", err)
		}
		for _, tc := range []struct {
			key catalog.SortKey
			val func(p fixProduct) float64
		}{
			{catalog.SortRating, func(p fixProduct) float64 { return p.rating }},
			{catalog.SortBestSelling, func(p fixProduct) float64 { return float64(p.units) }},
		} {
			for _, dir := range []entgqlrt.OrderDirection{entgqlrt.OrderDirectionAsc, entgqlrt.OrderDirectionDesc} {
				t.Run(string(tc.key)+" "+string(dir), func(t *testing.T) {
					f := catalog.Filter{MinRating: ptr(2.0)}
					var want []string
					var exp []fixProduct
					for _, p := range fx.products {
						if fx.matches(p, f, "") {
							exp = append(exp, p)
						}
					}
					// Ties broken by ID, in the sort's direction.
					sort.Slice(exp, func(i, j int) bool {
						a, b := tc.val(exp[i]), tc.val(exp[j])
						if a != b {
							return (a < b) == (dir == entgqlrt.OrderDirectionAsc)
						}
						return (exp[i].id < exp[j].id) == (dir == entgqlrt.OrderDirectionAsc)
					})
					for _, p := range exp {
						want = append(want, p.name)
					}
					// Page by 4 with cursors: the pages join up to the
					// whole ordering, nothing repeated or skipped.
					var got []string
					var after *ent.Cursor
					for range 20 {
						conn, err := svc.Products(ctx, catalog.ProductArgs{Filter: &f, First: ptr(4), After: after,
							Order: &catalog.Order{Key: tc.key, Direction: dir}})
						if err != nil {
							t.Fatal(err)
						}
						for _, e := range conn.Edges {
							got = append(got, e.Node.Name)
						}
						if !conn.PageInfo.HasNextPage {
							break
						}
						after = conn.PageInfo.EndCursor
					}
					if strings.Join(got, "|") != strings.Join(want, "|") {
						t.Fatalf("order\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
					if len(want) < 8 {
						t.Fatalf("the fixture lists only %d products: too few to page", len(want))
					}
				})
			}
		}
	})
}

func isBadInput(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.BadUserInput
}

// BenchmarkFacets counts every facet of a 1,000-product catalog filtered on
// a category and an attribute.
func BenchmarkFacets(b *testing.B) {
	for _, dia := range testdb.Dialects {
		b.Run(dia, func(b *testing.B) {
			st := testdb.Open(b, dia)
			fx := buildCatalog(b, st, 1000)
			ctx := context.Background()
			svc := catalog.New(st, money.Currency("EUR"))
			f := catalog.Filter{CategoryID: &fx.cats[0].ID, Attributes: []catalog.Attribute{{Key: "color", Value: "red"}}}
			conn, err := svc.Products(ctx, catalog.ProductArgs{Filter: &f})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if _, err := svc.Facets(ctx, conn); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
