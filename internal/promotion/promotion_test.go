package promotion_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	entpromotion "github.com/comptoir/comptoir/ent/promotion"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pricing"
	"github.com/comptoir/comptoir/internal/promotion"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	st                 *store.Store
	svc                *promotion.Service
	mine, other        *ent.Seller
	myProd, otherProd  *ent.Product
	admin, member, cus context.Context
	anon               context.Context
}

func setup(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, svc: &promotion.Service{Client: st.Client, Currency: "EUR", Now: func() time.Time { return now }}}
	f.mine = st.Client.Seller.Create().SetName("Mine").SetSlug("mine").SaveX(ctx)
	f.other = st.Client.Seller.Create().SetName("Other").SetSlug("other").SaveX(ctx)
	f.myProd = st.Client.Product.Create().SetName("A").SetSlug("a").SetSellerID(f.mine.ID).SaveX(ctx)
	f.otherProd = st.Client.Product.Create().SetName("B").SetSlug("b").SetSellerID(f.other.ID).SaveX(ctx)
	f.admin = account.AsViewer(ctx, &account.Viewer{Customer: &ent.Customer{ID: "cus_admin", Role: customer.RoleADMIN}})
	f.member = account.AsViewer(ctx, &account.Viewer{Customer: &ent.Customer{ID: "cus_member", Role: customer.RoleCUSTOMER,
		Edges: ent.CustomerEdges{Memberships: []*ent.SellerMember{{SellerID: f.mine.ID}}}}})
	f.cus = account.AsViewer(ctx, &account.Viewer{Customer: &ent.Customer{ID: "cus_plain", Role: customer.RoleCUSTOMER}})
	f.anon = ctx
	return f
}

func statements(st *store.Store, fn func()) int64 {
	n := st.Counter.Load()
	fn()
	return st.Counter.Load() - n
}

func pct(title, value string) promotion.Input {
	return promotion.Input{Title: title, Active: true, CombinesWithCodes: true, Kind: entpromotion.KindPERCENTAGE,
		Value: value, Segment: entpromotion.CustomerSegmentALL}
}

func codes(ues []apperr.UserError) []string {
	var out []string
	for _, u := range ues {
		out = append(out, u.Code+":"+fmt.Sprint(u.Field))
	}
	return out
}

func TestValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st)
		later := now.Add(time.Hour)
		cases := []struct {
			name  string
			in    func(*promotion.Input)
			field string
		}{
			{"empty title", func(in *promotion.Input) { in.Title = " " }, "[input promotion title]"},
			{"dates in the wrong order", func(in *promotion.Input) { in.StartsAt = &later; in.EndsAt = &now }, "[input promotion endsAt]"},
			{"percentage above 100", func(in *promotion.Input) { in.Value = "100.01" }, "[input promotion value]"},
			{"percentage 0", func(in *promotion.Input) { in.Value = "0" }, "[input promotion value]"},
			{"negative minimum", func(in *promotion.Input) { in.MinimumSubtotal = "-1" }, "[input promotion minimumSubtotal]"},
			{"fixed amount without value", func(in *promotion.Input) { in.Kind = entpromotion.KindFIXED_AMOUNT; in.Value = "" }, "[input promotion value]"},
			{"buy X get Y without quantities", func(in *promotion.Input) { in.Kind = entpromotion.KindBUY_X_GET_Y; in.Value = "" }, "[input promotion buyQuantity]"},
			{"buy X get Y without get", func(in *promotion.Input) {
				in.Kind, in.Value, in.BuyQuantity = entpromotion.KindBUY_X_GET_Y, "", 2
			}, "[input promotion getQuantity]"},
			{"tiered without tiers", func(in *promotion.Input) { in.Kind = entpromotion.KindTIERED_PERCENTAGE; in.Value = "" }, "[input promotion tiers]"},
			{"tiered with same thresholds", func(in *promotion.Input) {
				in.Kind, in.Value = entpromotion.KindTIERED_FIXED_AMOUNT, ""
				in.Tiers = []promotion.TierInput{{MinimumSubtotal: "10", Value: "1"}, {MinimumSubtotal: "10.00", Value: "2"}}
			}, "[input promotion tiers 1 minimumSubtotal]"},
			{"free shipping with a value", func(in *promotion.Input) { in.Kind = entpromotion.KindFREE_SHIPPING; in.Value = "5" }, "[input promotion value]"},
		}
		for _, c := range cases {
			in := pct("Sale", "10")
			c.in(&in)
			p, ues, err := f.svc.Create(f.admin, nil, in)
			if err != nil || p != nil || len(ues) == 0 || ues[0].Code != promotion.CodeInvalid || fmt.Sprint(ues[0].Field) != c.field {
				t.Errorf("%s: %v %v %v, want INVALID at %s", c.name, p, codes(ues), err, c.field)
			}
		}
		in := pct("Sale", "12.5")
		in.Kind, in.Value, in.BuyQuantity, in.GetQuantity, in.GetPercentage = entpromotion.KindBUY_X_GET_Y, "", 2, 1, "50"
		p, ues, err := f.svc.Create(f.admin, nil, in)
		if err != nil || len(ues) > 0 || p.GetPercentage != 5000 || p.BuyQuantity != 2 {
			t.Fatalf("valid buy X get Y: %v %v %v", p, codes(ues), err)
		}
		in = pct("Tiers", "")
		in.Kind = entpromotion.KindTIERED_FIXED_AMOUNT
		in.Tiers = []promotion.TierInput{{MinimumSubtotal: "100", Value: "15"}, {MinimumSubtotal: "50", Value: "5"}}
		p, ues, err = f.svc.Create(f.admin, nil, in)
		if err != nil || len(ues) > 0 || len(p.Tiers) != 2 || p.Tiers[0].Threshold != 5000 || p.Tiers[1].Value != 1500 {
			t.Fatalf("valid tiers, sorted: %+v %v %v", p, codes(ues), err)
		}
	})
}

