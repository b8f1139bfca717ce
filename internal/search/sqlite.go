package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/store"
)

type sqliteEngine struct{ st *store.Store }

// Search runs an FTS5 MATCH ranked by bm25 (name weighs 10, description 1);
// when that finds nothing it corrects each word against the index vocabulary
// and retries.
func (e *sqliteEngine) Search(ctx context.Context, q Query) ([]pulid.ID, error) {
	if q.Empty() {
		return nil, nil
	}
	ids, err := e.match(ctx, ftsString(q, nil))
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	alts, err := e.corrections(ctx, q)
	if err != nil || len(alts) == 0 {
		return nil, err
	}
	return e.match(ctx, ftsString(q, alts))
}

func (e *sqliteEngine) match(ctx context.Context, expr string) ([]pulid.ID, error) {
	rows, err := e.st.Client.QueryContext(ctx, `
SELECT product_id, bm25(product_search, 0.0, 10.0, 1.0) AS rank
FROM product_search
WHERE product_search MATCH ?
ORDER BY rank, product_id
LIMIT ?`, expr, MaxHits)
	if err != nil {
		return nil, fmt.Errorf("full-text search: %w", err)
	}
	return scanIDs(rows)
}

// maxDistance is how many edits a word of that length may be off by.
func maxDistance(word string) int {
	switch n := len([]rune(word)); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// corrections maps each single word that is not in the vocabulary to the
// vocabulary terms within its edit distance.
func (e *sqliteEngine) corrections(ctx context.Context, q Query) (map[string][]string, error) {
	words := map[string]bool{}
	minLen, maxLen := 1<<30, 0
	for _, g := range q.Groups {
		for _, t := range g {
			if !t.Phrase && maxDistance(t.Text) > 0 {
				words[t.Text] = true
				n := len([]rune(t.Text))
				minLen, maxLen = min(minLen, n-2), max(maxLen, n+2)
			}
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := e.st.Client.QueryContext(ctx,
		`SELECT term FROM product_search_vocab WHERE length(term) BETWEEN ? AND ?`, minLen, maxLen)
	if err != nil {
		return nil, fmt.Errorf("search vocabulary: %w", err)
	}
	defer rows.Close()
	alts := map[string][]string{}
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			return nil, err
		}
		for w := range words {
			if term != w && levenshtein.ComputeDistance(w, term) <= maxDistance(w) {
				alts[w] = append(alts[w], term)
			}
		}
	}
	return alts, rows.Err()
}

// ftsString renders the query in FTS5 syntax with explicit grouping, so that
// AND/OR precedence matches websearch_to_tsquery: "a b or c" is a AND (b OR c).
func ftsString(q Query, alts map[string][]string) string {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var parts []string
	for _, g := range q.Groups {
		var or []string
		for _, t := range g {
			or = append(or, quote(t.Text))
			for _, a := range alts[t.Text] {
				or = append(or, quote(a))
			}
		}
		parts = append(parts, "("+strings.Join(or, " OR ")+")")
	}
	expr := strings.Join(parts, " AND ")
	for _, t := range q.Excluded {
		expr += " NOT " + quote(t.Text)
	}
	return expr
}
