package analytics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsdaily"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/customer"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderdiscountallocation"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/sales"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

// fixture is a shop of two sellers, three products and four people.
type fixture struct {
	st       *store.Store
	svc      *analytics.Service
	clock    time.Time
	limits   *ratelimit.Memory
	sellerA  *ent.Seller
	sellerB  *ent.Seller
	products []*ent.Product // two of A, one of B
	variants []*ent.ProductVariant
	people   map[string]*ent.Customer // admin, ownerA, shopper
	n        int
}

var day0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func newFixture(t *testing.T, st *store.Store, cfg analytics.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, clock: day0, limits: ratelimit.NewMemory(), people: map[string]*ent.Customer{}}
	f.limits.Now = func() time.Time { return f.clock }
	f.svc = analytics.New(st, f.limits, cfg)
	f.svc.Now = func() time.Time { return f.clock }
	f.sellerA = st.Client.Seller.Create().SetName("A").SetSlug("a").SaveX(ctx)
	f.sellerB = st.Client.Seller.Create().SetName("B").SetSlug("b").SaveX(ctx)
	for i, s := range []*ent.Seller{f.sellerA, f.sellerA, f.sellerB} {
		p := st.Client.Product.Create().SetName(fmt.Sprintf("P%d", i)).SetSlug(fmt.Sprintf("p%d", i)).SetSellerID(s.ID).
			SetStatus(product.StatusACTIVE).SaveX(ctx)
		v := st.Client.ProductVariant.Create().SetProductID(p.ID).SetSku(fmt.Sprintf("SKU%d", i)).SetTitle("Default").SetPrice(1000).SetCurrency("EUR").SaveX(ctx)
		f.products, f.variants = append(f.products, p), append(f.variants, v)
	}
	for _, who := range []string{"admin", "ownerA", "ownerB", "shopper"} {
		c := st.Client.Customer.Create().SetEmail(who + "@example.com").SetEmailKey(who + "@example.com").SetPasswordHash("x").SaveX(ctx)
		switch who {
		case "admin":
			c = c.Update().SetRole(customer.RoleADMIN).SaveX(ctx)
		case "ownerA":
			st.Client.SellerMember.Create().SetCustomerID(c.ID).SetSellerID(f.sellerA.ID).SetRole(sellermember.RoleOWNER).ExecX(ctx)
		case "ownerB":
			st.Client.SellerMember.Create().SetCustomerID(c.ID).SetSellerID(f.sellerB.ID).SetRole(sellermember.RoleOWNER).ExecX(ctx)
		}
		f.people[who] = c
	}
	return f
}

// as is a context acting as who ("" for anonymous), from address ip.
func (f *fixture) as(who string) context.Context {
	ctx := account.WithClientInfo(context.Background(), account.ClientInfo{IP: "192.0.2.1"})
	if who == "" {
		return ctx
	}
	c := f.st.Client.Customer.Query().Where(customer.ID(f.people[who].ID)).WithMemberships().OnlyX(context.Background())
	return account.WithViewer(ctx, &account.Viewer{Customer: c})
}

