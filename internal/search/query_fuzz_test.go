package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any search text is refused or parsed without panicking, and
// a parsed query holds only what the engines expect: at most MaxTerms
// terms, each lower-case words of letters and digits separated by single
// spaces, a phrase exactly when it has more than one word.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`backpack`, `"hiking boots" -leather`, `tent or tarp`, `or or -`, `-"" "unterminated`,
		`Ünïcödé ＦＵＬＬＷＩＤＴＨ İstanbul`, `a-b c_d e.f`, `--x -"-y"`, strings.Repeat("w ", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		n := len(q.Excluded)
		for _, g := range q.Groups {
			if len(g) == 0 {
				t.Fatalf("%q: an empty group", s)
			}
			n += len(g)
		}
		if n > MaxTerms {
			t.Fatalf("%q: %d terms", s, n)
		}
		check := func(term Term) {
			if term.Text == "" || term.Text != normalize(term.Text) || !utf8.ValidString(term.Text) {
				t.Fatalf("%q: term %q is not normalized (%q)", s, term.Text, normalize(term.Text))
			}
			if term.Phrase != strings.Contains(term.Text, " ") {
				t.Fatalf("%q: term %+v", s, term)
			}
		}
		for _, g := range q.Groups {
			for _, term := range g {
				check(term)
			}
		}
		for _, term := range q.Excluded {
			check(term)
		}
		_ = q.Words()
	})
}
