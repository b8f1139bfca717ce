package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  spaced \n out  ", 20, "spaced out"},
		{"a tent for two people", 12, "a tent for…"},
		{"élan été ça déjà", 9, "élan été…"},
		{"日本語のテキストです", 5, "日本語の…"},
		{"supercalifragilistic", 6, "super…"},
		{"word, next", 6, "word…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
		{"bad \xff byte", 20, "bad \uFFFD byte"},
	} {
		got := Truncate(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if tc.n > 0 && utf8.RuneCountInString(got) > tc.n || !utf8.ValidString(got) {
			t.Errorf("Truncate(%q, %d) = %q: %d runes or invalid", tc.in, tc.n, got, utf8.RuneCountInString(got))
		}
	}
	long := strings.Repeat("é", 500)
	if got := Truncate(long, 160); utf8.RuneCountInString(got) != 160 || !strings.HasSuffix(got, Ellipsis) {
		t.Fatalf("a 500-rune word cut to 160: %d runes", utf8.RuneCountInString(got))
	}
}
