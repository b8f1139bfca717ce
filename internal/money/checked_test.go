package money

import (
	"errors"
	"math"
	"testing"
)

const (
	maxI = math.MaxInt64
	minI = math.MinInt64
)

func TestAddSubMul(t *testing.T) {
	for _, c := range []struct {
		op       string
		a, b     int64
		want     int64
		overflow bool
	}{
		{"+", 0, 0, 0, false},
		{"+", maxI, 0, maxI, false},
		{"+", maxI, 1, 0, true},
		{"+", maxI, -1, maxI - 1, false},
		{"+", minI, -1, 0, true},
		{"+", minI, maxI, -1, false},
		{"+", -5, 3, -2, false},
		{"-", 0, minI, 0, true},
		{"-", -1, minI, maxI, false},
		{"-", minI, 1, 0, true},
		{"-", maxI, -1, 0, true},
		{"-", 5, 7, -2, false},
		{"×", 0, maxI, 0, false},
		{"×", maxI, 1, maxI, false},
		{"×", maxI, 2, 0, true},
		{"×", maxI, -1, -maxI, false},
		{"×", minI, -1, 0, true},
		{"×", minI, 1, minI, false},
		{"×", -1 << 62, 2, minI, false},
		{"×", 1 << 62, 2, 0, true},
		{"×", 18_465_209_282_992_545, 999, 0, true}, // the red team's line
		{"×", -3, -4, 12, false},
		{"×", MaxMinor, 999, MaxMinor * 999, false},
	} {
		var got int64
		var err error
		switch c.op {
		case "+":
			got, err = Add(c.a, c.b)
		case "-":
			got, err = Sub(c.a, c.b)
		case "×":
			got, err = Mul(c.a, c.b)
		}
		if errors.Is(err, ErrOverflow) != c.overflow || (err == nil) == c.overflow || got != c.want {
			t.Errorf("%d %s %d = %d, %v; want %d, overflow %v", c.a, c.op, c.b, got, err, c.want, c.overflow)
		}
	}
}

func TestSum(t *testing.T) {
	if s, err := Sum(); s != 0 || err != nil {
		t.Errorf("Sum() = %d, %v", s, err)
	}
	if s, err := Sum(maxI, -1, 1); s != maxI || err != nil {
		t.Errorf("Sum(max, -1, 1) = %d, %v", s, err)
	}
	if _, err := Sum(maxI, 1, -1); !errors.Is(err, ErrOverflow) {
		t.Errorf("Sum(max, 1, -1): %v, want overflow (the running sum leaves int64)", err)
	}
}

func TestMulDiv(t *testing.T) {
	for _, c := range []struct {
		a, b, d  int64
		want     int64
		overflow bool
	}{
		{0, 1_000_000, 1_000_000, 0, false},
		{15, 100_000, 1_000_000, 2, false},   // 1.5 → 2
		{-15, 100_000, 1_000_000, -2, false}, // half away from zero
		{14, 100_000, 1_000_000, 1, false},
		{maxI, 1_000_000, 1_000_000, maxI, false}, // a × b is far beyond int64
		{maxI, 999_999, 1_000_000, 9_223_362_813_482_738_952, false},
		{minI, 1_000_000, 1_000_000, minI, false},
		{minI, -1, 1, 0, true},
		{maxI, 2, 1, 0, true},
		{maxI, maxI, maxI, maxI, false},
		{1, 1, 0, 0, true},
		{1, 1, -1, 0, true},
	} {
		got, err := MulDiv(c.a, c.b, c.d)
		if errors.Is(err, ErrOverflow) != c.overflow || got != c.want {
			t.Errorf("MulDiv(%d, %d, %d) = %d, %v; want %d, overflow %v", c.a, c.b, c.d, got, err, c.want, c.overflow)
		}
	}
}

