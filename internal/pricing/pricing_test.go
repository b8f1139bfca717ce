package pricing

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

func line(id string, unit int64, qty int) Line {
	return Line{ID: pulid.ID("cln_" + id), ProductID: pulid.ID("prd_" + id), SellerID: "sel_a", UnitPrice: unit, Quantity: qty}
}

// Tax is rounded per line, then summed: three lines of 0.05 at 10% carry
// 0.005 each, rounded half up to 0.01, so 0.03 in all, where rounding the
// sum (0.015) would give 0.02.
func TestTaxIsRoundedPerLine(t *testing.T) {
	in := Input{Currency: "EUR", TaxRatePPM: 100_000, Lines: []Line{line("a", 5, 1), line("b", 5, 1), line("c", 5, 1)}}
	r := mustPrice(t, in)
	for i, l := range r.Lines {
		if l.Tax != 1 {
			t.Errorf("line %d tax = %d, want 1", i, l.Tax)
		}
	}
	if r.Tax != 3 || r.Total != 18 {
		t.Fatalf("tax %d total %d, want 3 and 18", r.Tax, r.Total)
	}
	if whole, _ := Tax(15, 100_000, false); whole != 2 {
		t.Fatalf("tax of the sum = %d, want 2 (the rule must differ from it here)", whole)
	}
}

func TestTaxInclusiveAndExclusive(t *testing.T) {
	cases := []struct {
		name      string
		amount    int64
		ppm       int
		inclusive bool
		want      int64
	}{
		{"exclusive 20% of 10.00", 1000, 200_000, false, 200},
		{"inclusive 20% in 12.00", 1200, 200_000, true, 200},
		{"inclusive 20% in 9.99 rounds 1.665 up", 999, 200_000, true, 167},
		{"exclusive 8.875% of 1.00 rounds 8.875 up", 100, 88_750, false, 9},
		{"no rate", 1000, 0, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, err := Tax(c.amount, c.ppm, c.inclusive); err != nil || got != c.want {
				t.Fatalf("Tax = %d, want %d", got, c.want)
			}
		})
	}
	in := Input{Currency: "EUR", TaxRatePPM: 200_000, IncludeTax: true, Lines: []Line{line("a", 1200, 1)}, Shipments: []Shipment{{SellerID: "sel_a", Price: 600}}}
	r := mustPrice(t, in)
	if r.Total != 1800 || r.Tax != 300 {
		t.Fatalf("inclusive: total %d tax %d, want 1800 and 300", r.Total, r.Tax)
	}
	in.IncludeTax = false
	r = mustPrice(t, in)
	if r.Total != 2160 || r.Tax != 360 {
		t.Fatalf("exclusive: total %d tax %d, want 2160 and 360", r.Total, r.Tax)
	}
}

func TestFixedDiscountIsSplitExactly(t *testing.T) {
	in := Input{Currency: "EUR", Now: time.Now(), Codes: []string{"TEN"},
		Lines:     []Line{line("a", 333, 1), line("b", 333, 1), line("c", 334, 1)},
		Discounts: map[string]*Discount{"TEN": {Code: "TEN", Value: 100, Currency: "EUR", Active: true}}}
	r := mustPrice(t, in)
	var sum int64
	for _, l := range r.Lines {
		sum += l.Discount
	}
	if sum != 100 || r.Discount != 100 || r.Total != 900 {
		t.Fatalf("line discounts sum %d, discount %d, total %d", sum, r.Discount, r.Total)
	}
	if !r.Codes[0].Applicable || r.Codes[0].Amount != 100 {
		t.Fatalf("code result %+v", r.Codes[0])
	}
}

func TestFixedDiscountNeverExceedsTheLines(t *testing.T) {
	in := Input{Currency: "EUR", Codes: []string{"BIG"}, Lines: []Line{line("a", 300, 1)},
		Discounts: map[string]*Discount{"BIG": {Code: "BIG", Value: 1000, Currency: "EUR", Active: true}}}
	if r := mustPrice(t, in); r.Total != 0 || r.Discount != 300 {
		t.Fatalf("total %d discount %d", r.Total, r.Discount)
	}
}

func TestPercentageRestrictionsAndConditions(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	a, b := line("a", 1000, 2), line("b", 500, 1)
	b.SellerID = "sel_b"
	b.CategoryIDs = []pulid.ID{"cat_root", "cat_shoes"}
	base := Discount{Code: "X", Percentage: true, Value: 1000, Active: true}
	cases := []struct {
		name   string
		mod    func(d *Discount)
		want   int64
		reason string
	}{
		{"whole cart 10%", func(d *Discount) {}, 250, ""},
		{"one seller", func(d *Discount) { d.SellerIDs = []pulid.ID{"sel_b"} }, 50, ""},
		{"an ancestor category", func(d *Discount) { d.CategoryIDs = []pulid.ID{"cat_root"} }, 50, ""},
		{"one product", func(d *Discount) { d.ProductIDs = []pulid.ID{"prd_a"} }, 200, ""},
		{"nothing covered", func(d *Discount) { d.ProductIDs = []pulid.ID{"prd_z"} }, 0, "no line in the cart qualifies"},
		{"minimum not reached", func(d *Discount) { d.MinimumSubtotal = 2501 }, 0, "the cart subtotal is below this code's minimum of 25.01"},
		{"minimum reached", func(d *Discount) { d.MinimumSubtotal = 2500 }, 250, ""},
		{"not started", func(d *Discount) { d.StartsAt = &future }, 0, "this code is not valid yet"},
		{"expired", func(d *Discount) { d.EndsAt = &past }, 0, "this code has expired"},
		{"used up", func(d *Discount) { d.Exhausted = true }, 0, "this code has been used up"},
		{"inactive", func(d *Discount) { d.Active = false }, 0, "this code is no longer active"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base
			c.mod(&d)
			r := mustPrice(t, Input{Currency: "EUR", Now: now, Lines: []Line{a, b}, Codes: []string{"X"}, Discounts: map[string]*Discount{"X": &d}})
			if r.Discount != c.want || r.Codes[0].Reason != c.reason || r.Codes[0].Applicable != (c.reason == "") {
				t.Fatalf("discount %d reason %q, want %d %q", r.Discount, r.Codes[0].Reason, c.want, c.reason)
			}
		})
	}
}

func TestCodesStackOnWhatIsLeft(t *testing.T) {
	in := Input{Currency: "EUR", Codes: []string{"HALF", "FIVE"}, Lines: []Line{line("a", 1000, 1)},
		Discounts: map[string]*Discount{
			"HALF": {Code: "HALF", Percentage: true, Value: 5000, Active: true},
			"FIVE": {Code: "FIVE", Value: 500, Currency: "EUR", Active: true},
		}}
	if r := mustPrice(t, in); r.Discount != 1000 || r.Total != 0 {
		t.Fatalf("discount %d total %d", r.Discount, r.Total)
	}
}
