package pricing

import (
	"errors"
	"math"
	"testing"

	"github.com/comptoir/comptoir/internal/money"
)

func mustPrice(t *testing.T, in Input) Result {
	t.Helper()
	r, err := Price(in)
	if err != nil {
		t.Fatalf("Price: %v", err)
	}
	return r
}

// The red team's cart: 999 × 184,652,092,829,925.45 wrapped around to 8.39.
// Any amount that leaves int64 is an error, never a price.
func TestPriceRefusesOverflow(t *testing.T) {
	const huge = 18_465_209_282_992_545 // 184,652,092,829,925.45 in cents
	ten := &Discount{ID: "dsc_f", Code: "F", Value: 1000, Currency: "EUR", Active: true}
	pct := &Discount{ID: "dsc_p", Code: "P", Percentage: true, Value: 1000, Active: true}
	for _, c := range []struct {
		name string
		in   Input
	}{
		{"line: price × quantity", Input{Lines: []Line{line("a", huge, 999)}}},
		{"line: MaxInt64 × 2", Input{Lines: []Line{line("a", math.MaxInt64, 2)}}},
		{"subtotal: two lines that fit alone", Input{Lines: []Line{line("a", math.MaxInt64/2+1, 1), line("b", math.MaxInt64/2+1, 1)}}},
		{"weight × quantity", Input{Lines: []Line{{ID: "cln_w", UnitPrice: 1, Quantity: 999, WeightGrams: math.MaxInt64 / 2}}}},
		{"shipping on top of the lines", Input{Lines: []Line{line("a", math.MaxInt64-5, 1)}, Shipments: []Shipment{{SellerID: "sel_a", Price: 10}}}},
		{"tax on top of the total", Input{TaxRatePPM: 200_000, Lines: []Line{line("a", math.MaxInt64-5, 1)}}},
		{"with codes", Input{Lines: []Line{line("a", huge, 999)}, Codes: []string{"F", "P"}, Discounts: map[string]*Discount{"F": ten, "P": pct}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.in.Currency = "EUR"
			r, err := Price(c.in)
			if !errors.Is(err, money.ErrOverflow) {
				t.Fatalf("Price = total %d, err %v; want money.ErrOverflow", r.Total, err)
			}
		})
	}
}

// At the input bound, the largest cart (100 lines of 999 units at
// money.MaxMinor, shipping and 100% tax) is priced exactly.
func TestPriceLargestCartFits(t *testing.T) {
	in := Input{Currency: "EUR", TaxRatePPM: 1_000_000, Shipments: []Shipment{{SellerID: "sel_a", Price: money.MaxMinor}}}
	for i := range 100 {
		in.Lines = append(in.Lines, line(string(rune('a'+i%26))+string(rune('a'+i/26)), money.MaxMinor, 999))
	}
	r := mustPrice(t, in)
	wantSub := money.MaxMinor * 999 * 100
	if r.Subtotal != wantSub || r.Tax != wantSub+money.MaxMinor || r.Total != 2*(wantSub+money.MaxMinor) {
		t.Fatalf("subtotal %d tax %d total %d", r.Subtotal, r.Tax, r.Total)
	}
}

// A fixed discount is split in proportion: amount × line overflowed int64
// for amounts within the input bounds (10,000.00 off lines of
// 100,000,000,000.00 and 300,000,000,000.00), giving a wrong split; in 128
// bits the shares are exact and add up.
func TestFixedDiscountSplitsLargeLines(t *testing.T) {
	d := &Discount{ID: "dsc_f", Code: "F", Value: 1_000_000, Currency: "EUR", Active: true}
	in := Input{Currency: "EUR", Lines: []Line{line("a", 1_000_000_000_000, 10), line("b", 3_000_000_000_000, 10)},
		Codes: []string{"F"}, Discounts: map[string]*Discount{"F": d}}
	r := mustPrice(t, in)
	if r.Lines[0].Discount != 250_000 || r.Lines[1].Discount != 750_000 || r.Discount != 1_000_000 {
		t.Fatalf("shares %d and %d (sum %d), want 250000 and 750000", r.Lines[0].Discount, r.Lines[1].Discount, r.Discount)
	}
}

// Tax multiplies an amount by parts per million: in 128 bits, so a large
// amount is taxed exactly, and only a tax that itself leaves int64 fails.
func TestTaxEdges(t *testing.T) {
	for _, c := range []struct {
		amount    int64
		ppm       int
		inclusive bool
		want      int64
		overflow  bool
	}{
		{0, 200_000, false, 0, false},
		{-100, 200_000, false, 0, false},
		{100, 0, false, 0, false},
		{math.MaxInt64, 200_000, false, 1_844_674_407_370_955_161, false}, // amount × ppm is about 2^80
		{math.MaxInt64, 1_000_000, false, math.MaxInt64, false},
		{math.MaxInt64, 1_000_000, true, 4_611_686_018_427_387_904, false}, // half, rounded up
		{math.MaxInt64, 2_000_000, false, 0, true},
		{999_999_999_999_99, 200_000, true, 166_666_666_666_67, false},
	} {
		got, err := Tax(c.amount, c.ppm, c.inclusive)
		if errors.Is(err, money.ErrOverflow) != c.overflow || got != c.want {
			t.Errorf("Tax(%d, %d, %v) = %d, %v; want %d, overflow %v", c.amount, c.ppm, c.inclusive, got, err, c.want, c.overflow)
		}
	}
}