// MulDivTrunc matches Go's / and % wherever a × b fits, and goes on where
// it does not.
func TestMulDivTrunc(t *testing.T) {
	for _, a := range []int64{0, 1, -1, 7, -7, 1_000_003, -999_999_937} {
		for _, b := range []int64{0, 3, -3, 10_000} {
			for _, d := range []int64{1, -1, 4, -4, 7, 1_000_000} {
				q, r, err := MulDivTrunc(a, b, d)
				if err != nil || q != a*b/d || r != a*b%d {
					t.Errorf("MulDivTrunc(%d, %d, %d) = %d, %d, %v; want %d, %d", a, b, d, q, r, err, a*b/d, a*b%d)
				}
			}
		}
	}
	if q, r, err := MulDivTrunc(maxI, 3, 4); q != 6_917_529_027_641_081_855 || r != 1 || err != nil {
		t.Errorf("MulDivTrunc(max, 3, 4) = %d, %d, %v", q, r, err)
	}
	if q, _, err := MulDivTrunc(minI, 1, 1); q != minI || err != nil {
		t.Errorf("MulDivTrunc(min, 1, 1) = %d, %v", q, err)
	}
	for _, c := range [][3]int64{{maxI, 2, 1}, {minI, -1, 1}, {1, 1, 0}} {
		if _, _, err := MulDivTrunc(c[0], c[1], c[2]); !errors.Is(err, ErrOverflow) {
			t.Errorf("MulDivTrunc%v: %v, want overflow", c, err)
		}
	}
}

// Calc keeps the first overflow.
func TestCalcIsSticky(t *testing.T) {
	var c Calc
	x := c.Add(maxI, 1)
	_ = c.Mul(x, 2)
	if c.Add(1, 2) != 3 || !errors.Is(c.Err(), ErrOverflow) {
		t.Fatalf("Calc lost its overflow: %v", c.Err())
	}
	var ok Calc
	if ok.MulDiv(maxI, 1, 1) != maxI || ok.Prorate(maxI, 1, 2) != maxI/2 || ok.Err() != nil {
		t.Fatalf("Calc failed without an overflow: %v", ok.Err())
	}
}

func TestPartsPerMillion(t *testing.T) {
	for _, c := range []struct {
		amount int64
		ppm    int
		want   int64
	}{
		{1000, 125_000, 125}, {5, 100_000, 1}, {-5, 100_000, -1}, {4, 100_000, 0},
		{maxI, 1_000_000, maxI}, {minI, 1_000_000, minI}, {maxI, 0, 0},
	} {
		if got, err := PartsPerMillion(c.amount, c.ppm); err != nil || got != c.want {
			t.Errorf("PartsPerMillion(%d, %d) = %d, %v; want %d", c.amount, c.ppm, got, err, c.want)
		}
	}
	if _, err := PartsPerMillion(maxI, 2_000_000); !errors.Is(err, ErrOverflow) {
		t.Errorf("PartsPerMillion(max, 200%%): %v, want overflow", err)
	}
}

// ParseAmount: what a money input means, bounded by MaxMinor in every
// currency.
func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in      string
		cur     Currency
		want    int64
		wantErr bool
	}{
		{"19.90", "EUR", 1990, false},
		{"99999999999.99", "EUR", MaxMinor, false},
		{"-99999999999.99", "EUR", -MaxMinor, false},
		{"100000000000", "EUR", 0, true},
		{"184652092829925.45", "EUR", 0, true}, // the red team's price
		{"999999999999999.99", "EUR", 0, true}, // the red team's rate per kg
		{"9999999999999", "JPY", MaxMinor, false},
		{"10000000000000", "JPY", 0, true},
		{"0", "EUR", 0, false},
		{"19.999", "EUR", 0, true},
	} {
		got, err := ParseAmount(c.in, c.cur)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d, err %v", c.in, c.cur, got, err, c.want, c.wantErr)
		}
		if err != nil && !errors.Is(err, ErrDecimal) {
			t.Errorf("ParseAmount(%q): %v does not wrap ErrDecimal", c.in, err)
		}
		var d Decimal
		if d.UnmarshalGQL(c.in) == nil {
			if got, err := d.MinorUnits(c.cur); (err != nil) != c.wantErr || got != c.want {
				t.Errorf("Decimal(%q).MinorUnits(%s) = %d, %v: not ParseAmount", c.in, c.cur, got, err)
			}
		}
	}
}
