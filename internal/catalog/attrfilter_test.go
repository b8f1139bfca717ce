package catalog_test

import (
	"context"
	"slices"
	"testing"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestAttributeKeysAreData filters and counts facets on attribute keys that
// mean something to SQL or to a JSON path: each matches exactly the product
// that has it, and a key written to escape the statement matches nothing.
// ent's sqljson.Path wrote keys into the SQL text, so "men's size" answered
// INTERNAL and the injection keys below listed products or read other
// tables.
func TestAttributeKeysAreData(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		c := st.Client
		s := c.Seller.Create().SetName("Alpha").SetSlug("alpha").SetStatus(seller.StatusACTIVE).SaveX(ctx)
		keys := []string{"men's size", `a"b`, "[0]", "x.y", `back\slash`, "$", "plain"}
		byKey := map[string]string{}
		for i, k := range keys {
			p := c.Product.Create().SetName("P " + k).SetSlug("p-" + string(rune('a'+i))).SetStatus(product.StatusACTIVE).
				SetSellerID(s.ID).SetAttributes(map[string]string{k: "M"}).SaveX(ctx)
			byKey[k] = string(p.ID)
		}
		// A draft: an always-true key must not list it.
		c.Product.Create().SetName("Draft").SetSlug("draft").SetStatus(product.StatusDRAFT).
			SetSellerID(s.ID).SetAttributes(map[string]string{"plain": "M"}).ExecX(ctx)
		svc := catalog.New(st, money.Currency("EUR"))
		list := func(t *testing.T, key string) []string {
			t.Helper()
			f := catalog.Filter{Attributes: []catalog.Attribute{{Key: key, Value: "M"}}}
			conn, err := svc.Products(ctx, catalog.ProductArgs{Filter: &f})
			if err != nil {
				t.Fatalf("key %q: %v", key, err)
			}
			var ids []string
			for _, e := range conn.Edges {
				ids = append(ids, string(e.Node.ID))
			}
			_, err = svc.Facets(ctx, conn)
			if err != nil {
				t.Fatalf("facets with key %q: %v", key, err)
			}
			return ids
		}
		for _, k := range keys {
			if got := list(t, k); !slices.Equal(got, []string{byKey[k]}) {
				t.Errorf("key %q lists %v, want only %s", k, got, byKey[k])
			}
		}
		for _, k := range []string{
			`zz' IS NULL OR TRUE OR '`,
			`a"') IS NULL OR TRUE OR ('`,
			`plain' OR '1'='1`,
		} {
			if got := list(t, k); len(got) != 0 {
				t.Errorf("key %q lists %v, want nothing", k, got)
			}
		}
	})
}