func (f *fixture) uuid(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// events makes n events of the visitors, seeded, dated within the last day.
func (f *fixture) events(n int, seed uint64) []analytics.EventInput {
	r := rand.New(rand.NewPCG(seed, 7))
	types := []analyticsevent.Type{analyticsevent.TypePRODUCT_VIEWED, analyticsevent.TypePRODUCT_VIEWED, analyticsevent.TypeSEARCH_PERFORMED,
		analyticsevent.TypePRODUCT_CLICKED, analyticsevent.TypeCART_LINE_ADDED, analyticsevent.TypeCHECKOUT_STARTED}
	out := make([]analytics.EventInput, n)
	for i := range out {
		f.n++
		e := analytics.EventInput{EventID: f.uuid(f.n), Type: types[r.IntN(len(types))],
			OccurredAt: f.clock.Add(-time.Duration(r.IntN(23*60)) * time.Minute)}
		switch e.Type {
		case analyticsevent.TypeSEARCH_PERFORMED:
			terms := []string{"Red Shoes", "red  shoes", "blue hat", "nothing here"}[r.IntN(4)]
			count := r.IntN(3)
			if strings.HasPrefix(terms, "nothing") {
				count = 0
			}
			e.SearchTerms, e.ResultCount = &terms, &count
		case analyticsevent.TypeCHECKOUT_STARTED:
		default:
			k := r.IntN(len(f.products))
			e.ProductID = &f.products[k].ID
			if r.IntN(2) == 0 {
				e.VariantID = &f.variants[k].ID
			}
		}
		out[i] = e
	}
	return out
}

// record sends events in batches of 50 for visitor vN, N picked from the
// seed, as anonymous.
func (f *fixture) record(t *testing.T, evs []analytics.EventInput, visitors int) {
	t.Helper()
	for i := 0; i < len(evs); i += 10 {
		batch := evs[i:min(i+10, len(evs))]
		r, ues, err := f.svc.Record(f.as(""), fmt.Sprintf("visitor-%d", (i/10)%visitors), batch)
		if err != nil || len(ues) > 0 || r.Recorded != len(batch) {
			t.Fatalf("record: %v %v %+v", err, ues, r)
		}
	}
}

func (f *fixture) rollupAll(t *testing.T) {
	t.Helper()
	for {
		n, err := f.svc.Rollup(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// alloc is a discount an order recorded at checkout: off its line, or off
// its shipping.
type alloc struct {
	promo    bool // a promotion; a discount code otherwise
	id       pulid.ID
	title    string
	amount   int64
	shipping bool
}

// paid writes a paid order of one line (qty × 1000 minor units) with its
// discount allocations.
func (f *fixture) paid(t *testing.T, p int, qty int, at time.Time, allocs ...alloc) *ent.Order {
	return f.order(t, p, qty, &at, nil, allocs...)
}

// order writes an order of one line, paid at paidAt unless nil, of the
// customer unless nil.
func (f *fixture) order(t *testing.T, p int, qty int, paidAt *time.Time, customerID *pulid.ID, allocs ...alloc) *ent.Order {
	t.Helper()
	ctx := context.Background()
	f.n++
	total := int64(qty) * 1000
	status := entorder.StatusPENDING_PAYMENT
	if paidAt != nil {
		status = entorder.StatusPAID
	}
	o := f.st.Client.Order.Create().SetNumber(int64(900000 + f.n)).SetEmail("b@example.com").SetCartID(pulid.ID(fmt.Sprintf("crt_a%d", f.n))).
		SetIdempotencyKey(fmt.Sprintf("an-%d", f.n)).SetStatus(status).SetCurrency("EUR").SetSubtotal(total).SetTotal(total).
		SetNillablePaidAt(paidAt).SetNillableCustomerID(customerID).SaveX(ctx)
	l := f.st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(f.variants[p].ID).SetProductID(f.products[p].ID).SetSellerID(f.products[p].SellerID).
		SetProductName(f.products[p].Name).SetSku(f.variants[p].Sku).SetQuantity(qty).SetUnitPrice(1000).SetSubtotal(total).SetTotal(total).SaveX(ctx)
	for i, a := range allocs {
		c := f.st.Client.OrderDiscountAllocation.Create().SetOrderID(o.ID).SetSellerID(f.products[p].SellerID).SetTitle(a.title).
			SetAmount(a.amount).SetCurrency("EUR").SetPosition(i)
		if a.shipping {
			c.SetTarget(orderdiscountallocation.TargetSHIPPING)
		} else {
			c.SetTarget(orderdiscountallocation.TargetLINE).SetOrderLineID(l.ID)
		}
		if a.promo {
			c.SetSource(orderdiscountallocation.SourcePROMOTION).SetPromotionID(a.id)
		} else {
			c.SetSource(orderdiscountallocation.SourceDISCOUNT_CODE).SetDiscountCodeID(a.id)
		}
		c.ExecX(ctx)
	}
	return o
}

// placed records the server's ORDER_PLACED of o for visitor (then its
// ORDER_PAID when o is paid), as checkout and payment do.
func (f *fixture) placed(t *testing.T, o *ent.Order, visitor string) {
	t.Helper()
	ctx := context.Background()
	sellers := f.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).Select(orderline.FieldSellerID).StringsX(ctx)
	ids := make([]pulid.ID, len(sellers))
	for i, s := range sellers {
		ids[i] = pulid.ID(s)
	}
	at := f.clock.Add(-time.Hour)
	if o.PaidAt != nil {
		at = o.PaidAt.Add(-time.Minute)
	}
	err := f.st.WithTx(ctx, func(tx *ent.Tx) error {
		if err := analytics.OrderPlaced(f.as(""), tx.Client(), o, ids, visitor, at); err != nil {
			return err
		}
		if o.PaidAt == nil {
			return nil
		}
		return analytics.OrderPaid(ctx, tx.Client(), o.ID, *o.PaidAt)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// recount is the report recomputed straight from the raw events and the
// orders, for one seller or (nil) the shop, over whole UTC days.
func (f *fixture) recount(t *testing.T, sellerID *pulid.ID, from, to time.Time) analytics.Period {
	ctx := context.Background()
	var p analytics.Period
	sessions, carted := map[string]bool{}, map[string]bool{}
	for _, e := range f.st.Client.AnalyticsEvent.Query().AllX(ctx) {
		if e.OccurredAt.Before(from) || !e.OccurredAt.Before(to) {
			continue
		}
		mine := sellerID == nil || (e.SellerID != nil && *e.SellerID == *sellerID)
		if !mine {
			continue
		}
		key := e.OccurredAt.UTC().Format(time.DateOnly) + e.Visitor
		sessions[key] = true
		// An order's events are one for the shop and one per seller.
		orderOfScope := (sellerID == nil) == (e.SellerID == nil)
		switch e.Type {
		case analyticsevent.TypeORDER_PLACED:
			if orderOfScope {
				p.OrdersPlaced++
			}
		case analyticsevent.TypeORDER_PAID:
			if orderOfScope {
				p.OrdersPaid++
			}
		case analyticsevent.TypePRODUCT_VIEWED:
			p.ProductViews++
		case analyticsevent.TypeCART_LINE_ADDED:
			p.AddToCarts++
			carted[key] = true
		case analyticsevent.TypeCHECKOUT_STARTED:
			p.CheckoutsStarted++
		}
	}
	p.Sessions, p.CartSessions = len(sessions), len(carted)
	orders := map[pulid.ID]bool{}
	for _, l := range f.st.Client.OrderLine.Query().WithOrder().AllX(ctx) {
		o := l.Edges.Order
		if o.PaidAt == nil || o.PaidAt.Before(from) || !o.PaidAt.Before(to) || (sellerID != nil && l.SellerID != *sellerID) {
			continue
		}
		orders[o.ID] = true
		p.Revenue += l.Total
	}
	p.Orders = len(orders)
	return p
}

func same(a, b analytics.Period) bool {
	return a.Sessions == b.Sessions && a.CartSessions == b.CartSessions && a.ProductViews == b.ProductViews &&
		a.AddToCarts == b.AddToCarts && a.CheckoutsStarted == b.CheckoutsStarted && a.Orders == b.Orders && a.Revenue == b.Revenue &&
		a.OrdersPlaced == b.OrdersPlaced && a.OrdersPaid == b.OrdersPaid
}

// promotionRecount is revenue per promotion recomputed from the
// allocations and lines of the orders paid in [from, to).
func (f *fixture) promotionRecount(t *testing.T, sellerID *pulid.ID, from, to time.Time) []string {
	ctx := context.Background()
	type acc struct {
		orders          map[pulid.ID]bool
		gross, discount int64
		title           string
	}
	m := map[string]*acc{}
	for _, a := range f.st.Client.OrderDiscountAllocation.Query().WithOrder().AllX(ctx) {
		o := a.Edges.Order
		if o.PaidAt == nil || o.PaidAt.Before(from) || !o.PaidAt.Before(to) || (sellerID != nil && a.SellerID != *sellerID) {
			continue
		}
		id := a.PromotionID
		if id == nil {
			id = a.DiscountCodeID
		}
		k := string(a.Source) + "/" + string(*id)
		if m[k] == nil {
			m[k] = &acc{orders: map[pulid.ID]bool{}, title: a.Title}
		}
		m[k].orders[o.ID] = true
		m[k].discount += a.Amount
		if a.OrderLineID != nil {
			m[k].gross += f.st.Client.OrderLine.GetX(ctx, *a.OrderLineID).Total
		}
	}
	var out []string
	for k, a := range m {
		out = append(out, fmt.Sprintf("%s %s %d/%d/%d", k, a.title, len(a.orders), a.gross, a.discount))
	}
	sort.Strings(out)
	return out
}

func promotionShares(ps []analytics.PromotionShare) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s/%s %s %d/%d/%d", p.Source, p.ID, p.Title, p.Orders, p.Gross, p.Discount))
	}
	sort.Strings(out)
	return out
}

func TestReportEqualsRecount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{VisitorCalls: 1000, SourceCalls: 1000})
		f.record(t, f.events(300, 1), 7)
		spring := alloc{promo: true, id: "prm_spring", title: "Spring sale", amount: 100}
		vip := alloc{id: "dsc_vip", title: "VIP", amount: 50}
		f.placed(t, f.paid(t, 0, 2, day0.Add(-2*time.Hour), spring), "visitor-1")
		f.placed(t, f.paid(t, 2, 1, day0.Add(-20*time.Hour), alloc{promo: true, id: "prm_ship", title: "Free shipping", amount: 490, shipping: true}), "visitor-2")
		f.placed(t, f.paid(t, 1, 3, day0.Add(-30*time.Hour), spring, vip), "a visitor of its own")
		f.placed(t, f.order(t, 2, 1, nil, &f.people["ownerA"].ID), "")
		f.paid(t, 2, 2, day0.Add(-3*time.Hour), vip) // placed before the server recorded orders
		f.rollupAll(t)

		from, to := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
		for _, scope := range []*pulid.ID{nil, &f.sellerA.ID, &f.sellerB.ID} {
			who := "admin"
			r, err := f.svc.ShopReport(f.as(who), scope, from, to, sales.Day)
			if err != nil {
				t.Fatal(err)
			}
			want := f.recount(t, scope, from, to)
			if !same(r.Totals, want) {
				t.Fatalf("scope %v: report %+v, recount %+v", scope, r.Totals, want)
			}
			var sum analytics.Period
			for i, p := range r.Periods {
				d := from.AddDate(0, 0, i)
				if !same(p, f.recount(t, scope, d, d.AddDate(0, 0, 1))) {
					t.Fatalf("scope %v day %d: %+v vs %+v", scope, i, p, f.recount(t, scope, d, d.AddDate(0, 0, 1)))
				}
				sum.Sessions += p.Sessions
			}
			if sum.Sessions != r.Totals.Sessions || want.Sessions == 0 {
				t.Fatalf("sessions: %d periods, %d total", sum.Sessions, r.Totals.Sessions)
			}
		}
		r, err := f.svc.ShopReport(f.as("admin"), nil, from, to, sales.Day)
		if err != nil {
			t.Fatal(err)
		}
		// By seller: A has two orders (5 units), B two (3 units).
		if len(r.BySeller) != 2 || r.BySeller[0].SellerID != f.sellerA.ID || r.BySeller[0].Revenue != 5000 || r.BySeller[0].Orders != 2 ||
			r.BySeller[1].Revenue != 3000 || r.BySeller[0].Seller == nil {
			t.Fatalf("by seller: %+v", r.BySeller)
		}
		if r.Totals.OrdersPlaced != 4 || r.Totals.OrdersPaid != 3 {
			t.Fatalf("server events: %+v", r.Totals)
		}
		// By promotion: from the allocations, per source; a shipping
		// discount counts its orders and no line revenue.
		want := []string{"DISCOUNT_CODE/dsc_vip VIP 2/5000/100", "PROMOTION/prm_ship Free shipping 1/0/490", "PROMOTION/prm_spring Spring sale 2/5000/200"}
		if got := promotionShares(r.ByPromotion); strings.Join(got, ";") != strings.Join(want, ";") {
			t.Fatalf("by promotion: %v", got)
		}
		if r.ByPromotion[0].Gross < r.ByPromotion[len(r.ByPromotion)-1].Gross {
			t.Fatalf("by promotion, not largest first: %+v", r.ByPromotion)
		}
		for _, scope := range []*pulid.ID{nil, &f.sellerA.ID, &f.sellerB.ID} {
			for _, rg := range [][2]time.Time{{from, to}, {from, day0}, {day0.Add(-4 * time.Hour), to}} {
				who := "ownerA"
				if scope == nil || *scope == f.sellerB.ID {
					who = "admin"
				}
				r, err := f.svc.ShopReport(f.as(who), scope, rg[0], rg[1], sales.Day)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := promotionShares(r.ByPromotion), f.promotionRecount(t, scope, rg[0], rg[1]); strings.Join(got, ";") != strings.Join(want, ";") {
					t.Fatalf("scope %v %v: by promotion %v, recount %v", scope, rg, got, want)
				}
			}
		}

		// Searches: recounted from the raw events.
		top, zero, err := f.svc.TopSearches(f.as("admin"), from, to, 10)
		if err != nil {
			t.Fatal(err)
		}
		counts, zeros := map[string]int{}, map[string]int{}
		for _, e := range f.st.Client.AnalyticsEvent.Query().Where(analyticsevent.TypeEQ(analyticsevent.TypeSEARCH_PERFORMED)).AllX(context.Background()) {
			counts[e.SearchTerms]++
			if *e.ResultCount == 0 {
				zeros[e.SearchTerms]++
			}
		}
		if len(top) != len(counts) || counts["red shoes"] == 0 {
			t.Fatalf("top searches %+v, recount %v", top, counts)
		}
		for i, s := range top {
			if counts[s.Terms] != s.Searches || zeros[s.Terms] != s.ZeroResults || (i > 0 && top[i-1].Searches < s.Searches) {
				t.Fatalf("search %+v, recount %d/%d", s, counts[s.Terms], zeros[s.Terms])
			}
		}
		for _, s := range zero {
			if s.ZeroResults == 0 || zeros[s.Terms] != s.ZeroResults {
				t.Fatalf("zero-result search %+v", s)
			}
		}
		if len(zero) == 0 {
			t.Fatal("no zero-result searches")
		}

		// Products: views, clicks, adds and purchases recounted.
		ps, err := f.svc.ProductPerformance(f.as("ownerA"), &f.sellerA.ID, from, to, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 {
			t.Fatalf("seller A's products: %+v", ps)
		}
		for _, p := range ps {
			evs := f.st.Client.AnalyticsEvent.Query().Where(analyticsevent.ProductID(p.ProductID)).AllX(context.Background())
			var views, clicks, adds int
			for _, e := range evs {
				switch e.Type {
				case analyticsevent.TypePRODUCT_VIEWED:
					views++
				case analyticsevent.TypePRODUCT_CLICKED:
					clicks++
				case analyticsevent.TypeCART_LINE_ADDED:
					adds++
				}
			}
			units := map[pulid.ID]int{f.products[0].ID: 2, f.products[1].ID: 3}[p.ProductID]
			if p.Views != views || p.Clicks != clicks || p.AddToCarts != adds || p.Purchases != units || p.Product == nil || p.Revenue != int64(units)*1000 {
				t.Fatalf("product %+v: recount %d/%d/%d/%d", p, views, clicks, adds, units)
			}
		}
	})
}

// Reports and rollups cost the same statements for 10 events as for 1000.
func TestStatementsBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{VisitorCalls: 1000, SourceCalls: 1000})
		from, to := day0.AddDate(0, 0, -3), day0.AddDate(0, 0, 1)
		measure := func(n int) (rollup, report, record int64) {
			evs := f.events(n, uint64(n))
			f.record(t, evs, 5)
			before := st.Counter.Load()
			if k, err := f.svc.Rollup(context.Background()); err != nil || k != n {
				t.Fatalf("rollup %d: %d %v", n, k, err)
			}
			rollup = st.Counter.Load() - before
			f.placed(t, f.paid(t, n%3, 1, day0.Add(-time.Hour), alloc{promo: true, id: "prm_x", title: "X", amount: 10}), "")
			before = st.Counter.Load()
			if _, err := f.svc.ShopReport(f.as("admin"), nil, from, to, sales.Day); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.TopSearches(f.as("admin"), from, to, 10); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.ProductPerformance(f.as("admin"), nil, from, to, 10); err != nil {
				t.Fatal(err)
			}
			report = st.Counter.Load() - before
			before = st.Counter.Load()
			if _, ues, err := f.svc.Record(f.as(""), "counted", f.events(min(n, 50), uint64(n)+1)); err != nil || ues != nil {
				t.Fatal(err, ues)
			}
			record = st.Counter.Load() - before
			return
		}
		r1, q1, w1 := measure(10)
		r2, q2, w2 := measure(1000)
		if r1 != r2 || q1 != q2 || w1 != w2 {
			t.Fatalf("statements: rollup %d vs %d, reports %d vs %d, record %d vs %d", r1, r2, q1, q2, w1, w2)
		}
		t.Logf("rollup %d, three reports %d, a batch of events %d statements", r1, q1, w1)
	})
}

