package catalog_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

type snapshot struct {
	products, variants, levels, categories, sellers int
	stock                                           int
	maxUpdated                                      string
}

func snap(t *testing.T, st *testdb.Store) snapshot {
	ctx := context.Background()
	c := st.Client
	var s snapshot
	s.products = c.Product.Query().CountX(ctx)
	s.variants = c.ProductVariant.Query().CountX(ctx)
	s.levels = c.InventoryLevel.Query().CountX(ctx)
	s.categories = c.Category.Query().CountX(ctx)
	s.sellers = c.Seller.Query().CountX(ctx)
	for _, l := range c.InventoryLevel.Query().AllX(ctx) {
		s.stock += l.OnHand
	}
	if p, err := c.Product.Query().Order(product.ByUpdatedAt()).All(ctx); err == nil && len(p) > 0 {
		s.maxUpdated = p[len(p)-1].UpdatedAt.String()
	}
	return s
}

func TestImportReferenceCatalogTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		load := func() *catalog.ImportResult {
			f, err := refcatalog.Open() // the reference catalog, in the repository
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			res, err := catalog.Import(ctx, st, f)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		first := load()
		if first.Products != 5000 || first.ProductsCreated != 5000 || first.VariantsCreated != 15000 || len(first.Errors) != 0 {
			t.Fatalf("first load: %+v", first)
		}
		before := snap(t, st)
		// 20 leaf categories under 5 top-level ones.
		if before.products != 5000 || before.variants != 15000 || before.levels != 15000 || before.categories != 25 || before.sellers != 25 {
			t.Fatalf("after the first load: %+v", before)
		}
		writes := st.Counter.Load()
		second := load()
		if second.ProductsCreated+second.ProductsUpdated+second.VariantsCreated+second.VariantsUpdated != 0 {
			t.Fatalf("second load changed rows: %+v", second)
		}
		// Reads only: warehouse, categories and sellers once, then SKU owners,
		// products, variants and stock once per batch of 500; nothing written.
		if n := st.Counter.Load() - writes; n != 3+4*10 {
			t.Fatalf("second load ran %d statements, want %d", n, 3+4*10)
		}
		if after := snap(t, st); after != before {
			t.Fatalf("second load changed the store: %+v -> %+v", before, after)
		}
	})
}

func TestImportReportsBadLinesAndLoadsTheRest(t *testing.T) {
	good := func(slug, sku string) string {
		return `{"slug":"` + slug + `","name":"N ` + slug + `","description":"d","category":"A > B","seller":{"slug":"s1","name":"S1"},` +
			`"attributes":{"brand":"x"},"media":[],"variants":[{"sku":"` + sku + `","title":"t","options":{"size":"M"},"price":"10.50","currency":"EUR","stock":3,"weightGrams":100}]}`
	}
	lines := []string{
		good("p-one", "S-1"),
		`{"slug": "broken", `, // 2: malformed JSON
		good("p-three", "S-3"),
		strings.Replace(good("p-four", "S-4"), `"10.50"`, `"ten"`, 1),        // 4: bad price
		strings.Replace(good("p-five", "S-5"), `"stock":3`, `"stock":-2`, 1), // 5: negative stock
		good("p-one", "S-6"),   // 6: duplicate slug
		good("p-seven", "S-3"), // 7: duplicate sku
		"",
		good("p-nine", "S-9"),
		strings.Replace(good("p-ten", "S-10"), `"EUR"`, `"XYZ"`, 1), // 10: currency
	}
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		res, err := catalog.Import(context.Background(), st, strings.NewReader(strings.Join(lines, "\n")))
		if err != nil {
			t.Fatal(err)
		}
		var bad []int
		for _, e := range res.Errors {
			bad = append(bad, e.Line)
		}
		if want := []int{2, 4, 5, 6, 7, 10}; len(bad) != len(want) || !equal(bad, want) {
			t.Fatalf("bad lines %v, want %v (%v)", bad, want, res.Errors)
		}
		if res.Products != 3 {
			t.Fatalf("imported %d, want 3", res.Products)
		}
		ctx := context.Background()
		for _, slug := range []string{"p-one", "p-three", "p-nine"} {
			p, err := st.Client.Product.Query().Where(product.Slug(slug)).Only(ctx)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			if p.PriceMin != 1050 || p.PriceMax != 1050 || p.Status != product.StatusACTIVE {
				t.Fatalf("%s: %+v", slug, p)
			}
		}
		if n := st.Client.Product.Query().CountX(ctx); n != 3 {
			t.Fatalf("%d products in the store", n)
		}
	})
}

func TestImportUpdatesChangedRows(t *testing.T) {
	line := `{"slug":"p","name":"Old","description":"d","category":"A","seller":{"slug":"s","name":"S"},"attributes":{},"media":[],` +
		`"variants":[{"sku":"K","title":"t","options":{},"price":"5.00","currency":"EUR","stock":1,"weightGrams":1}]}`
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		if _, err := catalog.Import(ctx, st, strings.NewReader(line)); err != nil {
			t.Fatal(err)
		}
		changed := strings.NewReplacer(`"Old"`, `"New"`, `"5.00"`, `"7.25"`, `"stock":1`, `"stock":9`).Replace(line)
		res, err := catalog.Import(ctx, st, strings.NewReader(changed))
		if err != nil || res.ProductsUpdated != 1 || res.VariantsUpdated != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		p := st.Client.Product.Query().OnlyX(ctx)
		l := st.Client.InventoryLevel.Query().OnlyX(ctx)
		if p.Name != "New" || p.PriceMin != 725 || l.OnHand != 9 {
			t.Fatalf("product %+v, stock %d", p, l.OnHand)
		}
	})
}

func equal(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
