package migrations

import (
	"context"
	"database/sql"
)

// ApplyUpTo applies the pending migrations up to version included, so that a
// test can fill a database as it was before a migration.
func ApplyUpTo(ctx context.Context, db *sql.DB, dia, version string) ([]string, error) {
	return apply(ctx, db, dia, version)
}