func TestIdempotentAndValidated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{})
		ctx := f.as("shopper")
		evs := f.events(5, 3)
		r, ues, err := f.svc.Record(ctx, "v1", evs)
		if err != nil || ues != nil || r.Recorded != 5 {
			t.Fatal(r, ues, err)
		}
		// Sent again (a retry), with one new event: only that one is stored.
		r, _, err = f.svc.Record(ctx, "v1", append(evs, f.events(1, 4)...))
		if err != nil || r.Recorded != 1 {
			t.Fatal(r, err)
		}
		all := st.Client.AnalyticsEvent.Query().AllX(context.Background())
		if len(all) != 6 || all[0].CustomerID == nil || *all[0].CustomerID != f.people["shopper"].ID || all[0].Visitor == "v1" {
			t.Fatalf("stored: %d, %+v", len(all), all[0])
		}
		bad := func(mut func(*analytics.EventInput), field string) {
			t.Helper()
			e := f.events(1, 9)[0]
			mut(&e)
			_, ues, err := f.svc.Record(ctx, "v1", []analytics.EventInput{e})
			if err != nil || len(ues) != 1 || ues[0].Code != analytics.CodeInvalid || ues[0].Field[len(ues[0].Field)-1] != field {
				t.Fatalf("%s: %v %v", field, ues, err)
			}
		}
		bad(func(e *analytics.EventInput) { e.EventID = "not-a-uuid" }, "eventId")
		bad(func(e *analytics.EventInput) { e.OccurredAt = day0.Add(time.Hour) }, "occurredAt")
		bad(func(e *analytics.EventInput) { e.OccurredAt = day0.Add(-25 * time.Hour) }, "occurredAt")
		bad(func(e *analytics.EventInput) { e.Type, e.ProductID = analyticsevent.TypePRODUCT_VIEWED, nil }, "productId")
		bad(func(e *analytics.EventInput) {
			id := pulid.ID("prd_00000000000000000000000000")
			e.Type, e.ProductID = analyticsevent.TypePRODUCT_VIEWED, &id
		}, "productId")
		bad(func(e *analytics.EventInput) { e.Type, e.SearchTerms = analyticsevent.TypeSEARCH_PERFORMED, nil }, "searchTerms")
		if _, ues, _ := f.svc.Record(ctx, "v1", f.events(51, 5)); len(ues) != 1 || ues[0].Field[1] != "events" {
			t.Fatalf("51 events: %v", ues)
		}
		if _, ues, _ := f.svc.Record(ctx, strings.Repeat("x", 201), f.events(1, 5)); len(ues) != 1 || ues[0].Field[1] != "visitorId" {
			t.Fatalf("long visitor id: %v", ues)
		}
	})
}

