package recommend_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productpair"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/recommend"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

var t0 = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// clock is a settable time for the worker.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func lists(t *testing.T, st *store.Store, sources []*ent.Product, intent recommend.Intent, first int) map[pulid.ID][]pulid.ID {
	t.Helper()
	m, err := recommend.ForProducts(context.Background(), st.Client, sources, intent, first)
	if err != nil {
		t.Fatal(err)
	}
	out := map[pulid.ID][]pulid.ID{}
	for k, v := range m {
		out[k] = ids(v)
	}
	return out
}

func want(t *testing.T, what string, got []pulid.ID, ps ...*ent.Product) {
	t.Helper()
	if !slices.Equal(got, ids(ps)) {
		t.Fatalf("%s: got %v, want %v", what, got, ids(ps))
	}
}

func score(t *testing.T, st *store.Store, kind productpair.Kind, a, b *ent.Product) float64 {
	t.Helper()
	p, err := st.Client.ProductPair.Query().Where(productpair.KindEQ(kind), productpair.ProductA(a.ID), productpair.ProductB(b.ID)).Only(context.Background())
	if ent.IsNotFound(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return p.Score
}

func near(a, b float64) bool { return a == b || (a-b)/(a+b) < 1e-9 && (b-a)/(a+b) < 1e-9 }

// TestBoughtTogetherIncrementalAndRecent: co-purchases are counted once
// each, a second run reads only the new orders, an unpaid order or one paid
// within the lag is not read yet, and a recent co-purchase outweighs an
// older one.
func TestBoughtTogetherIncrementalAndRecent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		a, b, c, d := s.product(item{}), s.product(item{}), s.product(item{}), s.product(item{})
		clk := &clock{now: t0}
		w := &recommend.Pairs{St: st, Now: clk.Now}
		old, recent := t0.Add(-60*24*time.Hour), t0.Add(-24*time.Hour)
		s.order(nil, &old, a, b)
		s.order(nil, &old, a, b)
		s.order(nil, &recent, a, c)
		s.order(nil, nil, a, d)                          // unpaid
		s.order(nil, ptr(t0.Add(-10*time.Second)), a, d) // paid within the lag
		if n, err := w.Step(ctx, 100); err != nil || n != 3 {
			t.Fatalf("first run: %d, %v; want 3 orders", n, err)
		}
		// Two old co-purchases (e^-2 each, 60 days at Tau 30) weigh less
		// than one of yesterday.
		want(t, "bought with a", lists(t, st, []*ent.Product{a}, recommend.BoughtTogether, 10)[a.ID], c, b)
		ab := score(t, st, productpair.KindBOUGHT, a, b)
		if ba := score(t, st, productpair.KindBOUGHT, b, a); ba != ab || ab == 0 {
			t.Fatalf("scores a→b %v, b→a %v: want equal and positive", ab, ba)
		}
		if n, err := w.Step(ctx, 100); err != nil || n != 0 {
			t.Fatalf("second run: %d, %v; want nothing new", n, err)
		}
		if got := score(t, st, productpair.KindBOUGHT, a, b); got != ab {
			t.Fatalf("a→b after a second run: %v, want %v unchanged", got, ab)
		}
		// A new order of a and b; the lagging one is read once the lag passed.
		clk.now = t0.Add(2 * time.Minute)
		s.order(nil, ptr(t0.Add(time.Minute-time.Second)), a, b)
		if n, err := w.Step(ctx, 100); err != nil || n != 2 {
			t.Fatalf("third run: %d, %v; want the 2 new orders", n, err)
		}
		if got := score(t, st, productpair.KindBOUGHT, a, b); got <= ab {
			t.Fatalf("a→b after a new order: %v, want more than %v", got, ab)
		}
		if got := score(t, st, productpair.KindBOUGHT, a, d); got == 0 {
			t.Fatalf("a→d: the order paid within the lag was never read")
		}
		// Forward decay: each occurrence adds its own weight, whatever its age.
		if n := st.Client.ProductPair.Query().Where(productpair.ProductA(a.ID)).CountX(ctx); n != 3 {
			t.Fatalf("a has %d pairs, want 3 (b, c, d)", n)
		}
	})
}

