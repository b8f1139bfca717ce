// Package text cuts display text by runes, never bytes: the one truncation
// helper (DESIGN.md: "Text is cut by runes, never bytes, by one helper").
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Ellipsis ends a cut text.
const Ellipsis = "…"

// Truncate returns s, whitespace collapsed, cut to at most n runes: when it
// is longer, it is cut at the last word boundary that leaves room for an
// ellipsis (in the middle of a word only when one word is longer than n),
// and the ellipsis is added. Invalid UTF-8 is replaced, so the result is
// always valid UTF-8.
func Truncate(s string, n int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	if n == 1 {
		return Ellipsis
	}
	cut := runes[:n-1]
	// Unless the cut already falls between two words, go back to the last one.
	if !unicode.IsSpace(runes[n-1]) {
		if i := lastSpace(cut); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + Ellipsis
}

func lastSpace(rs []rune) int {
	for i := len(rs) - 1; i > 0; i-- {
		if unicode.IsSpace(rs[i]) {
			return i
		}
	}
	return -1
}

// Cut returns s cut to at most n runes, otherwise unchanged (no ellipsis,
// whitespace kept): for a value stored under a column's limit. Invalid
// UTF-8 is replaced first, so the result is always valid UTF-8.
func Cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if n <= 0 {
		return ""
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// CutBytes returns the longest prefix of s of at most n bytes that does not
// split a character: for byte budgets (a header, a span attribute). Invalid
// UTF-8 is replaced first, so the result is always valid UTF-8.
func CutBytes(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
