// Package store opens Comptoir's database (embedded SQLite or PostgreSQL),
// wraps the driver so that every SQL statement is counted, and hands out the
// ent client the domain packages use.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver.
	_ "modernc.org/sqlite" // Pure-Go SQLite driver, registered as "sqlite".

	"github.com/comptoir/comptoir/ent"
	// Defaults, validators and hooks of the ent schema (the ledger's
	// append-only hook moved them out of package ent).
	_ "github.com/comptoir/comptoir/ent/runtime"
)

// stmtCacheSize bounds the prepared statements kept per store (each one is
// prepared on a connection the first time that connection runs it).
const stmtCacheSize = 256

// Store is an open database with its ent client.
type Store struct {
	DB      *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
	Client  *ent.Client
	Counter *Counter
	// Wake rings after every committed write made through this store or
	// its Background copies (and, with ShareWakes, through other
	// instances): the background workers wait on it instead of polling.
	Wake *Bell

	dsn string   // the driver's DSN, for ShareWakes' LISTEN connection
	bg  *Counter // counts the statements of every Background copy
}

// Open connects to databaseURL: "postgres://…" or "postgresql://…" for
// PostgreSQL, "sqlite:PATH" or "file:PATH" (or a bare path) for SQLite.
// Every statement run through Client is counted by Counter.
func Open(ctx context.Context, databaseURL string, counter *Counter, opts ...Option) (*Store, error) {
	if counter == nil {
		counter = &Counter{}
	}
	o := openOptions{pool: DefaultPool}
	for _, opt := range opts {
		opt(&o)
	}
	dia, driverName, dsn, err := ParseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dia, err)
	}
	// On SQLite too: one writer at a time is its rule, and WAL lets
	// readers go on meanwhile on the other connections.
	o.pool.apply(db)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to %s: %w", dia, err)
	}
	bell := &Bell{}
	drv := &countingDriver{Driver: entsql.OpenDB(dia, db), counter: counter, stmts: newStmtCache(db, stmtCacheSize), system: dbSystem(dia), bell: bell}
	return &Store{DB: db, Dialect: dia, Client: ent.NewClient(ent.Driver(drv)), Counter: counter, Wake: bell, dsn: dsn, bg: &Counter{}}, nil
}

// DefaultConnectTimeout is lib/pq's connect_timeout (seconds) unless the
// PostgreSQL URL sets one.
const DefaultConnectTimeout = "5"

// ParseURL maps a DATABASE_URL to an ent dialect, a database/sql driver name
// and that driver's DSN.
func ParseURL(raw string) (dia, driverName, dsn string, err error) {
	switch {
	case raw == "":
		return "", "", "", errors.New("empty database URL")
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", "", fmt.Errorf("malformed PostgreSQL URL: %w", err)
		}
		// A database host that does not answer costs a request at most this
		// long (then UNAVAILABLE), not the operating system's TCP timeout.
		if q := u.Query(); !q.Has("connect_timeout") {
			q.Set("connect_timeout", DefaultConnectTimeout)
			u.RawQuery = q.Encode()
			raw = u.String()
		}
		return dialect.Postgres, "postgres", raw, nil
	case strings.Contains(raw, "://"):
		return "", "", "", fmt.Errorf("unsupported scheme in %q: use postgres:// or sqlite:PATH", redact(raw))
	}
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "file:")
	if path == "" {
		return "", "", "", errors.New("empty SQLite path")
	}
	q := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate" + sqliteTimeParams
	if strings.Contains(path, "?") {
		return dialect.SQLite, "sqlite", "file:" + path + "&" + q, nil
	}
	return dialect.SQLite, "sqlite", "file:" + path + "?" + q, nil
}

// sqliteTimeParams make the driver store a time.Time as sortable text in one
// zone: "2006-01-02 15:04:05.999999999+00:00" (_time_format=sqlite, SQLite's
// own time-value format 4), converted to UTC first (_timezone=UTC, which the
// driver applies before formatting every bound time and after parsing every
// column it reads). SQLite compares the column as text, so the text must
// order like the instant and be equal only for equal instants: the
// driver's default, t.String(), carries the zone name and the process's
// monotonic clock reading ("… +0000 UTC m=+0.19"), so a cursor's time never
// equalled its row's and `<`/`>` broke ties at the cursor row. Fractions
// drop their trailing zeros; "+" sorts below every digit and ".", so the
// shorter text still sorts first. Reads come back in time.UTC.
// Migration 20261130100000_canonical_times rewrites values written before.
const sqliteTimeParams = "&_time_format=sqlite&_timezone=UTC"

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparseable>"
	}
	return u.Redacted()
}

// Close closes the database.
func (s *Store) Close() error { return s.Client.Close() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// WithTx runs fn in a transaction, committing when it returns nil.
func (s *Store) WithTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Analyze refreshes the planner's statistics. Call it after a bulk load:
// until autovacuum catches up, PostgreSQL would otherwise plan a 5,000-row
// catalog as if it held one row (27 ms instead of 0.8 ms for a product page).
func (s *Store) Analyze(ctx context.Context) error {
	stmt := "ANALYZE"
	if s.Dialect == dialect.SQLite {
		stmt = "PRAGMA optimize"
	}
	if _, err := s.DB.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Background returns the store for background work (the outbox dispatcher,
// the mail sender…): the same database and bell, but its statements are
// counted apart from the requests', by one counter that every Background
// copy of s shares (its Counter).
func (s *Store) Background() *Store {
	bg := s.bg
	if bg == nil { // already a background store
		bg = s.Counter
	}
	drv := &countingDriver{Driver: entsql.OpenDB(s.Dialect, s.DB), counter: bg, system: dbSystem(s.Dialect), bell: s.Wake}
	return &Store{DB: s.DB, Dialect: s.Dialect, Client: ent.NewClient(ent.Driver(drv)), Counter: bg, Wake: s.Wake, dsn: s.dsn}
}