func TestThrottledPerVisitorAndSource(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{VisitorCalls: 3, SourceCalls: 5, Window: time.Minute})
		send := func(visitor string) error {
			_, _, err := f.svc.Record(f.as(""), visitor, f.events(1, uint64(f.n)))
			return err
		}
		limited := func(err error) bool {
			e, ok := apperr.As(err)
			return ok && e.Code == apperr.RateLimited && e.RetryAfter > 0
		}
		for i := range 3 {
			if err := send("a"); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
		}
		if err := send("a"); !limited(err) {
			t.Fatalf("4th call of a visitor: %v", err)
		}
		// Another visitor from the same address: until the address's limit.
		if err := send("b"); err != nil {
			t.Fatal(err)
		}
		if err := send("c"); err != nil {
			t.Fatal(err)
		}
		if err := send("d"); !limited(err) {
			t.Fatalf("6th counted call from the address: %v", err)
		}
		f.clock = f.clock.Add(time.Minute)
		if err := send("a"); err != nil {
			t.Fatalf("next window: %v", err)
		}
	})
}

func TestOptOut(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{})
		bg := context.Background()
		if r, _, err := f.svc.Record(f.as(""), "guest", f.events(3, 1)); err != nil || r.Recorded != 3 {
			t.Fatal(r, err)
		}
		if _, _, err := f.svc.Record(f.as("shopper"), "phone", f.events(2, 2)); err != nil {
			t.Fatal(err)
		}
		// Nothing to set: a guest without a visitor id.
		if _, ues, err := f.svc.ConsentSet(f.as(""), nil, true); err != nil || len(ues) != 1 || ues[0].Code != analytics.CodeNothingToSet {
			t.Fatal(ues, err)
		}
		// A visitor opts out: its events go, its later ones are not kept.
		guest := "guest"
		c, ues, err := f.svc.ConsentSet(f.as(""), &guest, true)
		if err != nil || ues != nil || !c.OptedOut || c.Customer != nil {
			t.Fatal(c, ues, err)
		}
		if n := st.Client.AnalyticsEvent.Query().CountX(bg); n != 2 {
			t.Fatalf("events left after the guest's opt-out: %d", n)
		}
		if r, _, err := f.svc.Record(f.as(""), "guest", f.events(3, 3)); err != nil || !r.OptedOut || r.Recorded != 0 {
			t.Fatal(r, err)
		}
		// The customer opts out, without a visitor id: from every device.
		c, _, err = f.svc.ConsentSet(f.as("shopper"), nil, true)
		if err != nil || !c.Customer.AnalyticsOptOut {
			t.Fatal(c, err)
		}
		if n := st.Client.AnalyticsEvent.Query().CountX(bg); n != 0 {
			t.Fatalf("events left after the customer's opt-out: %d", n)
		}
		if r, _, err := f.svc.Record(f.as("shopper"), "laptop", f.events(1, 4)); err != nil || !r.OptedOut {
			t.Fatal(r, err)
		}
		// And back in.
		if _, _, err := f.svc.ConsentSet(f.as("shopper"), &guest, false); err != nil {
			t.Fatal(err)
		}
		if r, _, err := f.svc.Record(f.as("shopper"), "guest", f.events(1, 5)); err != nil || r.OptedOut || r.Recorded != 1 {
			t.Fatal(r, err)
		}
	})
}