func TestAuthorization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st)
		// The platform's: admins only.
		for name, ctx := range map[string]context.Context{"stranger": f.anon, "customer": f.cus, "seller member": f.member} {
			if _, _, err := f.svc.Create(ctx, nil, pct("X", "10")); !apperr.Refused(err) {
				t.Errorf("%s creating a platform promotion: %v, want refused", name, err)
			}
		}
		// A seller's: its members and admins.
		for name, ctx := range map[string]context.Context{"stranger": f.anon, "customer": f.cus} {
			if _, _, err := f.svc.Create(ctx, &f.mine.ID, pct("X", "10")); !apperr.Refused(err) {
				t.Errorf("%s creating a seller's promotion: %v, want refused", name, err)
			}
		}
		if _, _, err := f.svc.Create(f.member, &f.other.ID, pct("X", "10")); !apperr.Refused(err) {
			t.Errorf("a member creating for another seller: %v, want refused", err)
		}
		// Its own products only.
		in := pct("Mine", "10")
		in.ProductIDs = []pulid.ID{f.myProd.ID, f.otherProd.ID}
		_, ues, err := f.svc.Create(f.member, &f.mine.ID, in)
		if err != nil || len(ues) != 1 || ues[0].Code != promotion.CodeNotOwnProduct || fmt.Sprint(ues[0].Field) != "[input promotion productIds 1]" {
			t.Fatalf("another seller's product: %v %v", codes(ues), err)
		}
		in.ProductIDs, in.SellerIDs = nil, []pulid.ID{f.other.ID}
		if _, ues, _ = f.svc.Create(f.member, &f.mine.ID, in); len(ues) != 1 || ues[0].Code != promotion.CodeNotOwnProduct {
			t.Fatalf("another seller in the conditions: %v", codes(ues))
		}
		in.ProductIDs, in.SellerIDs = []pulid.ID{f.myProd.ID}, nil
		mine, ues, err := f.svc.Create(f.member, &f.mine.ID, in)
		if err != nil || len(ues) > 0 || mine.SellerID == nil || *mine.SellerID != f.mine.ID {
			t.Fatalf("own promotion: %v %v %v", mine, codes(ues), err)
		}
		platform, _, err := f.svc.Create(f.admin, nil, pct("All", "5"))
		if err != nil {
			t.Fatal(err)
		}
		// Update and delete: a stranger, a customer and a member of another
		// seller are refused; the member may change its seller's.
		otherMember := account.AsViewer(context.Background(), &account.Viewer{Customer: &ent.Customer{ID: "cus_o", Role: customer.RoleCUSTOMER,
			Edges: ent.CustomerEdges{Memberships: []*ent.SellerMember{{SellerID: f.other.ID}}}}})
		for name, ctx := range map[string]context.Context{"stranger": f.anon, "customer": f.cus, "other seller": otherMember} {
			if _, _, err := f.svc.Update(ctx, mine.ID, pct("Taken", "90")); !apperr.Refused(err) {
				t.Errorf("%s updating: %v, want refused", name, err)
			}
			if _, err := f.svc.Delete(ctx, mine.ID); !apperr.Refused(err) {
				t.Errorf("%s deleting: %v, want refused", name, err)
			}
			if _, err := f.svc.List(ctx, &f.mine.ID, nil, nil, nil, nil); !apperr.Refused(err) {
				t.Errorf("%s listing: %v, want refused", name, err)
			}
			if err := promotion.Readable(ctx, mine); !apperr.Refused(err) {
				t.Errorf("%s reading: %v, want refused", name, err)
			}
		}
		if _, _, err := f.svc.Update(f.member, platform.ID, pct("Mine now", "90")); !apperr.Refused(err) {
			t.Errorf("a member updating the platform's: %v, want refused", err)
		}
		if _, err := f.svc.List(f.member, nil, nil, nil, nil, nil); !apperr.Refused(err) {
			t.Errorf("a member listing every promotion: %v, want refused", err)
		}
		up, ues, err := f.svc.Update(f.member, mine.ID, pct("Renamed", "20"))
		if err != nil || len(ues) > 0 || up.Title != "Renamed" || up.Value != 2000 {
			t.Fatalf("member update: %v %v %v", up, codes(ues), err)
		}
		conn, err := f.svc.List(f.member, &f.mine.ID, nil, nil, nil, nil)
		if err != nil || conn.TotalCount != 1 {
			t.Fatalf("member list: %v %v", conn, err)
		}
		if conn, err = f.svc.List(f.admin, nil, nil, nil, nil, nil); err != nil || conn.TotalCount != 2 {
			t.Fatalf("admin list: %v %v", conn, err)
		}
		if ues, err := f.svc.Delete(f.member, mine.ID); err != nil || len(ues) > 0 {
			t.Fatalf("member delete: %v %v", codes(ues), err)
		}
		if ues, err := f.svc.Delete(f.member, mine.ID); err != nil || len(ues) != 1 || ues[0].Code != promotion.CodeNotFound {
			t.Fatalf("delete twice: %v %v", codes(ues), err)
		}
	})
}

