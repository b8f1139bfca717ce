package pricing

import (
	"slices"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/money"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func promo(id string, kind PromotionKind, value int64) *Promotion {
	return &Promotion{ID: pulid.ID("prm_" + id), Title: "P" + id, Kind: kind, Value: value, Currency: "EUR",
		Active: true, CombinesWithCodes: true, Segment: SegmentAll}
}

func with(p *Promotion, f func(*Promotion)) *Promotion { f(p); return p }

func TestPromotions(t *testing.T) {
	yesterday, tomorrow := t0.Add(-24*time.Hour), t0.Add(24*time.Hour)
	ten := &Discount{ID: "dsc_ten", Code: "TEN", Percentage: true, Value: 1000, Active: true}
	cases := []struct {
		name       string
		lines      []Line
		promos     []*Promotion
		codes      []string
		buyer      Buyer
		ships      []Shipment
		wantLines  []int64 // discount per line
		wantAllocs []string
		wantShip   int64 // net shipping
		wantCodeOK []bool
	}{
		{name: "percentage per line, half up",
			lines: []Line{line("a", 1005, 1), line("b", 333, 1)}, promos: []*Promotion{promo("1", PromoPercentage, 1000)},
			wantLines: []int64{101, 33}, wantAllocs: []string{"P1"}},
		{name: "fixed amount split by largest remainder sums exactly",
			lines: []Line{line("a", 333, 1), line("b", 333, 1), line("c", 334, 1)}, promos: []*Promotion{promo("1", PromoFixedAmount, 100)},
			wantLines: []int64{33, 33, 34}, wantAllocs: []string{"P1"}},
		{name: "fixed amount never more than the lines",
			lines: []Line{line("a", 300, 1)}, promos: []*Promotion{promo("1", PromoFixedAmount, 1000)},
			wantLines: []int64{300}, wantAllocs: []string{"P1"}},
		{name: "priority: higher applies first, the next to what is left",
			lines:  []Line{line("a", 1000, 1)},
			promos: []*Promotion{with(promo("low", PromoFixedAmount, 100), func(p *Promotion) { p.Priority = 1 }), with(promo("high", PromoPercentage, 5000), func(p *Promotion) { p.Priority = 9 })},
			// 50% of 10.00 = 5.00, then 1.00 off: 6.00 (the other order would give 5.50 off)
			wantLines: []int64{600}, wantAllocs: []string{"Phigh", "Plow"}},
		{name: "exclusive first applies alone",
			lines:     []Line{line("a", 1000, 1)},
			promos:    []*Promotion{with(promo("x", PromoPercentage, 2000), func(p *Promotion) { p.Priority = 5; p.Exclusive = true }), promo("y", PromoFixedAmount, 100)},
			wantLines: []int64{200}, wantAllocs: []string{"Px"}},
		{name: "exclusive after another is skipped",
			lines:     []Line{line("a", 1000, 1)},
			promos:    []*Promotion{with(promo("x", PromoPercentage, 2000), func(p *Promotion) { p.Exclusive = true }), with(promo("y", PromoFixedAmount, 100), func(p *Promotion) { p.Priority = 5 })},
			wantLines: []int64{100}, wantAllocs: []string{"Py"}},
		{name: "combinable promotion then code",
			lines: []Line{line("a", 1000, 1)}, promos: []*Promotion{promo("1", PromoFixedAmount, 200)}, codes: []string{"TEN"},
			wantLines: []int64{280}, wantAllocs: []string{"P1", "TEN"}, wantCodeOK: []bool{true}},
		{name: "promotion not combinable with codes turns the code off",
			lines:  []Line{line("a", 1000, 1)},
			promos: []*Promotion{with(promo("1", PromoFixedAmount, 200), func(p *Promotion) { p.CombinesWithCodes = false })}, codes: []string{"TEN"},
			wantLines: []int64{200}, wantAllocs: []string{"P1"}, wantCodeOK: []bool{false}},
		{name: "tiers: highest reached",
			lines: []Line{line("a", 6000, 1)},
			promos: []*Promotion{with(promo("t", PromoTieredPct, 0), func(p *Promotion) {
				p.Tiers = []Tier{{Threshold: 2000, Value: 500}, {Threshold: 5000, Value: 1000}, {Threshold: 10000, Value: 2000}}
			})},
			wantLines: []int64{600}, wantAllocs: []string{"Pt"}},
		{name: "tiers: none reached",
			lines:     []Line{line("a", 1000, 1)},
			promos:    []*Promotion{with(promo("t", PromoTieredAmount, 0), func(p *Promotion) { p.Tiers = []Tier{{Threshold: 2000, Value: 500}} })},
			wantLines: []int64{0}},
		{name: "tiered amount split across lines",
			lines:     []Line{line("a", 1000, 1), line("b", 2000, 1)},
			promos:    []*Promotion{with(promo("t", PromoTieredAmount, 0), func(p *Promotion) { p.Tiers = []Tier{{Threshold: 2000, Value: 100}, {Threshold: 3000, Value: 301}} })},
			wantLines: []int64{100, 201}, wantAllocs: []string{"Pt"}},
		{name: "buy 2 get 1 free: cheapest units free",
			// 5 units: one group of 3, so 1 free: the 2.00 one
			lines: []Line{line("a", 500, 2), line("b", 200, 1), line("c", 900, 2)},
			promos: []*Promotion{with(promo("b", PromoBuyXGetY, 0), func(p *Promotion) {
				p.BuyQuantity, p.GetQuantity, p.GetPercentage = 2, 1, 10_000
			})},
			wantLines: []int64{0, 200, 0}, wantAllocs: []string{"Pb"}},
		{name: "buy 1 get 1 half off, two groups span lines",
			lines: []Line{line("a", 500, 3), line("b", 301, 1)},
			promos: []*Promotion{with(promo("b", PromoBuyXGetY, 0), func(p *Promotion) {
				p.BuyQuantity, p.GetQuantity, p.GetPercentage = 1, 1, 5000
			})},
			// 2 discounted units: 3.01 (b) and one 5.00 (a): 1.505 -> 1.51, 2.50
			wantLines: []int64{250, 151}, wantAllocs: []string{"Pb"}},
		{name: "buy X get Y without enough units",
			lines:     []Line{line("a", 500, 2)},
			promos:    []*Promotion{with(promo("b", PromoBuyXGetY, 0), func(p *Promotion) { p.BuyQuantity, p.GetQuantity, p.GetPercentage = 2, 1, 10_000 })},
			wantLines: []int64{0}},
		{name: "free shipping on the covered seller's parcel only",
			lines:     []Line{line("a", 1000, 1), {ID: "cln_b", ProductID: "prd_b", SellerID: "sel_b", UnitPrice: 1000, Quantity: 1}},
			ships:     []Shipment{{SellerID: "sel_a", Price: 490}, {SellerID: "sel_b", Price: 590}},
			promos:    []*Promotion{with(promo("s", PromoFreeShipping, 0), func(p *Promotion) { p.SellerIDs = []pulid.ID{"sel_a"} })},
			wantLines: []int64{0, 0}, wantAllocs: []string{"Ps"}, wantShip: 590},
		{name: "minimum subtotal and quantity on covered lines",
			lines: []Line{line("a", 1000, 1), line("b", 5000, 1)},
			promos: []*Promotion{
				with(promo("1", PromoPercentage, 1000), func(p *Promotion) { p.ProductIDs = []pulid.ID{"prd_a"}; p.MinimumSubtotal = 2000 }),
				with(promo("2", PromoPercentage, 1000), func(p *Promotion) { p.ProductIDs = []pulid.ID{"prd_b"}; p.MinimumQuantity = 1 }),
				with(promo("3", PromoPercentage, 1000), func(p *Promotion) { p.MinimumQuantity = 3 }),
			},
			wantLines: []int64{0, 500}, wantAllocs: []string{"P2"}},
		{name: "category with descendants",
			lines:     []Line{{ID: "cln_a", ProductID: "prd_a", SellerID: "sel_a", CategoryIDs: []pulid.ID{"cat_root", "cat_child"}, UnitPrice: 1000, Quantity: 1}, line("b", 1000, 1)},
			promos:    []*Promotion{with(promo("c", PromoFixedAmount, 100), func(p *Promotion) { p.CategoryIDs = []pulid.ID{"cat_root"} })},
			wantLines: []int64{100, 0}, wantAllocs: []string{"Pc"}},
		{name: "a seller's promotion covers its own lines only",
			lines:     []Line{line("a", 1000, 1), {ID: "cln_b", ProductID: "prd_b", SellerID: "sel_b", UnitPrice: 1000, Quantity: 1}},
			promos:    []*Promotion{with(promo("o", PromoPercentage, 1000), func(p *Promotion) { o := pulid.ID("sel_b"); p.Owner = &o })},
			wantLines: []int64{0, 100}, wantAllocs: []string{"Po"}},
		{name: "dates, inactive and other currency skip",
			lines: []Line{line("a", 1000, 1)},
			promos: []*Promotion{
				with(promo("1", PromoPercentage, 1000), func(p *Promotion) { p.StartsAt = &tomorrow }),
				with(promo("2", PromoPercentage, 1000), func(p *Promotion) { p.EndsAt = &t0 }),
				with(promo("3", PromoPercentage, 1000), func(p *Promotion) { p.Active = false }),
				with(promo("4", PromoPercentage, 1000), func(p *Promotion) { p.Currency = "USD" }),
				with(promo("5", PromoPercentage, 1000), func(p *Promotion) { p.StartsAt = &yesterday; p.EndsAt = &tomorrow }),
			},
			wantLines: []int64{100}, wantAllocs: []string{"P5"}},
		{name: "segments: guest",
			lines: []Line{line("a", 1000, 1)},
			promos: []*Promotion{
				with(promo("1", PromoFixedAmount, 100), func(p *Promotion) { p.Segment = SegmentSignedIn }),
				with(promo("2", PromoFixedAmount, 10), func(p *Promotion) { p.Segment = SegmentFirstOrder }),
			},
			wantLines: []int64{0}},
		{name: "segments: signed in, not first order",
			lines: []Line{line("a", 1000, 1)}, buyer: Buyer{SignedIn: true},
			promos: []*Promotion{
				with(promo("1", PromoFixedAmount, 100), func(p *Promotion) { p.Segment = SegmentSignedIn }),
				with(promo("2", PromoFixedAmount, 10), func(p *Promotion) { p.Segment = SegmentFirstOrder }),
			},
			wantLines: []int64{100}, wantAllocs: []string{"P1"}},
		{name: "segments: first order",
			lines: []Line{line("a", 1000, 1)}, buyer: Buyer{SignedIn: true, FirstOrder: true},
			promos:    []*Promotion{with(promo("2", PromoFixedAmount, 10), func(p *Promotion) { p.Segment = SegmentFirstOrder })},
			wantLines: []int64{10}, wantAllocs: []string{"P2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Currency: "EUR", Now: t0, Lines: c.lines, Promotions: c.promos, Codes: c.codes, Buyer: c.buyer,
				Discounts: map[string]*Discount{"TEN": ten}, Shipments: c.ships}
			r := mustPrice(t, in)
			got := make([]int64, len(r.Lines))
			for i, l := range r.Lines {
				got[i] = l.Discount
			}
			if !slices.Equal(got, c.wantLines) {
				t.Fatalf("line discounts %v, want %v", got, c.wantLines)
			}
			var titles []string
			var allocLines int64
			for _, a := range r.Allocations {
				titles = append(titles, a.Title)
				if a.Amount != sum(a.Lines, new(money.Calc))+sum(a.Shipments, new(money.Calc)) {
					t.Fatalf("allocation %s: amount %d, shares %v %v", a.Title, a.Amount, a.Lines, a.Shipments)
				}
				allocLines += sum(a.Lines, new(money.Calc))
			}
			if !slices.Equal(titles, c.wantAllocs) {
				t.Fatalf("allocations %v, want %v", titles, c.wantAllocs)
			}
			if allocLines != r.Discount {
				t.Fatalf("allocations' line shares sum to %d, discount is %d", allocLines, r.Discount)
			}
			if r.Shipping != c.wantShip {
				t.Fatalf("shipping %d, want %d", r.Shipping, c.wantShip)
			}
			var ok []bool
			for _, cr := range r.Codes {
				ok = append(ok, cr.Applicable)
			}
			if !slices.Equal(ok, c.wantCodeOK) {
				t.Fatalf("codes applicable %v, want %v (%+v)", ok, c.wantCodeOK, r.Codes)
			}
			var gross int64
			for _, s := range c.ships {
				gross += s.Price
			}
			if r.Total != r.Subtotal-r.Discount+r.Shipping || gross-r.Shipping != sumShip(r.Allocations) {
				t.Fatalf("total %d subtotal %d discount %d shipping %d", r.Total, r.Subtotal, r.Discount, r.Shipping)
			}
		})
	}
}

func sumShip(as []Allocation) int64 {
	var t int64
	for _, a := range as {
		t += sum(a.Shipments, new(money.Calc))
	}
	return t
}

// Free shipping is taxed on what is left: nothing.
func TestFreeShippingIsNotTaxed(t *testing.T) {
	in := Input{Currency: "EUR", Now: t0, TaxRatePPM: 200_000, Lines: []Line{line("a", 1000, 1)},
		Shipments: []Shipment{{SellerID: "sel_a", Price: 500}}, Promotions: []*Promotion{promo("s", PromoFreeShipping, 0)}}
	r := mustPrice(t, in)
	if r.ShipmentTax[0] != 0 || r.Tax != 200 || r.Total != 1200 || r.ShipmentDiscount[0] != 500 {
		t.Fatalf("shipment tax %d, tax %d, total %d, shipment discount %d", r.ShipmentTax[0], r.Tax, r.Total, r.ShipmentDiscount[0])
	}
}