func TestRetentionPurge(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{Retention: 30 * 24 * time.Hour, VisitorCalls: 100})
		bg := context.Background()
		f.record(t, f.events(40, 1), 4)
		from, to := day0.AddDate(0, 0, -2), day0.AddDate(0, 0, 1)
		f.rollupAll(t)
		before, err := f.svc.ShopReport(f.as("admin"), nil, from, to, sales.Day)
		if err != nil {
			t.Fatal(err)
		}
		// Not yet: 29 days on.
		f.clock = day0.AddDate(0, 0, 29)
		if n, err := f.svc.Purge(bg); err != nil || n != 0 {
			t.Fatal(n, err)
		}
		// Unrolled events are never purged; rolled ones past retention are.
		f.clock = day0
		f.record(t, f.events(10, 2), 1)
		f.clock = day0.AddDate(0, 0, 31)
		if n, err := f.svc.Purge(bg); err != nil || n != 40 {
			t.Fatal(n, err)
		}
		if n := st.Client.AnalyticsEvent.Query().CountX(bg); n != 10 {
			t.Fatalf("left: %d", n)
		}
		if n := st.Client.AnalyticsVisitorDay.Query().CountX(bg); n != 0 {
			t.Fatalf("visitor-days left: %d", n)
		}
		// The worker's step: rolls the 10 up, then purges them; it is next
		// due after Every.
		next, err := f.svc.Step(bg)
		if err != nil || !next.Equal(f.clock.Add(time.Minute)) {
			t.Fatal(next, err)
		}
		if n := st.Client.AnalyticsEvent.Query().CountX(bg); n != 0 {
			t.Fatalf("left after a step: %d", n)
		}
		// The rollups stay: the report of those days is unchanged (plus the
		// 10 events rolled up since).
		after, err := f.svc.ShopReport(f.as("admin"), nil, from, to, sales.Day)
		if err != nil {
			t.Fatal(err)
		}
		if after.Totals.ProductViews < before.Totals.ProductViews || after.Totals.Sessions < before.Totals.Sessions || before.Totals.Sessions == 0 {
			t.Fatalf("before %+v after %+v", before.Totals, after.Totals)
		}
		if st.Client.AnalyticsDaily.Query().Where(analyticsdaily.MetricEQ(analyticsdaily.MetricSESSIONS)).CountX(bg) == 0 {
			t.Fatal("no session rollups")
		}
	})
}

