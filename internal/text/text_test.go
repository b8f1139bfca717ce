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

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  kept  spaces ", 8, "  kept  "},
		{"élan été", 3, "éla"},
		{"日本語のテキスト", 3, "日本語"},
		{"👍🏽👍🏽", 1, "👍"},
		{"🇫🇷🇯🇵", 2, "🇫🇷"},
		{"abc", 0, ""},
		{"ab\xffcd", 3, "ab\uFFFD"},
	} {
		got := Cut(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if utf8.RuneCountInString(got) > max(tc.n, 0) || !utf8.ValidString(got) {
			t.Errorf("Cut(%q, %d) = %q: %d runes or invalid UTF-8", tc.in, tc.n, got, utf8.RuneCountInString(got))
		}
	}
}

func TestCutBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"élan", 1, ""},  // é is 2 bytes
		{"élan", 2, "é"}, // exactly one character
		{"aé", 2, "a"},
		{"日本語", 5, "日"}, // 3 bytes each
		{"日本語", 6, "日本"},
		{"a👍", 4, "a"}, // 👍 is 4 bytes
		{"a👍", 5, "a👍"},
		{"x\xff", 2, "x"}, // the bad byte becomes U+FFFD (3 bytes), which does not fit
		{"abc", 0, ""},
	} {
		got := CutBytes(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("CutBytes(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if len(got) > max(tc.n, 0) || !utf8.ValidString(got) {
			t.Errorf("CutBytes(%q, %d) = %q: %d bytes or invalid UTF-8", tc.in, tc.n, got, len(got))
		}
	}
	// Every budget over a mixed string gives valid UTF-8 within budget.
	mixed := "é日👍a\u0301ß"
	for n := 0; n <= len(mixed)+1; n++ {
		if got := CutBytes(mixed, n); len(got) > n || !utf8.ValidString(got) || !strings.HasPrefix(mixed, got) {
			t.Errorf("CutBytes(mixed, %d) = %q", n, got)
		}
		if got := Cut(mixed, n); !utf8.ValidString(got) || !strings.HasPrefix(mixed, got) {
			t.Errorf("Cut(mixed, %d) = %q", n, got)
		}
	}
}
