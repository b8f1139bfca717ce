package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

func names(nodes []productNode) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Name
	}
	return out
}

// TestSearchBehavesAlikeOnBothStores runs the same expectations against
// PostgreSQL full-text + trigram search and SQLite FTS5.
func TestSearchBehavesAlikeOnBothStores(t *testing.T) {
	demo := apitest.Demo(t)
	mentioning := func(words ...string) int {
		n := 0
	next:
		for _, p := range demo {
			text := strings.ToLower(p.Name + " " + p.Description)
			for _, w := range words {
				if !strings.Contains(text, w) {
					continue next
				}
			}
			n++
		}
		return n
	}
	backpacks := mentioning("backpack")
	if backpacks == 0 {
		t.Fatal("no backpack in the demo catalog")
	}
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		search := func(q string, extra map[string]any) []productNode {
			v := map[string]any{"search": q}
			for k, x := range extra {
				v[k] = x
			}
			return all(t, c, v)
		}
		exact := search("backpack", nil)
		if len(exact) != backpacks {
			t.Fatalf("backpack: %d hits, want %d", len(exact), backpacks)
		}
		// The first hit's cursor (position 0, which the cursor's encoding
		// leaves out) pages on like any other.
		one := list(t, c, map[string]any{"search": "backpack", "first": 1})
		next := list(t, c, map[string]any{"search": "backpack", "first": 1, "after": *one.PageInfo.EndCursor})
		if len(next.Edges) != 1 || next.Edges[0].Node.Name != exact[1].Name {
			t.Fatalf("after the first hit: %+v, want %q", next.Edges, exact[1].Name)
		}
		if plural := search("Backpacks", nil); len(plural) != backpacks {
			t.Fatalf("stemming: Backpacks gives %d hits, want %d", len(plural), backpacks)
		}
		typo := search("backpak", nil)
		if len(typo) == 0 {
			t.Fatal("backpak finds nothing: no typo tolerance")
		}
		for _, n := range typo {
			if !strings.Contains(strings.ToLower(n.Name), "backpack") {
				t.Fatalf("backpak found %q", n.Name)
			}
		}
		phrase := search(`"coastal shelter"`, nil)
		if len(phrase) == 0 || len(phrase) != mentioning("coastal shelter") {
			t.Fatalf("phrase: %d hits, want %d", len(phrase), mentioning("coastal shelter"))
		}
		tents := search("shelter", nil)
		notCoastal := search("shelter -coastal", nil)
		if len(notCoastal) != len(tents)-len(phrase) {
			t.Fatalf("exclusion: %d hits, want %d", len(notCoastal), len(tents)-len(phrase))
		}
		for _, n := range notCoastal {
			if strings.Contains(strings.ToLower(n.Name), "coastal") {
				t.Fatalf("excluded word in %q", n.Name)
			}
		}
		either := search("backpack or shelter", nil)
		if len(either) != backpacks+len(tents) {
			t.Fatalf("or: %d hits, want %d", len(either), backpacks+len(tents))
		}
		if none := search("zzzzqqq", nil); len(none) != 0 {
			t.Fatalf("nonsense matched %v", names(none))
		}

		// Paging through relevance order gives the same list as one page.
		onePage := list(t, c, map[string]any{"search": "backpack", "first": 100})
		if onePage.TotalCount != backpacks {
			t.Fatalf("totalCount = %d", onePage.TotalCount)
		}
		for i, n := range exact {
			if onePage.Edges[i].Node.ID != n.ID {
				t.Fatalf("relevance paging differs at %d", i)
			}
		}
		// Search combines with filters and other orders.
		byPrice := search("backpack", map[string]any{"orderBy": map[string]any{"field": "PRICE", "direction": "ASC"}})
		if len(byPrice) != backpacks {
			t.Fatalf("search + price order: %d hits", len(byPrice))
		}
		for i := 1; i < len(byPrice); i++ {
			if minor(t, byPrice[i-1].PriceRange.Min.Amount) > minor(t, byPrice[i].PriceRange.Min.Amount) {
				t.Fatal("search + price order not sorted")
			}
		}
		if filtered := search("backpack", map[string]any{"where": map[string]any{"categorySlug": "home"}}); len(filtered) != 0 {
			t.Fatalf("backpacks in Home: %v", names(filtered))
		}

		// A name match outranks a description match.
		ctx := context.Background()
		first := st.Client.Product.Query().FirstX(ctx)
		mk := func(name, slug, desc string) {
			st.Client.Product.Create().SetName(name).SetSlug(slug).SetDescription(desc).
				SetStatus(product.StatusACTIVE).SetSellerID(first.SellerID).ExecX(ctx)
		}
		mk("Plain Crate", "plain-crate", "Mentions the zephyrine lantern in passing.")
		mk("Zephyrine Lantern", "zephyrine-lantern", "A lamp.")
		ranked := search("zephyrine", nil)
		if len(ranked) != 2 || ranked[0].Slug != "zephyrine-lantern" {
			t.Fatalf("ranking: %v", names(ranked))
		}
		desc := search("zephyrine", map[string]any{"orderBy": map[string]any{"field": "RELEVANCE", "direction": "DESC"}})
		if len(desc) != 2 || desc[0].Slug != "plain-crate" {
			t.Fatalf("RELEVANCE DESC: %v", names(desc))
		}

		for _, bad := range []string{strings.Repeat("x", 201), strings.Repeat("a ", 17)} {
			if e := c.Query(t, listQuery, map[string]any{"search": bad}).FirstError(t); e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("search %q: %+v", bad[:10], e)
			}
		}
	})
}
