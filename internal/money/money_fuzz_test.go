package money

import (
	"strings"
	"testing"
)

// FuzzParse: decimal text never panics, and what parses formats back to
// the same value (no silent overflow, no rounding).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"19.90", "-0.05", "0", "999999999999999.99", "1e3", ".5", "5.", "--1", "٣.٥", "12.5"} {
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, e uint8) {
		exp := int(e % 5) // 0 (JPY), 2 (EUR), 4 (percentages)
		v, err := Parse(s, exp)
		if err != nil {
			return
		}
		back, err := Parse(Format(v, exp), exp)
		if err != nil || back != v {
			t.Fatalf("Parse(%q, %d) = %d, formatted %q, parsed back %d (%v)", s, exp, v, Format(v, exp), back, err)
		}
		if (v < 0) != (strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") != "") {
			t.Fatalf("Parse(%q, %d) = %d: wrong sign", s, exp, v)
		}
	})
}

// FuzzDecimal: the Decimal scalar, minor units in every currency and
// percentages never panic, and accepted values keep their meaning.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"19.90", "100", "12.5", "0.0001", "100.00001", "-3", "999999999999999.999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Decimal
		if err := d.UnmarshalGQL(s); err == nil {
			for c := range exponents {
				if v, err := d.MinorUnits(c); err == nil {
					if back, _ := Parse(Format(v, c.Exponent()), c.Exponent()); back != v {
						t.Fatalf("%q in %s: %d", s, c, v)
					}
				}
			}
		}
		if ppm, ok := ParsePercent(s); ok {
			if ppm < 0 || ppm > 100_0000 {
				t.Fatalf("ParsePercent(%q) = %d, outside 0..100%%", s, ppm)
			}
			if back, ok := ParsePercent(FormatPercent(ppm)); !ok || back != ppm {
				t.Fatalf("ParsePercent(%q) = %d, formatted %q, parsed back %d", s, ppm, FormatPercent(ppm), back)
			}
		}
	})
}
