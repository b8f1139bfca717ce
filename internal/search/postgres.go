package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/store"
)

type postgresEngine struct{ st *store.Store }

// Search runs websearch_to_tsquery over the weighted search_vector; when that
// finds nothing it retries with trigram word similarity on the name.
func (e *postgresEngine) Search(ctx context.Context, q Query) ([]pulid.ID, error) {
	if q.Empty() {
		return nil, nil
	}
	rows, err := e.st.Client.QueryContext(ctx, `
SELECT id, ts_rank(search_vector, query) AS rank
FROM products, websearch_to_tsquery('english', $1) AS query
WHERE search_vector @@ query
ORDER BY rank DESC, id
LIMIT $2`, webSearchString(q), MaxHits)
	if err != nil {
		return nil, fmt.Errorf("full-text search: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	rows, err = e.st.Client.QueryContext(ctx, `
SELECT id, word_similarity($1, name) AS rank
FROM products
WHERE $1 <% name
ORDER BY rank DESC, id
LIMIT $2`, strings.Join(q.Words(), " "), MaxHits)
	if err != nil {
		return nil, fmt.Errorf("similarity search: %w", err)
	}
	ids, err = scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return e.dropExcluded(ctx, q, ids)
}

// webSearchString renders the parsed query back in websearch syntax, so the
// grammar PostgreSQL sees is exactly the one Parse accepted.
func webSearchString(q Query) string {
	var b strings.Builder
	term := func(t Term) {
		if t.Phrase {
			b.WriteString(`"` + t.Text + `"`)
		} else {
			b.WriteString(t.Text)
		}
	}
	for i, g := range q.Groups {
		if i > 0 {
			b.WriteByte(' ')
		}
		for j, t := range g {
			if j > 0 {
				b.WriteString(" or ")
			}
			term(t)
		}
	}
	for _, t := range q.Excluded {
		b.WriteString(" -")
		term(t)
	}
	return b.String()
}

// dropExcluded removes similarity hits that contain an excluded term.
func (e *postgresEngine) dropExcluded(ctx context.Context, q Query, ids []pulid.ID) ([]pulid.ID, error) {
	if len(q.Excluded) == 0 || len(ids) == 0 {
		return ids, nil
	}
	var ex strings.Builder
	for i, t := range q.Excluded {
		if i > 0 {
			ex.WriteString(" or ")
		}
		ex.WriteString(`"` + t.Text + `"`)
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, ex.String())
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, string(id))
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := e.st.Client.QueryContext(ctx, `SELECT id, 0 FROM products WHERE id IN (`+strings.Join(ph, ",")+`) AND search_vector @@ websearch_to_tsquery('english', $1)`, args...)
	if err != nil {
		return nil, err
	}
	bad, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return without(ids, bad), nil
}

func without(ids, drop []pulid.ID) []pulid.ID {
	if len(drop) == 0 {
		return ids
	}
	skip := make(map[pulid.ID]bool, len(drop))
	for _, id := range drop {
		skip[id] = true
	}
	out := ids[:0]
	for _, id := range ids {
		if !skip[id] {
			out = append(out, id)
		}
	}
	return out
}
