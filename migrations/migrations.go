// Package migrations embeds Comptoir's versioned SQL migrations (one directory
// per dialect, generated from the ent schema by cmd/migrategen, plus a few
// hand-written files for what ent cannot express) and applies them.
//
// Files apply in version order, each in its own transaction, and are recorded
// in comptoir_schema_migrations with their checksum. atlas.sum is verified
// first, so an edited or missing file stops start-up instead of drifting. On
// PostgreSQL a session advisory lock makes concurrent instances apply them one
// at a time: the second waits, then finds nothing left to do.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

//go:embed postgres/*.sql postgres/atlas.sum sqlite/*.sql sqlite/atlas.sum
var files embed.FS

// advisoryLockKey is an arbitrary constant shared by every Comptoir instance.
const advisoryLockKey = 72_246_615_001

// Migration is one versioned file.
type Migration struct {
	Version     string
	Description string
	Checksum    string
	SQL         string
	AppliedAt   *time.Time
}

// Dir returns the embedded migration directory of a dialect.
func Dir(dia string) (atlas.Dir, error) {
	sub, err := fs.Sub(files, dirName(dia))
	if err != nil {
		return nil, err
	}
	mem := &atlas.MemDir{}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		if err := mem.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return mem, nil
}

func dirName(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Load returns the embedded migrations of a dialect in order, after checking
// atlas.sum.
func Load(dia string) ([]Migration, error) {
	dir, err := Dir(dia)
	if err != nil {
		return nil, err
	}
	if err := atlas.Validate(dir); err != nil {
		return nil, fmt.Errorf("migrations/%s: %w", dirName(dia), err)
	}
	sum, err := dir.Checksum()
	if err != nil {
		return nil, err
	}
	mfiles, err := dir.Files()
	if err != nil {
		return nil, err
	}
	out := make([]Migration, 0, len(mfiles))
	for i, f := range mfiles {
		out = append(out, Migration{
			Version:     f.Version(),
			Description: f.Desc(),
			Checksum:    sum[i].H,
			SQL:         string(f.Bytes()),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

const createTable = `CREATE TABLE IF NOT EXISTS comptoir_schema_migrations (
	version VARCHAR(64) PRIMARY KEY,
	description VARCHAR(255) NOT NULL,
	checksum VARCHAR(128) NOT NULL,
	applied_at TIMESTAMP NOT NULL
)`

// Apply brings the database up to date and returns the versions it applied.
func Apply(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	return apply(ctx, db, dia, "")
}

// apply applies the pending migrations up to version upTo included (all of
// them when upTo is empty).
func apply(ctx context.Context, db *sql.DB, dia, upTo string) ([]string, error) {
	all, err := Load(dia)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dia == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", advisoryLockKey); err != nil {
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		defer func() {
			// A fresh context: the unlock must happen even if ctx is done.
			_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", advisoryLockKey)
		}()
	}
	if dia == dialect.SQLite {
		// SQLite changes a table by rebuilding it, which needs foreign keys
		// off; the pragma is a no-op inside a transaction, so it is set on
		// the connection around the whole run, and every key is checked
		// before it is turned back on (SQLite's documented procedure).
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return nil, err
		}
		defer func() { _, _ = conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON") }()
	}
	if _, err := conn.ExecContext(ctx, createTable); err != nil {
		return nil, fmt.Errorf("create migrations table: %w", err)
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, m := range all {
		if upTo != "" && m.Version > upTo {
			break
		}
		if sum, ok := applied[m.Version]; ok {
			if sum != m.Checksum {
				return done, fmt.Errorf("migration %s was changed after it was applied (checksum %s, recorded %s)", m.Version, m.Checksum, sum)
			}
			continue
		}
		if err := applyOne(ctx, conn, dia, m); err != nil {
			return done, err
		}
		done = append(done, m.Version)
	}
	return done, nil
}

func applyOne(ctx context.Context, conn *sql.Conn, dia string, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s_%s: %w", m.Version, m.Description, err)
	}
	if dia == dialect.SQLite {
		rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			return err
		}
		broken := rows.Next()
		_ = rows.Close()
		if broken {
			return fmt.Errorf("migration %s_%s leaves foreign keys broken", m.Version, m.Description)
		}
	}
	insert := "INSERT INTO comptoir_schema_migrations (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)"
	if dia == dialect.Postgres {
		insert = "INSERT INTO comptoir_schema_migrations (version, description, checksum, applied_at) VALUES ($1, $2, $3, $4)"
	}
	if _, err := tx.ExecContext(ctx, insert, m.Version, m.Description, m.Checksum, time.Now().UTC()); err != nil {
		return fmt.Errorf("record migration %s: %w", m.Version, err)
	}
	return tx.Commit()
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func appliedVersions(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT version, checksum FROM comptoir_schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var v, s string
		if err := rows.Scan(&v, &s); err != nil {
			return nil, err
		}
		out[v] = s
	}
	return out, rows.Err()
}

// Status lists every embedded migration with the time it was applied (nil
// when pending).
func Status(ctx context.Context, db *sql.DB, dia string) ([]Migration, error) {
	all, err := Load(dia)
	if err != nil {
		return nil, err
	}
	times := map[string]time.Time{}
	rows, err := db.QueryContext(ctx, "SELECT version, applied_at FROM comptoir_schema_migrations")
	switch {
	case err != nil && isMissingTable(err):
	case err != nil:
		return nil, err
	default:
		defer rows.Close()
		for rows.Next() {
			var v string
			var at time.Time
			if err := rows.Scan(&v, &at); err != nil {
				return nil, err
			}
			times[v] = at
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for i := range all {
		if at, ok := times[all[i].Version]; ok {
			all[i].AppliedAt = &at
		}
	}
	return all, nil
}

// Pending reports how many embedded migrations are not applied yet.
func Pending(ctx context.Context, db *sql.DB, dia string) (int, error) {
	st, err := Status(ctx, db, dia)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range st {
		if m.AppliedAt == nil {
			n++
		}
	}
	return n, nil
}

func isMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "does not exist")
}

// ErrPending is returned by readiness checks while migrations are pending.
var ErrPending = errors.New("migrations pending")
