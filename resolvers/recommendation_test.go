package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productpair"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// recWorld makes n products of the owned seller in one category, in stock,
// each bought with the next one (a BOUGHT pair each way).
func recWorld(t *testing.T, w *world, n int) []*ent.Product {
	ctx := context.Background()
	var ps []*ent.Product
	for range n {
		v := w.stocked(t, 5)
		pid := w.productOf(v)
		ps = append(ps, w.st.Client.Product.UpdateOneID(pid).SetCategoryID(w.category.ID).SaveX(ctx))
	}
	for i := 0; i+1 < len(ps); i++ {
		a, b := ps[i], ps[i+1]
		w.st.Client.ProductPair.Create().SetKind(productpair.KindBOUGHT).SetProductA(a.ID).SetProductB(b.ID).SetScore(1).ExecX(ctx)
		w.st.Client.ProductPair.Create().SetKind(productpair.KindBOUGHT).SetProductA(b.ID).SetProductB(a.ID).SetScore(1).ExecX(ctx)
	}
	return ps
}

const recPageQuery = `query($n: Int!) { products(first: $n) { edges { node { id
  related: recommendations(first: 3) { id name }
  bought: recommendations(intent: BOUGHT_TOGETHER, first: 2) { id }
} } } }`

type recPage struct {
	Products struct {
		Edges []struct {
			Node struct {
				ID      string
				Related []struct{ ID, Name string }
				Bought  []struct{ ID string }
			}
		}
	}
}

// TestRecommendationsPageStatements: a page of 20 products with two lists
// each costs the statements of a page of one (primed, not per product).
func TestRecommendationsPageStatements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		recWorld(t, w, 20)
		var counts []int64
		for _, n := range []int{1, 20} {
			var page recPage
			stmts, log := statementLog(w, func() {
				w.c.Query(t, recPageQuery, map[string]any{"n": n}).Decode(t, &page)
			})
			if len(page.Products.Edges) != n {
				t.Fatalf("page of %d: %d products", n, len(page.Products.Edges))
			}
			for _, e := range page.Products.Edges {
				if len(e.Node.Related) != 3 || len(e.Node.Bought) == 0 {
					t.Fatalf("page of %d: product %s: related %v, bought %v", n, e.Node.ID, e.Node.Related, e.Node.Bought)
				}
				for _, r := range e.Node.Related {
					if r.ID == e.Node.ID {
						t.Fatalf("product %s recommends itself", r.ID)
					}
				}
			}
			counts = append(counts, stmts)
			t.Logf("page of %d: %d statements:%s", n, stmts, log)
		}
		if counts[0] != counts[1] {
			t.Fatalf("a page of 1 costs %d statements, of 20 %d: want the same", counts[0], counts[1])
		}
	})
}

// TestRecommendationsArguments: first out of 0..50 is BAD_USER_INPUT, on
// every list.
func TestRecommendationsArguments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ps := recWorld(t, w, 2)
		for _, first := range []int{-1, 51} {
			r := w.c.Query(t, `query($id: ID!, $n: Int) { product(id: $id) { recommendations(first: $n) { id } } }`,
				map[string]any{"id": ps[0].ID, "n": first})
			if c := r.FirstError(t).Code(); c != "BAD_USER_INPUT" {
				t.Fatalf("recommendations(first: %d): %s", first, r.Raw)
			}
			r = w.c.Query(t, `query($n: Int) { recommendedProducts(visitorId: "v1", first: $n) { id } }`, map[string]any{"n": first})
			if c := r.FirstError(t).Code(); c != "BAD_USER_INPUT" {
				t.Fatalf("recommendedProducts(first: %d): %s", first, r.Raw)
			}
			r = w.c.QueryAs(t, w.tokens["customer"], `query($n: Int) { me { recommendedProducts(first: $n) { id } } }`, map[string]any{"n": first})
			if c := r.FirstError(t).Code(); c != "BAD_USER_INPUT" {
				t.Fatalf("me.recommendedProducts(first: %d): %s", first, r.Raw)
			}
		}
	})
}

