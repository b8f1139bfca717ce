package policy_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestProductViewPredicateAndCheckAgree holds the two forms of the rule
// (the query predicate and the in-memory check) to the same answer for
// every product status, seller status and kind of viewer, on a real
// database.
func TestProductViewPredicateAndCheckAgree(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		var mine *ent.Seller
		n := 0
		for _, ss := range []seller.Status{seller.StatusPENDING, seller.StatusACTIVE, seller.StatusSUSPENDED, seller.StatusREJECTED} {
			s := st.Client.Seller.Create().SetName(string(ss)).SetSlug("s-" + string(ss)).SetStatus(ss).SaveX(ctx)
			if s.Status == seller.StatusSUSPENDED {
				mine = s
			}
			for _, ps := range []product.Status{product.StatusDRAFT, product.StatusACTIVE, product.StatusARCHIVED} {
				n++
				p := st.Client.Product.Create().SetName(fmt.Sprint(n)).SetSlug(fmt.Sprintf("p-%d", n)).SetSellerID(s.ID).SetStatus(ps).SaveX(ctx)
				st.Client.ProductVariant.Create().SetProductID(p.ID).SetSku(fmt.Sprintf("SKU-%d", n)).SetPrice(100).SetCurrency("EUR").ExecX(ctx)
			}
		}
		views := map[string]policy.ProductView{
			"public":     policy.Shopper(),
			"nil viewer": policy.ViewOf(nil),
			"customer":   policy.ViewOf(&account.Viewer{Customer: &ent.Customer{Role: customer.RoleCUSTOMER}}),
			"member": policy.ViewOf(&account.Viewer{Customer: &ent.Customer{Role: customer.RoleCUSTOMER,
				Edges: ent.CustomerEdges{Memberships: []*ent.SellerMember{{SellerID: mine.ID}}}}}),
			"admin": policy.ViewOf(&account.Viewer{Customer: &ent.Customer{Role: customer.RoleADMIN}}),
		}
		want := map[string]int{"public": 1, "nil viewer": 1, "customer": 1, "member": 4, "admin": n}
		rows := st.Client.Product.Query().WithSeller().AllX(ctx)
		for name, v := range views {
			ids := st.Client.Product.Query().Where(v.Products()).IDsX(ctx)
			queried := map[pulid.ID]bool{}
			for _, id := range ids {
				queried[id] = true
			}
			for _, p := range rows {
				if got := v.Sees(p.Status, p.SellerID, p.Edges.Seller.Status); got != queried[p.ID] {
					t.Errorf("%s: product %s of a %s seller: Sees %v, Products %v", name, p.Status, p.Edges.Seller.Status, got, queried[p.ID])
				}
			}
			if len(ids) != want[name] {
				t.Errorf("%s sees %d products, want %d", name, len(ids), want[name])
			}
			variants := st.Client.ProductVariant.Query().Where(v.Variants()).CountX(ctx)
			if variants != len(ids) {
				t.Errorf("%s: %d variants of %d products", name, variants, len(ids))
			}
		}
	})
}
