package search

import (
	"context"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/store"
)

// Engine ranks products against a query, best first, at most MaxHits.
// It does not apply catalog visibility: callers filter the IDs it returns.
type Engine interface {
	Search(ctx context.Context, q Query) ([]pulid.ID, error)
}

// New returns the engine for the store's dialect.
func New(st *store.Store) Engine {
	if st.Dialect == dialect.Postgres {
		return &postgresEngine{st: st}
	}
	return &sqliteEngine{st: st}
}

func scanIDs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]pulid.ID, error) {
	defer rows.Close()
	var ids []pulid.ID
	for rows.Next() {
		var id pulid.ID
		var rank float64
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
