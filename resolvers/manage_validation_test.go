package resolvers_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/internal/testdb"
)

// codesOf runs a mutation as the owner and returns its userError codes.
func codesOf(t *testing.T, w *world, payload, query string, vars map[string]any) []string {
	t.Helper()
	r := w.c.QueryAs(t, w.tokens["owner"], query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("top-level errors: %s", r.Raw)
	}
	var data map[string]struct{ UserErrors []userError }
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, ue := range data[payload].UserErrors {
		codes = append(codes, ue.Code)
	}
	return codes
}

func TestManagementValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		p, v := w.product(t)
		const create = `mutation($in: ProductCreateInput!) { productCreate(input: $in) { product { id } userErrors { code } } }`
		const vcreate = `mutation($in: ProductVariantCreateInput!) { productVariantCreate(input: $in) { productVariant { id } userErrors { code } } }`
		const set = `mutation($in: InventorySetInput!) { inventorySet(input: $in) { inventoryLevel { onHand } userErrors { code } } }`
		const adjust = `mutation($in: InventoryAdjustInput!) { inventoryAdjust(input: $in) { inventoryLevel { onHand } userErrors { code } } }`
		const media = `mutation($in: ProductMediaAddInput!) { productMediaAdd(input: $in) { product { id } userErrors { code } } }`
		const reorder = `mutation($in: ProductMediaReorderInput!) { productMediaReorder(input: $in) { product { id } userErrors { code } } }`
		base := func(extra map[string]any) map[string]any {
			in := map[string]any{"sellerId": w.seller.ID, "name": "Fine name"}
			for k, x := range extra {
				in[k] = x
			}
			return map[string]any{"in": in}
		}
		cases := []struct {
			name, payload, query string
			vars                 map[string]any
			want                 string
		}{
			{"blank name", "productCreate", create, base(map[string]any{"name": "  "}), "BLANK,INVALID"},
			{"long name", "productCreate", create, base(map[string]any{"name": strings.Repeat("n", 301), "slug": "ok"}), "TOO_LONG"},
			{"bad slug", "productCreate", create, base(map[string]any{"slug": "Not A Slug"}), "INVALID"},
			{"taken slug", "productCreate", create, base(map[string]any{"slug": p.Slug}), "TAKEN"},
			{"unknown category", "productCreate", create, base(map[string]any{"categoryId": "cat_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A"}), "NOT_FOUND"},
			{"duplicate attribute", "productCreate", create, base(map[string]any{"attributes": []any{
				map[string]any{"key": "brand", "value": "a"}, map[string]any{"key": "brand", "value": "b"}}}), "DUPLICATE"},
			{"taken sku", "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": p.ID, "sku": v.Sku, "price": "1.00"}}, "TAKEN"},
			{"negative price", "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": p.ID, "sku": "X1", "price": "-1.00"}}, "NEGATIVE"},
			{"too precise price", "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": p.ID, "sku": "X2", "price": "1.234"}}, "INVALID"},
			{"negative weight", "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": p.ID, "sku": "X3", "price": "1", "weightGrams": -5}}, "NEGATIVE"},
			{"unknown product", "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": "prd_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A", "sku": "X4", "price": "1"}}, "NOT_FOUND"},
			{"negative stock", "inventorySet", set, map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": -1}}, "NEGATIVE"},
			{"bad image url", "productMediaAdd", media, map[string]any{"in": map[string]any{"productId": p.ID, "media": []any{map[string]any{"url": "javascript:alert(1)"}}}}, "INVALID"},
			{"duplicate image", "productMediaAdd", media, map[string]any{"in": map[string]any{"productId": p.ID, "media": []any{map[string]any{"url": "https://img.example.com/a.jpg"}}}}, "DUPLICATE"},
			{"not a permutation", "productMediaReorder", reorder, map[string]any{"in": map[string]any{"productId": p.ID, "urls": []string{"https://img.example.com/a.jpg"}}}, "INVALID"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := w.snapshot(t)
				if got := strings.Join(codesOf(t, w, tc.payload, tc.query, tc.vars), ","); got != tc.want {
					t.Fatalf("codes %q, want %q", got, tc.want)
				}
				if w.snapshot(t) != before {
					t.Fatal("a refused input changed the catalog")
				}
			})
		}

		// Stock: set with an expected quantity, then a stale expectation.
		if got := codesOf(t, w, "inventorySet", set, map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": 5, "expectedQuantity": 0}}); len(got) != 0 {
			t.Fatalf("set from 0: %v", got)
		}
		if got := codesOf(t, w, "inventorySet", set, map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": 9, "expectedQuantity": 4}}); strings.Join(got, ",") != "STOCK_MISMATCH" {
			t.Fatalf("stale expectation: %v", got)
		}
		if got := codesOf(t, w, "inventoryAdjust", adjust, map[string]any{"in": map[string]any{"variantId": v.ID, "delta": -6}}); strings.Join(got, ",") != "NEGATIVE" {
			t.Fatalf("below zero: %v", got)
		}
		if l := st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(v.ID)).OnlyX(ctx); l.OnHand != 5 {
			t.Fatalf("on hand %d, want 5", l.OnHand)
		}

		// A new variant moves the product's price range.
		if got := codesOf(t, w, "productVariantCreate", vcreate, map[string]any{"in": map[string]any{"productId": p.ID, "sku": "CHEAP", "price": "2.50"}}); len(got) != 0 {
			t.Fatalf("variant create: %v", got)
		}
		if pp := st.Client.Product.GetX(ctx, p.ID); pp.PriceMin != 250 || pp.PriceMax != 1000 {
			t.Fatalf("price range %d..%d, want 250..1000", pp.PriceMin, pp.PriceMax)
		}
	})
}