// TestRecommendedProductsAreTheCustomers: a customer reads their list (best
// sellers with no history), a guest reads a visitor's; a stranger reaching
// the customer through node(id:) is refused.
func TestRecommendedProductsAreTheCustomers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		recWorld(t, w, 3)
		var me struct {
			Me struct{ RecommendedProducts []struct{ ID string } }
		}
		w.c.QueryAs(t, w.tokens["customer"], `{ me { recommendedProducts(first: 2) { id } } }`, nil).Decode(t, &me)
		if len(me.Me.RecommendedProducts) != 2 {
			t.Fatalf("customer: %+v, want 2 best sellers", me)
		}
		var guest struct{ RecommendedProducts []struct{ ID string } }
		w.c.Query(t, `{ recommendedProducts(visitorId: "v-unknown", first: 3) { id } }`, nil).Decode(t, &guest)
		if len(guest.RecommendedProducts) != 3 {
			t.Fatalf("guest: %+v, want 3 best sellers", guest)
		}
		id := w.customerID("customer")
		for _, actor := range []string{"anonymous", "stranger", "owner"} {
			r := w.c.QueryAs(t, w.tokens[actor], `query($id: ID!) { node(id: $id) { ... on Customer { recommendedProducts { id } } } }`,
				map[string]any{"id": id})
			var got struct {
				Node *struct{ RecommendedProducts []struct{ ID string } }
			}
			if len(r.Errors) == 0 {
				r.Decode(t, &got)
			}
			if got.Node != nil && got.Node.RecommendedProducts != nil {
				t.Fatalf("%s read the customer's recommendations: %s", actor, r.Raw)
			}
		}
	})
}

// TestEveryDemoProductHasRelated: on the demo catalog (no orders, no
// views yet) every product page has a RELATED recommendation, from its
// category; the storefront's product page relies on it.
func TestEveryDemoProductHasRelated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		after, seen := any(nil), 0
		for {
			var page struct {
				Products struct {
					Edges []struct {
						Node struct {
							ID              string
							Recommendations []struct{ ID string }
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			c.Query(t, `query($after: Cursor) { products(first: 100, after: $after) { edges { node { id recommendations(first: 1) { id } } }
				pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after}).Decode(t, &page)
			for _, e := range page.Products.Edges {
				seen++
				if len(e.Node.Recommendations) == 0 {
					t.Fatalf("demo product %s has no RELATED recommendation", e.Node.ID)
				}
			}
			if !page.Products.PageInfo.HasNextPage {
				break
			}
			after = page.Products.PageInfo.EndCursor
		}
		if seen < 100 {
			t.Fatalf("only %d demo products listed", seen)
		}
	})
}

// TestProductConsumable: the seller marks a product consumable and reads it
// back; a member of another seller is refused and changes nothing.
func TestProductConsumable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		p, _ := w.product(t)
		const m = `mutation($in: ProductUpdateInput!) { productUpdate(input: $in) { product { id consumable } userErrors { code } } }`
		in := map[string]any{"in": map[string]any{"id": p.ID, "consumable": true}}
		r := w.c.QueryAs(t, w.tokens["stranger"], m, in)
		if len(r.Errors) == 0 {
			var got struct {
				ProductUpdate struct{ Product *struct{ Consumable bool } }
			}
			r.Decode(t, &got)
			if got.ProductUpdate.Product != nil {
				t.Fatalf("stranger changed the product: %s", r.Raw)
			}
		}
		if w.st.Client.Product.GetX(context.Background(), p.ID).Consumable {
			t.Fatal("stranger made the product consumable")
		}
		var got struct {
			ProductUpdate struct {
				Product struct {
					ID         string
					Consumable bool
				}
			}
		}
		w.c.QueryAs(t, w.tokens["owner"], m, in).Decode(t, &got)
		if !got.ProductUpdate.Product.Consumable || !w.st.Client.Product.GetX(context.Background(), p.ID).Consumable {
			t.Fatalf("owner: %+v, want consumable", got)
		}
	})
}

// TestRecommendationsCachedAndPurged: a product page with its
// recommendations is a PUBLIC answer served from the response cache, and
// archiving a recommended product purges it (the entities in the list tag
// the answer).
func TestRecommendationsCachedAndPurged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ps := recWorld(t, w, 2)
		const q = `query($id: ID!) { product(id: $id) { id recommendations(intent: BOUGHT_TOGETHER) { id } } }`
		vars := map[string]any{"id": ps[0].ID}
		drained(t, st)
		resp, body := getGraphQL(t, w.c, q, vars, nil)
		if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") || !strings.Contains(body, string(ps[1].ID)) {
			t.Fatalf("first GET: Cache-Control %q: %s", cc, body)
		}
		var again string
		if n := w.c.Statements(func() { _, again = getGraphQL(t, w.c, q, vars, nil) }); n != 0 || again != body {
			t.Fatalf("second GET: %d statements, same body %v", n, again == body)
		}
		r := w.c.QueryAs(t, w.tokens["owner"], `mutation($in: ProductUpdateInput!) { productUpdate(input: $in) { userErrors { code } } }`,
			map[string]any{"in": map[string]any{"id": ps[1].ID, "status": "ARCHIVED"}})
		if len(r.Errors) > 0 || strings.Contains(string(r.Raw), `"code"`) {
			t.Fatalf("archive: %s", r.Raw)
		}
		drained(t, st)
		if _, body = getGraphQL(t, w.c, q, vars, nil); strings.Contains(body, string(ps[1].ID)) {
			t.Fatalf("the archived product is still recommended from the cache: %s", body)
		}
	})
}
