// Package testdb gives each test a fresh, migrated database: a file in the
// test's temporary directory for SQLite, and for PostgreSQL (when
// TEST_POSTGRES_URL is set) a database cloned from a per-package template, so
// that packages run in parallel without sharing state.
//
// Without TEST_POSTGRES_URL the PostgreSQL subtests skip and say so; under
// CI=true they fail instead, because CI must run every test on both.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testenv"
	"github.com/comptoir/comptoir/migrations"
)

// EnvPostgres names the variable holding an admin URL of a PostgreSQL server.
const EnvPostgres = "TEST_POSTGRES_URL"

// Dialects are the backends every store test runs on.
var Dialects = []string{dialect.SQLite, dialect.Postgres}

// Each runs fn as one subtest per dialect, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, dia := range Dialects {
		t.Run(dia, func(t *testing.T) {
			fn(t, Open(t, dia))
		})
	}
}

// Open returns a fresh migrated store of the dialect, closed at cleanup.
func Open(t testing.TB, dia string) *store.Store {
	t.Helper()
	u := URL(t, dia)
	st, err := store.Open(context.Background(), u, nil)
	if err != nil {
		t.Fatalf("open %s: %v", dia, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if dia == dialect.SQLite {
		if _, err := migrations.Apply(context.Background(), st.DB, dia); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	return st
}

// URL returns the URL of a fresh database: for SQLite a new empty file (not
// migrated), for PostgreSQL a new database cloned from the migrated template.
func URL(t testing.TB, dia string) string {
	t.Helper()
	if dia == dialect.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	return clone(t, true)
}

// EmptyPostgresURL returns a fresh PostgreSQL database with no tables.
func EmptyPostgresURL(t testing.TB) string {
	t.Helper()
	return clone(t, false)
}

// AdminURL returns the PostgreSQL admin URL, skipping (or failing under CI)
// when there is none.
func AdminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		testenv.Missing(t, EnvPostgres+" is not set", "set it to run the PostgreSQL tests, e.g. "+EnvPostgres+"=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	return u
}

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
	created  sync.Map // database names to drop at the end of the package
)

// SharedPostgresURL returns a migrated PostgreSQL database that lives until
// the package's tests end (Run drops it), for benchmarks whose setup must
// outlive one b.
func SharedPostgresURL(t testing.TB) string {
	t.Helper()
	return cloneFor(t, true, false)
}

func clone(t testing.TB, migrated bool) string { return cloneFor(t, migrated, true) }

func cloneFor(t testing.TB, migrated, dropAtCleanup bool) string {
	admin := AdminURL(t)
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	name := "comptoir_t_" + randHex()
	stmt := "CREATE DATABASE " + name
	if migrated {
		tmplOnce.Do(func() { tmplName, tmplErr = makeTemplate(ctx, db, admin) })
		if tmplErr != nil {
			t.Fatalf("template database: %v", tmplErr)
		}
		stmt += " TEMPLATE " + tmplName
	}
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	if dropAtCleanup {
		t.Cleanup(func() { drop(admin, name) })
	} else {
		created.Store(name, true)
	}
	return withDB(admin, name)
}

func makeTemplate(ctx context.Context, db *sql.DB, admin string) (string, error) {
	name := "comptoir_tmpl_" + randHex()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	created.Store(name, true)
	tdb, err := sql.Open("postgres", withDB(admin, name))
	if err != nil {
		return "", err
	}
	defer tdb.Close()
	if _, err := migrations.Apply(ctx, tdb, dialect.Postgres); err != nil {
		return "", err
	}
	return name, nil
}

// Run wraps testing.M: it drops the package's template database at the end.
// Use it as `func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }`.
func Run(m *testing.M) int {
	code := m.Run()
	if admin := os.Getenv(EnvPostgres); admin != "" {
		created.Range(func(k, _ any) bool {
			drop(admin, k.(string))
			return true
		})
	}
	return code
}

func drop(admin, name string) {
	db, err := sql.Open("postgres", admin)
	if err != nil {
		return
	}
	defer db.Close()
	_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
}

func withDB(admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		panic(fmt.Sprintf("bad %s: %v", EnvPostgres, err))
	}
	u.Path = "/" + name
	return u.String()
}

func randHex() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Store is a convenience alias for tests that take a *store.Store.
type Store = store.Store
