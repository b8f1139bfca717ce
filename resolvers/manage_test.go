package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// world is a small catalog with one account per kind of actor.
type world struct {
	c        *apitest.Client
	st       *testdb.Store
	seller   *ent.Seller // owned by "owner"
	other    *ent.Seller // "stranger" is its member
	category *ent.Category
	tokens   map[string]string // actor -> access token ("" for anonymous)
	n        atomic.Int64
}

var actors = []string{"anonymous", "customer", "stranger", "owner", "admin"}

func newWorld(t *testing.T, st *testdb.Store, opts ...apitest.Option) *world {
	ctx := context.Background()
	w := &world{c: apitest.New(t, st, opts...), st: st, tokens: map[string]string{"anonymous": ""}}
	w.seller = st.Client.Seller.Create().SetName("Owned").SetSlug("owned").SaveX(ctx)
	w.other = st.Client.Seller.Create().SetName("Other").SetSlug("other").SaveX(ctx)
	w.category = st.Client.Category.Create().SetName("Root").SetSlug("root").SetPath("/x/").SaveX(ctx)
	for _, a := range actors[1:] {
		email := a + "@example.com"
		register(t, w.c, email, "correct horse")
		cu := st.Client.Customer.Query().Where(customer.EmailKey(email)).OnlyX(ctx)
		switch a {
		case "stranger":
			st.Client.SellerMember.Create().SetCustomerID(cu.ID).SetSellerID(w.other.ID).SetRole(sellermember.RoleOWNER).ExecX(ctx)
		case "owner":
			st.Client.SellerMember.Create().SetCustomerID(cu.ID).SetSellerID(w.seller.ID).SetRole(sellermember.RoleOWNER).ExecX(ctx)
		case "admin":
			st.Client.Customer.UpdateOne(cu).SetRole(customer.RoleADMIN).ExecX(ctx)
		}
		w.tokens[a] = login(t, w.c, email, "correct horse").AccessToken
	}
	return w
}

// product makes a fresh product of the owned seller with one variant,
// stock and two images.
func (w *world) product(t *testing.T) (*ent.Product, *ent.ProductVariant) {
	ctx := context.Background()
	i := w.n.Add(1)
	p := w.st.Client.Product.Create().SetName(fmt.Sprintf("Thing %d", i)).SetSlug(fmt.Sprintf("thing-%d", i)).
		SetSellerID(w.seller.ID).SetStatus(product.StatusACTIVE).
		SetMedia([]schema.Media{{URL: "https://img.example.com/a.jpg"}, {URL: "https://img.example.com/b.jpg"}}).SaveX(ctx)
	v := w.st.Client.ProductVariant.Create().SetProductID(p.ID).SetSku(fmt.Sprintf("SKU-%d", i)).
		SetPrice(1000).SetCurrency("EUR").SaveX(ctx)
	return p, v
}