// The live promotions are read once, kept, and reloaded after a write.
func TestLiveIsCachedAndReloadedAfterWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st)
		f.svc.Client = st.Client
		f.svc.TTL = time.Hour
		ctx := context.Background()
		count := func(fn func()) int64 { return statements(st, fn) }
		var live []*pricing.Promotion
		var err error
		if n := count(func() { live, err = f.svc.Live(ctx) }); err != nil || n != 1 || len(live) != 0 {
			t.Fatalf("first read: %d statements, %v, %v", n, live, err)
		}
		if n := count(func() { live, err = f.svc.Live(ctx) }); n != 0 {
			t.Fatalf("second read: %d statements", n)
		}
		p, _, err := f.svc.Create(f.admin, nil, pct("Sale", "10"))
		if err != nil {
			t.Fatal(err)
		}
		ended := now.Add(-time.Hour)
		old := pct("Old", "10")
		old.StartsAt, old.EndsAt = &[]time.Time{ended.Add(-time.Hour)}[0], &ended
		if _, _, err := f.svc.Create(f.admin, nil, old); err != nil {
			t.Fatal(err)
		}
		off := pct("Off", "10")
		off.Active = false
		if _, _, err := f.svc.Create(f.admin, nil, off); err != nil {
			t.Fatal(err)
		}
		// Writes reload them: the next read (checkout's, inside its
		// transaction) runs no statement.
		if n := count(func() { live, err = f.svc.Live(ctx) }); err != nil || n != 0 || len(live) != 1 || live[0].ID != p.ID || live[0].Value != 1000 {
			t.Fatalf("after writes: %d statements, %+v %v (the ended and the inactive are left out)", n, live, err)
		}
		if _, err := f.svc.Delete(f.admin, p.ID); err != nil {
			t.Fatal(err)
		}
		if live, _ = f.svc.Live(ctx); len(live) != 0 {
			t.Fatalf("after delete: %v", live)
		}
	})
}

// Listing badges: a page of products costs no statement without category
// conditions, and one with them, whatever the page size.
func TestForProducts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st)
		ctx := context.Background()
		rootID, childID := pulid.New("cat"), pulid.New("cat")
		root := st.Client.Category.Create().SetID(rootID).SetName("Root").SetSlug("root").SetPath("/" + string(rootID) + "/").SaveX(ctx)
		child := st.Client.Category.Create().SetID(childID).SetName("Child").SetSlug("child").SetParentID(root.ID).SetDepth(1).
			SetPath(root.Path + string(childID) + "/").SaveX(ctx)
		inChild := st.Client.Product.Create().SetName("C").SetSlug("c").SetSellerID(f.other.ID).SetCategoryID(child.ID).SaveX(ctx)
		mineOnly := pct("Mine", "10")
		if _, _, err := f.svc.Create(f.member, &f.mine.ID, mineOnly); err != nil {
			t.Fatal(err)
		}
		products := []*ent.Product{f.myProd, f.otherProd, inChild}
		f.svc.Live(ctx)
		var got map[pulid.ID][]*pricing.Promotion
		var err error
		if n := statements(st, func() { got, err = f.svc.ForProducts(ctx, products) }); err != nil || n != 0 {
			t.Fatalf("%d statements, %v", n, err)
		}
		if len(got[f.myProd.ID]) != 1 || len(got[f.otherProd.ID]) != 0 || len(got[inChild.ID]) != 0 {
			t.Fatalf("seller's promotion badges: %v", got)
		}
		cat := pct("Root sale", "10")
		cat.CategoryIDs = []pulid.ID{root.ID}
		if _, _, err := f.svc.Create(f.admin, nil, cat); err != nil {
			t.Fatal(err)
		}
		f.svc.Live(ctx)
		if n := statements(st, func() { got, err = f.svc.ForProducts(ctx, products) }); err != nil || n != 1 {
			t.Fatalf("with a category condition: %d statements, %v", n, err)
		}
		if len(got[inChild.ID]) != 1 || got[inChild.ID][0].Title != "Root sale" || len(got[f.otherProd.ID]) != 0 {
			t.Fatalf("a descendant category's product: %v", got)
		}
	})
}
