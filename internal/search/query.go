// Package search finds products by text. Both engines take the same
// web-search syntax and behave alike: PostgreSQL uses a weighted tsvector
// (GIN) with websearch_to_tsquery and falls back to trigram word similarity
// (pg_trgm) when nothing matches exactly; SQLite uses an FTS5 index with the
// porter stemmer and falls back to correcting each word against the index's
// vocabulary by edit distance. Either way a misspelling such as "backpak"
// still finds backpacks, and a name match outranks a description match.
package search

import (
	"strings"
	"unicode"

	"github.com/comptoir/comptoir/internal/apperr"
)

// Limits on what a client may ask.
const (
	MaxQueryLen = 200
	MaxTerms    = 16
	// MaxHits caps the ranked result set a search returns.
	MaxHits = 1000
)

// Term is one word or quoted phrase.
type Term struct {
	Text   string // lower-case words separated by single spaces
	Phrase bool
}

// Query is a parsed web-search query: every group must match (AND), a group
// matches when any of its terms does (OR), and no excluded term may match.
type Query struct {
	Groups   [][]Term
	Excluded []Term
}

// Empty reports whether the query has nothing to match.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// Words returns the positive words in order, for similarity matching.
func (q Query) Words() []string {
	var out []string
	for _, g := range q.Groups {
		for _, t := range g {
			out = append(out, strings.Fields(t.Text)...)
		}
	}
	return out
}

// Parse reads web-search syntax: words, "quoted phrases", -excluded terms and
// `or` between alternatives. Punctuation other than quotes and a leading minus
// separates words, as in PostgreSQL's websearch_to_tsquery.
func Parse(s string) (Query, error) {
	if len(s) > MaxQueryLen {
		return Query{}, apperr.BadInput([]string{"search"}, "search is longer than %d characters", MaxQueryLen)
	}
	type tok struct {
		term    Term
		negated bool
		or      bool
	}
	var toks []tok
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if text := normalize(string(rs[i+1 : min(j, len(rs))])); text != "" {
				toks = append(toks, tok{term: Term{Text: text, Phrase: strings.Contains(text, " ")}})
			}
			i = j + 1
		case r == '-' && (i == 0 || !isWordRune(rs[i-1])) && i+1 < len(rs) && (isWordRune(rs[i+1]) || rs[i+1] == '"'):
			j := i + 1
			var text string
			if rs[j] == '"' {
				k := j + 1
				for k < len(rs) && rs[k] != '"' {
					k++
				}
				text = normalize(string(rs[j+1 : min(k, len(rs))]))
				j = k + 1
			} else {
				for j < len(rs) && isWordRune(rs[j]) {
					j++
				}
				text = normalize(string(rs[i+1 : j]))
			}
			if text != "" {
				toks = append(toks, tok{term: Term{Text: text, Phrase: strings.Contains(text, " ")}, negated: true})
			}
			i = j
		case isWordRune(r):
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			w := strings.ToLower(string(rs[i:j]))
			if w == "or" {
				toks = append(toks, tok{or: true})
			} else {
				toks = append(toks, tok{term: Term{Text: w}})
			}
			i = j
		default:
			i++
		}
	}
	var q Query
	pendingOr := false
	n := 0
	for _, t := range toks {
		switch {
		case t.or:
			pendingOr = len(q.Groups) > 0
		case t.negated:
			q.Excluded = append(q.Excluded, t.term)
			pendingOr = false
			n++
		case pendingOr:
			last := len(q.Groups) - 1
			q.Groups[last] = append(q.Groups[last], t.term)
			pendingOr = false
			n++
		default:
			q.Groups = append(q.Groups, []Term{t.term})
			n++
		}
		if n > MaxTerms {
			return Query{}, apperr.BadInput([]string{"search"}, "search has more than %d terms", MaxTerms)
		}
	}
	return q, nil
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// normalize lower-cases a phrase and keeps only its words.
func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isWordRune(r) }), " ")
}