func TestCategoryTreeMutations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		const create = `mutation($in: CategoryCreateInput!) { categoryCreate(input: $in) { category { id slug depth } userErrors { code } } }`
		mk := func(name string, parent any) string {
			var out struct {
				CategoryCreate struct{ Category struct{ ID string } }
			}
			in := map[string]any{"name": name}
			if parent != nil {
				in["parentId"] = parent
			}
			w.c.QueryAs(t, w.tokens["admin"], create, map[string]any{"in": in}).Decode(t, &out)
			return out.CategoryCreate.Category.ID
		}
		a := mk("Alpha", nil)
		b := mk("Beta", a)
		c := mk("Gamma", b)
		other := mk("Other", nil)
		p, _ := w.product(t)
		st.Client.Product.UpdateOneID(p.ID).SetCategoryID(mustID(c)).ExecX(ctx)

		const update = `mutation($in: CategoryUpdateInput!) { categoryUpdate(input: $in) { category { id depth } userErrors { code } } }`
		r := w.c.QueryAs(t, w.tokens["admin"], update, map[string]any{"in": map[string]any{"id": a, "parentId": c}})
		if !strings.Contains(string(r.Data), "CYCLE") {
			t.Fatalf("moving a category under its descendant: %s", r.Raw)
		}
		// Move Beta (with Gamma) under Other: Gamma's path and depth follow.
		w.c.QueryAs(t, w.tokens["admin"], update, map[string]any{"in": map[string]any{"id": b, "parentId": other}})
		g := st.Client.Category.Query().Where(category.ID(mustID(c))).OnlyX(ctx)
		if !strings.HasPrefix(g.Path, "/"+other+"/"+b+"/") || g.Depth != 2 {
			t.Fatalf("after the move Gamma is %s at depth %d", g.Path, g.Depth)
		}
		in := func(slug string) int {
			var out struct {
				Category struct{ Products struct{ TotalCount int } }
			}
			w.c.Query(t, `query($s: String) { category(slug: $s) { products(first: 1) { totalCount } } }`, map[string]any{"s": slug}).Decode(t, &out)
			return out.Category.Products.TotalCount
		}
		if in("other") != 1 || in("alpha") != 0 {
			t.Fatalf("descendant products: other %d, alpha %d", in("other"), in("alpha"))
		}
		const del = `mutation($in: CategoryDeleteInput!) { categoryDelete(input: $in) { deletedCategoryId userErrors { code } } }`
		for id, want := range map[string]string{other: "HAS_CHILDREN", c: "IN_USE"} {
			if r := w.c.QueryAs(t, w.tokens["admin"], del, map[string]any{"in": map[string]any{"id": id}}); !strings.Contains(string(r.Data), want) {
				t.Fatalf("delete: want %s, got %s", want, r.Raw)
			}
		}
		_ = product.Table
	})
}

// TestConcurrentStockAdjustmentsNeverGoNegative: 20 decrements of a stock
// of 10 give exactly 10 successes and a stock of 0.
func TestConcurrentStockAdjustmentsNeverGoNegative(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		_, v := w.product(t)
		const adjust = `mutation($in: InventoryAdjustInput!) { inventoryAdjust(input: $in) { inventoryLevel { onHand } userErrors { code } } }`
		if got := codesOf(t, w, "inventoryAdjust", adjust, map[string]any{"in": map[string]any{"variantId": v.ID, "delta": 10}}); len(got) != 0 {
			t.Fatal(got)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused := 0, 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := w.c.QueryAs(t, w.tokens["owner"], adjust, map[string]any{"in": map[string]any{"variantId": v.ID, "delta": -1}})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case strings.Contains(string(r.Data), `"userErrors":[]`):
					ok++
				case strings.Contains(string(r.Data), "NEGATIVE"):
					refused++
				}
			}()
		}
		wg.Wait()
		l := st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(v.ID)).OnlyX(context.Background())
		if ok != 10 || refused != 10 || l.OnHand != 0 {
			t.Fatalf("%d succeeded, %d refused, stock %d; want 10, 10, 0", ok, refused, l.OnHand)
		}
	})
}