// TestCoViewsWithinAVisit: views of one visitor within the visit window
// pair up, once each, across batches; views hours apart or of different
// visitors do not.
func TestCoViewsWithinAVisit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		a, b, c, d, e := s.product(item{}), s.product(item{}), s.product(item{}), s.product(item{}), s.product(item{})
		clk := &clock{now: t0}
		w := &recommend.Pairs{St: st, Now: clk.Now, Visit: 30 * time.Minute}
		at := t0.Add(-3 * time.Hour)
		s.view("v1", nil, a, at)
		s.view("v1", nil, b, at.Add(5*time.Minute))
		s.view("v1", nil, a, at.Add(6*time.Minute)) // a again: one co-view still
		s.view("v1", nil, c, at.Add(2*time.Hour))   // another visit
		s.view("v2", nil, e, at.Add(time.Minute))   // another visitor
		if _, err := w.Step(ctx, 2); err != nil {   // two batches
			t.Fatal(err)
		}
		if err := w.RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		want(t, "related to a", lists(t, st, []*ent.Product{a}, recommend.Related, 10)[a.ID], b)
		ab := score(t, st, productpair.KindVIEWED, a, b)
		// a(0) with b(5): counted at b; a(6) with b: counted once more.
		if ab == 0 || score(t, st, productpair.KindVIEWED, a, c) != 0 || score(t, st, productpair.KindVIEWED, a, e) != 0 {
			t.Fatalf("co-views: a→b %v, a→c %v, a→e %v", ab, score(t, st, productpair.KindVIEWED, a, c), score(t, st, productpair.KindVIEWED, a, e))
		}
		// A view of d near a and b, received late and read in a later
		// run, pairs with both.
		clk.now = t0.Add(5 * time.Minute)
		s.viewReceived("v1", nil, d, at.Add(10*time.Minute), t0)
		if err := w.RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		if score(t, st, productpair.KindVIEWED, d, a) == 0 || score(t, st, productpair.KindVIEWED, b, d) == 0 {
			t.Fatal("a view read in a later run did not pair with the visit's earlier views")
		}
		if got := score(t, st, productpair.KindVIEWED, a, b); got != ab {
			t.Fatalf("a→b changed by a later run: %v, want %v", got, ab)
		}
	})
}

// TestOnlyWhatThePublicMayBuyNow: partners archived, out of stock or of a
// suspended seller are never recommended, nor the product itself.
func TestOnlyWhatThePublicMayBuyNow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		a, ok := s.product(item{}), s.product(item{})
		archived := s.product(item{status: "ARCHIVED"})
		draft := s.product(item{status: "DRAFT"})
		empty := s.product(item{stock: -1})
		other := st.Client.Seller.Create().SetName("Gone").SetSlug("gone").SetStatus(seller.StatusSUSPENDED).SaveX(ctx)
		suspended := s.product(item{})
		st.Client.Product.UpdateOne(suspended).SetSellerID(other.ID).ExecX(ctx)
		paid := t0.Add(-time.Hour)
		s.order(nil, &paid, a, ok, archived, draft, empty, suspended)
		w := &recommend.Pairs{St: st, Now: func() time.Time { return t0 }}
		if err := w.RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		for _, in := range []recommend.Intent{recommend.BoughtTogether, recommend.Complementary} {
			want(t, string(in), lists(t, st, []*ent.Product{a}, in, 10)[a.ID], ok)
		}
	})
}