func TestReportsAuthorization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newFixture(t, st, analytics.Config{})
		from, to := day0.AddDate(0, 0, -1), day0
		for _, tc := range []struct {
			who   string
			scope *pulid.ID
			want  apperr.Code
		}{
			{"", nil, apperr.Unauthenticated}, {"shopper", nil, apperr.Forbidden}, {"ownerA", nil, apperr.Forbidden},
			{"", &f.sellerA.ID, apperr.Unauthenticated}, {"shopper", &f.sellerA.ID, apperr.Forbidden}, {"ownerB", &f.sellerA.ID, apperr.Forbidden},
			{"ownerA", &f.sellerA.ID, ""}, {"admin", &f.sellerA.ID, ""}, {"admin", nil, ""},
		} {
			check := func(what string, err error) {
				e, _ := apperr.As(err)
				if (tc.want == "" && err != nil) || (tc.want != "" && (e == nil || e.Code != tc.want)) {
					t.Fatalf("%s by %q on %v: %v, want %q", what, tc.who, tc.scope, err, tc.want)
				}
			}
			_, err := f.svc.ShopReport(f.as(tc.who), tc.scope, from, to, sales.Day)
			check("shopReport", err)
			_, err = f.svc.ProductPerformance(f.as(tc.who), tc.scope, from, to, 10)
			check("productPerformance", err)
			if tc.scope == nil {
				_, _, err = f.svc.TopSearches(f.as(tc.who), from, to, 10)
				check("topSearches", err)
			}
		}
		if _, err := f.svc.ShopReport(f.as("admin"), nil, to, from, sales.Day); err == nil {
			t.Fatal("reversed range accepted")
		}
	})
}