// snapshot renders every catalog row, so that a refused mutation can be
// shown to have changed nothing.
func (w *world) snapshot(t *testing.T) string {
	ctx := context.Background()
	c := w.st.Client
	parts := []any{
		c.Product.Query().Order(ent.Asc("id")).AllX(ctx),
		c.ProductVariant.Query().Order(ent.Asc("id")).AllX(ctx),
		c.InventoryLevel.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Category.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Warehouse.Query().Order(ent.Asc("id")).AllX(ctx),
	}
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type mutationCase struct {
	name    string
	admin   bool // only admins may (categories)
	payload string
	// prepare makes a fresh target and returns the operation and variables.
	prepare func(t *testing.T, w *world) (string, map[string]any)
}

var mutationCases = []mutationCase{
	{name: "productCreate", payload: "productCreate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		i := w.n.Add(1)
		return `mutation($in: ProductCreateInput!) { productCreate(input: $in) { product { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "name": fmt.Sprintf("New %d", i)}}
	}},
	{name: "productUpdate", payload: "productUpdate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductUpdateInput!) { productUpdate(input: $in) { product { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": p.ID, "name": "Renamed", "status": "ARCHIVED"}}
	}},
	{name: "productDelete", payload: "productDelete", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductDeleteInput!) { productDelete(input: $in) { deletedProductId userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": p.ID}}
	}},
	{name: "productMediaAdd", payload: "productMediaAdd", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductMediaAddInput!) { productMediaAdd(input: $in) { product { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "media": []any{map[string]any{"url": "https://img.example.com/c.jpg", "alt": "c"}}}}
	}},
	{name: "productMediaRemove", payload: "productMediaRemove", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductMediaRemoveInput!) { productMediaRemove(input: $in) { product { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "urls": []string{"https://img.example.com/a.jpg"}}}
	}},
	{name: "productMediaReorder", payload: "productMediaReorder", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductMediaReorderInput!) { productMediaReorder(input: $in) { product { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "urls": []string{"https://img.example.com/b.jpg", "https://img.example.com/a.jpg"}}}
	}},
	{name: "productVariantCreate", payload: "productVariantCreate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		p, _ := w.product(t)
		return `mutation($in: ProductVariantCreateInput!) { productVariantCreate(input: $in) { productVariant { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"productId": p.ID, "sku": fmt.Sprintf("NEW-%d", w.n.Add(1)), "price": "12.50"}}
	}},
	{name: "productVariantUpdate", payload: "productVariantUpdate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		_, v := w.product(t)
		return `mutation($in: ProductVariantUpdateInput!) { productVariantUpdate(input: $in) { productVariant { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": v.ID, "price": "99.99"}}
	}},
	{name: "productVariantDelete", payload: "productVariantDelete", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		_, v := w.product(t)
		return `mutation($in: ProductVariantDeleteInput!) { productVariantDelete(input: $in) { deletedProductVariantId userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": v.ID}}
	}},
	{name: "inventorySet", payload: "inventorySet", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		_, v := w.product(t)
		return `mutation($in: InventorySetInput!) { inventorySet(input: $in) { inventoryLevel { onHand } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": 7}}
	}},
	{name: "inventoryAdjust", payload: "inventoryAdjust", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		_, v := w.product(t)
		return `mutation($in: InventoryAdjustInput!) { inventoryAdjust(input: $in) { inventoryLevel { onHand } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"variantId": v.ID, "delta": 3}}
	}},
	{name: "categoryCreate", admin: true, payload: "categoryCreate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		return `mutation($in: CategoryCreateInput!) { categoryCreate(input: $in) { category { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"name": fmt.Sprintf("Cat %d", w.n.Add(1)), "parentId": w.category.ID}}
	}},
	{name: "categoryUpdate", admin: true, payload: "categoryUpdate", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		return `mutation($in: CategoryUpdateInput!) { categoryUpdate(input: $in) { category { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": w.category.ID, "description": fmt.Sprintf("d%d", w.n.Add(1))}}
	}},
	{name: "categoryDelete", admin: true, payload: "categoryDelete", prepare: func(t *testing.T, w *world) (string, map[string]any) {
		i := w.n.Add(1)
		c := w.st.Client.Category.Create().SetName(fmt.Sprintf("Tmp %d", i)).SetSlug(fmt.Sprintf("tmp-%d", i)).SetPath(fmt.Sprintf("/tmp%d/", i)).SaveX(context.Background())
		return `mutation($in: CategoryDeleteInput!) { categoryDelete(input: $in) { deletedCategoryId userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"id": c.ID}}
	}},
}

// TestManagementAuthorizationMatrix runs every management mutation as each
// kind of actor. Refusals must carry the right code and change nothing;
// allowed actors must succeed without userErrors.
func TestManagementAuthorizationMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		for _, mc := range mutationCases {
			t.Run(mc.name, func(t *testing.T) {
				for _, actor := range actors {
					query, vars := mc.prepare(t, w)
					before := w.snapshot(t)
					r := w.c.QueryAs(t, w.tokens[actor], query, vars)
					allowed := actor == "admin" || (actor == "owner" && !mc.admin)
					if allowed {
						var data map[string]struct{ UserErrors []userError }
						_ = json.Unmarshal(r.Data, &data)
						if len(r.Errors) > 0 || data[mc.payload].UserErrors == nil || len(data[mc.payload].UserErrors) > 0 {
							t.Fatalf("%s was refused: %s", actor, r.Raw)
						}
						if w.snapshot(t) == before {
							t.Fatalf("%s succeeded but nothing changed", actor)
						}
						continue
					}
					want := "FORBIDDEN"
					if actor == "anonymous" {
						want = "UNAUTHENTICATED"
					}
					if len(r.Errors) != 1 || r.Errors[0].Code() != want || !strings.Contains(string(r.Raw), `"`+mc.payload+`":null`) {
						t.Fatalf("%s: want %s, got %s", actor, want, r.Raw)
					}
					if after := w.snapshot(t); after != before {
						t.Fatalf("%s was refused but the catalog changed", actor)
					}
				}
			})
		}
	})
}

func mustID(s string) pulid.ID {
	id, err := pulid.Parse(s)
	if err != nil {
		panic(err)
	}
	return id
}