// TestComplementaryLeavesTheCategory: complements are bought with the
// product outside its category; bought-together keeps both.
func TestComplementaryLeavesTheCategory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		pans, oils := s.category("pans"), s.category("oils")
		pan, pan2, oil := s.product(item{cat: &pans}), s.product(item{cat: &pans}), s.product(item{cat: &oils})
		p1, p2 := t0.Add(-time.Hour), t0.Add(-2*time.Hour)
		s.order(nil, &p1, pan, pan2)
		s.order(nil, &p1, pan, pan2)
		s.order(nil, &p2, pan, oil)
		w := &recommend.Pairs{St: st, Now: func() time.Time { return t0 }}
		if err := w.RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		want(t, "complements of a pan", lists(t, st, []*ent.Product{pan}, recommend.Complementary, 10)[pan.ID], oil)
		want(t, "bought with a pan", lists(t, st, []*ent.Product{pan}, recommend.BoughtTogether, 10)[pan.ID], pan2, oil)
		want(t, "bought with a pan, first 1", lists(t, st, []*ent.Product{pan}, recommend.BoughtTogether, 1)[pan.ID], pan2)
	})
}

// TestRelatedFallsBackToCategoryAndAttributes: a new product (no views)
// gets products of its category, those sharing the most attribute values
// first, then the best sellers; after its co-viewed ones when it has some.
func TestRelatedFallsBackToCategoryAndAttributes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		aprons, mugs := s.category("aprons"), s.category("mugs")
		fresh := s.product(item{cat: &aprons, attrs: map[string]string{"color": "red", "material": "linen"}})
		twin := s.product(item{cat: &aprons, attrs: map[string]string{"color": "red", "material": "linen"}})
		half := s.product(item{cat: &aprons, attrs: map[string]string{"color": "blue", "material": "linen"}})
		popular := s.product(item{cat: &aprons, unitsSold: 50})
		plain := s.product(item{cat: &aprons})
		s.product(item{cat: &aprons, stock: -1, attrs: map[string]string{"color": "red", "material": "linen"}})
		mug := s.product(item{cat: &mugs, attrs: map[string]string{"color": "red", "material": "linen"}})
		got := lists(t, st, []*ent.Product{fresh, mug}, recommend.Related, 10)
		want(t, "related to a new apron", got[fresh.ID], twin, half, popular, plain)
		want(t, "related to the only mug", got[mug.ID])
		// Co-viewed first, then the category.
		s.view("v", nil, fresh, t0.Add(-time.Hour))
		s.view("v", nil, mug, t0.Add(-time.Hour+time.Minute))
		if err := (&recommend.Pairs{St: st, Now: func() time.Time { return t0 }}).RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		want(t, "related to a viewed apron", lists(t, st, []*ent.Product{fresh}, recommend.Related, 3)[fresh.ID], mug, twin, half)
	})
}

// TestPageCostsWhatOneProductCosts: the lists of 20 products take as many
// statements as those of one.
func TestPageCostsWhatOneProductCosts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		cat := s.category("c")
		page := s.products(20, item{cat: &cat})
		paid := t0.Add(-time.Hour)
		for i := 0; i+1 < len(page); i += 2 {
			s.order(nil, &paid, page[i], page[i+1])
		}
		if err := (&recommend.Pairs{St: st, Now: func() time.Time { return t0 }}).RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		for _, in := range []recommend.Intent{recommend.Related, recommend.BoughtTogether, recommend.Complementary} {
			count := func(ps []*ent.Product) int64 {
				before := st.Counter.Load()
				m, err := recommend.ForProducts(ctx, st.Client, ps, in, 5)
				if err != nil {
					t.Fatal(err)
				}
				if len(m[ps[0].ID]) == 0 && in != recommend.Complementary {
					t.Fatalf("%s: nothing for %s", in, ps[0].ID)
				}
				return st.Counter.Load() - before
			}
			one, all := count(page[:1]), count(page)
			if one != all || all > 3 {
				t.Errorf("%s: one product %d statements, twenty %d; want the same, at most 3", in, one, all)
			}
		}
	})
}

