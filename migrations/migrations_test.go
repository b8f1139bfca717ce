package migrations_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/comptoir/comptoir/ent/migrate"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/migrations"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

func freshURL(t *testing.T, dia string) string {
	if dia == dialect.Postgres {
		return testdb.EmptyPostgresURL(t)
	}
	return testdb.URL(t, dia)
}

// TestSchemaMatchesMigrations fails when the ent schema and the migrations
// disagree: after every migration is applied, ent must find nothing to change.
// Regenerate with `go run ./cmd/migrategen NAME`.
func TestSchemaMatchesMigrations(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, freshURL(t, dia), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := migrations.Apply(ctx, st.DB, dia); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := migrate.NewSchema(entsql.OpenDB(st.Dialect, st.DB)).WriteTo(ctx, &buf, schema.WithDropColumn(false), schema.WithDropIndex(false)); err != nil {
				t.Fatal(err)
			}
			var changes []string
			for _, line := range strings.Split(buf.String(), "\n") {
				l := strings.TrimSpace(line)
				if l == "" || l == "BEGIN;" || l == "COMMIT;" || strings.HasPrefix(l, "--") {
					continue
				}
				changes = append(changes, l)
			}
			if len(changes) > 0 {
				t.Fatalf("the ent schema differs from migrations/%s; run `go run ./cmd/migrategen NAME`:\n%s", dia, strings.Join(changes, "\n"))
			}
		})
	}
}

func TestApplyIsIdempotentAndStatus(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, freshURL(t, dia), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			all, err := migrations.Load(dia)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := migrations.Pending(ctx, st.DB, dia); err != nil || n != len(all) {
				t.Fatalf("pending before = %d, %v; want %d", n, err, len(all))
			}
			first, err := migrations.Apply(ctx, st.DB, dia)
			if err != nil || len(first) != len(all) {
				t.Fatalf("first apply = %v, %v", first, err)
			}
			second, err := migrations.Apply(ctx, st.DB, dia)
			if err != nil || len(second) != 0 {
				t.Fatalf("second apply = %v, %v; want nothing", second, err)
			}
			status, err := migrations.Status(ctx, st.DB, dia)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range status {
				if m.AppliedAt == nil {
					t.Errorf("%s not marked applied", m.Version)
				}
			}
		})
	}
}

func TestChangedMigrationIsRefused(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, freshURL(t, dialect.SQLite), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := migrations.Apply(ctx, st.DB, dialect.SQLite); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec("UPDATE comptoir_schema_migrations SET checksum = 'x'"); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(ctx, st.DB, dialect.SQLite); err == nil || !strings.Contains(err.Error(), "changed after it was applied") {
		t.Fatalf("err = %v; want a refusal", err)
	}
}

// TestConcurrentInstancesMigrateOnce starts several appliers at once on one
// PostgreSQL database: the advisory lock lets exactly one apply each file.
func TestConcurrentInstancesMigrateOnce(t *testing.T) {
	u := testdb.EmptyPostgresURL(t)
	ctx := context.Background()
	const n = 4
	var wg sync.WaitGroup
	results := make([][]string, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db, err := sql.Open("postgres", u)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			results[i], errs[i] = migrations.Apply(ctx, db, dialect.Postgres)
		}(i)
	}
	wg.Wait()
	total := 0
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		total += len(results[i])
	}
	all, _ := migrations.Load(dialect.Postgres)
	if total != len(all) {
		t.Fatalf("migrations applied %d times in all; want %d (each exactly once)", total, len(all))
	}
}

// TestDefaultWarehouseAfterMigration: a fresh store has the default
// warehouse, and a store whose default warehouse was created on first use
// (before the warehouses migration) keeps that row, so its stock levels
// keep pointing at it, now flagged as the default.
func TestDefaultWarehouseAfterMigration(t *testing.T) {
	const version = "20261130082913" // postgres; sqlite's is 20261130082905
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, freshURL(t, dia), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			all, err := migrations.Load(dia)
			if err != nil {
				t.Fatal(err)
			}
			conn, err := st.DB.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			exec := func(q string, args ...any) {
				t.Helper()
				if dia == dialect.Postgres {
					for i := range args {
						q = strings.Replace(q, "?", fmt.Sprintf("$%d", i+1), 1)
					}
				}
				if _, err := conn.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if dia == dialect.SQLite {
				exec("PRAGMA foreign_keys = OFF")
			}
			exec(`CREATE TABLE comptoir_schema_migrations (version VARCHAR(64) PRIMARY KEY, description VARCHAR(255) NOT NULL, checksum VARCHAR(128) NOT NULL, applied_at TIMESTAMP NOT NULL)`)
			found := false
			for _, m := range all {
				if m.Description == "warehouses" {
					found = true
					break
				}
				exec(m.SQL)
				exec("INSERT INTO comptoir_schema_migrations VALUES (?, ?, ?, ?)", m.Version, m.Description, m.Checksum, time.Now().UTC())
			}
			if !found {
				t.Fatalf("no warehouses migration (expected version %s or its sqlite twin)", version)
			}
			exec("INSERT INTO warehouses (id, created_at, updated_at, code, name, is_default) VALUES (?, ?, ?, ?, ?, ?)",
				"wh_01J00000000000000000000000", time.Now().UTC(), time.Now().UTC(), "default", "Default warehouse", true)
			if dia == dialect.SQLite {
				exec("PRAGMA foreign_keys = ON")
			}
			if _, err := migrations.Apply(ctx, st.DB, dia); err != nil {
				t.Fatal(err)
			}
			wh := st.Client.Warehouse.Query().AllX(ctx)
			if len(wh) != 1 || wh[0].ID != "wh_01J00000000000000000000000" || !wh[0].IsDefault || !wh[0].Active || wh[0].Priority != 0 {
				t.Fatalf("after upgrade: %+v", wh)
			}

			fresh, err := store.Open(ctx, freshURL(t, dia), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			if _, err := migrations.Apply(ctx, fresh.DB, dia); err != nil {
				t.Fatal(err)
			}
			wh = fresh.Client.Warehouse.Query().AllX(ctx)
			if len(wh) != 1 || wh[0].Code != "default" || !wh[0].IsDefault || !wh[0].Active || wh[0].CreatedAt.IsZero() {
				t.Fatalf("fresh store: %+v", wh)
			}
		})
	}
}
