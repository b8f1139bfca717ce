package money

import "testing"

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		minor int64
		exp   int
		want  string
	}{
		{1990, 2, "19.90"}, {5, 2, "0.05"}, {0, 2, "0.00"}, {-150, 2, "-1.50"},
		{100000, 2, "1000.00"}, {42, 0, "42"}, {0, 0, "0"}, {-7, 0, "-7"},
	} {
		if got := Format(tc.minor, tc.exp); got != tc.want {
			t.Errorf("Format(%d, %d) = %q, want %q", tc.minor, tc.exp, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in      string
		exp     int
		want    int64
		wantErr bool
	}{
		{"19.90", 2, 1990, false}, {"19.9", 2, 1990, false}, {"19", 2, 1900, false},
		{"0.05", 2, 5, false}, {"-1.5", 2, -150, false}, {"42", 0, 42, false},
		{"19.999", 2, 0, true}, {"1e3", 2, 0, true}, {"", 2, 0, true}, {".5", 2, 0, true},
		{"5.", 2, 0, true}, {"1,5", 2, 0, true}, {"+1", 2, 0, true}, {"1.5", 0, 0, true},
		{"1234567890123456", 2, 0, true},
		// 15 digits scaled by 10^4 no longer fit in 64 bits: an error, not
		// a wrapped (negative) value; likewise a percentage.
		{"922700000000000", 4, 0, true}, {"922337203685477.5807", 4, 922337203685477_5807, false},
		{"-922337203685477.5807", 4, -922337203685477_5807, false}, {"922337203685477.5808", 4, 0, true},
	} {
		got, err := Parse(tc.in, tc.exp)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("Parse(%q, %d) = %d, %v; want %d, err=%v", tc.in, tc.exp, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestDecimalRefusesFloat(t *testing.T) {
	var d Decimal
	if err := d.UnmarshalGQL(19.9); err == nil {
		t.Fatal("a float was accepted as a Decimal")
	}
	if err := d.UnmarshalGQL("19.90"); err != nil || d != "19.90" {
		t.Fatalf("got %q, %v", d, err)
	}
}

func TestMoneyAmount(t *testing.T) {
	if got := New(23470, "EUR").Amount(); got != "234.70" {
		t.Fatalf("got %s", got)
	}
	if _, err := ParseCurrency("XXX"); err == nil {
		t.Fatal("unknown currency accepted")
	}
}