// TestPersonalList: a customer's list comes from what they bought, wished
// for and viewed; never what they bought unless consumable; then best
// sellers. Only they (and admins) may read it.
func TestPersonalList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		apron := s.product(item{})
		coffee := s.product(item{consumable: true})
		mug := s.product(item{})
		filter := s.product(item{})
		scarf := s.product(item{})
		hidden := s.product(item{status: "ARCHIVED"})
		best := s.product(item{unitsSold: 99})
		me, other := s.customer(), s.customer()
		paid := t0.Add(-48 * time.Hour)
		s.order(me, &paid, apron, coffee)
		// Others' baskets make the pairs.
		for range 3 {
			s.order(nil, &paid, apron, mug, hidden)
			s.order(nil, &paid, coffee, filter)
		}
		// A co-view: scarf with the apron I viewed.
		s.view("v9", nil, apron, t0.Add(-2*time.Hour))
		s.view("v9", nil, scarf, t0.Add(-2*time.Hour+time.Minute))
		s.view("mine", me, apron, t0.Add(-time.Hour))
		if err := (&recommend.Pairs{St: st, Now: func() time.Time { return t0 }}).RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		svc := &recommend.Service{Client: st.Client, Now: func() time.Time { return t0 }}
		asMe := account.AsViewer(ctx, &account.Viewer{Customer: me})
		got, err := svc.ForCustomer(asMe, me.ID, ptr(10))
		if err != nil {
			t.Fatal(err)
		}
		g := ids(got)
		if slices.Contains(g, apron.ID) || slices.Contains(g, hidden.ID) {
			t.Fatalf("list %v holds the bought apron or the archived product", g)
		}
		for _, p := range []*ent.Product{mug, filter, coffee, scarf, best} {
			if !slices.Contains(g, p.ID) {
				t.Fatalf("list %v lacks %s", g, p.Name)
			}
		}
		// Partners come before best sellers.
		if slices.Index(g, best.ID) < slices.Index(g, mug.ID) {
			t.Fatalf("list %v: the best seller before a partner", g)
		}
		// No history: the best sellers, best first.
		fresh, err := svc.ForCustomer(account.AsViewer(ctx, &account.Viewer{Customer: other}), other.ID, ptr(1))
		if err != nil || len(fresh) != 1 || fresh[0].ID != best.ID {
			t.Fatalf("new customer: %v, %v; want the best seller", ids(fresh), err)
		}
		// Only the customer: a stranger is refused, a guest must sign in.
		if _, err := svc.ForCustomer(account.AsViewer(ctx, &account.Viewer{Customer: other}), me.ID, nil); codeOf(err) != apperr.Forbidden {
			t.Fatalf("stranger: %v, want FORBIDDEN", err)
		}
		if _, err := svc.ForCustomer(ctx, me.ID, nil); codeOf(err) != apperr.Unauthenticated {
			t.Fatalf("guest: %v, want UNAUTHENTICATED", err)
		}
		for _, bad := range []int{-1, 51} {
			if _, err := svc.ForCustomer(asMe, me.ID, &bad); codeOf(err) != apperr.BadUserInput {
				t.Fatalf("first %d: %v, want BAD_USER_INPUT", bad, err)
			}
		}
		// A guest, by the visitor id of its views: the apron's partners, the
		// apron too (viewed, not bought).
		guest, err := svc.ForVisitor(ctx, "v9", ptr(3))
		if err != nil {
			t.Fatal(err)
		}
		if gg := ids(guest); len(gg) != 3 || !slices.Contains(gg, mug.ID) || !slices.Contains(gg, apron.ID) {
			t.Fatalf("guest v9: %v, want 3 with the mug and the apron", gg)
		}
		if _, err := svc.ForVisitor(ctx, "", nil); codeOf(err) != apperr.BadUserInput {
			t.Fatalf("empty visitor: %v, want BAD_USER_INPUT", err)
		}
	})
}

func codeOf(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}
