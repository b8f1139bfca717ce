// Command migrategen writes a new versioned migration for each dialect from the
// difference between the ent schema and the migrations already in
// migrations/<dialect>, using ent's Atlas-based diff against a throwaway
// development database (in-memory SQLite; a temporary PostgreSQL database).
//
//	go run ./cmd/migrategen NAME     # new migration files named NAME
//	go run ./cmd/migrategen -rehash  # rewrite atlas.sum after a hand edit
//
// PostgreSQL comes from MIGRATEGEN_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable).
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	"github.com/comptoir/comptoir/ent/migrate"
)

func main() {
	rehash := flag.Bool("rehash", false, "only rewrite atlas.sum of both dialects")
	only := flag.String("dialect", "", "limit to one dialect: sqlite or postgres")
	flag.Parse()
	ctx := context.Background()
	for _, dia := range []string{dialect.SQLite, dialect.Postgres} {
		if *only != "" && *only != dia {
			continue
		}
		dir, err := atlas.NewLocalDir("migrations/" + dirName(dia))
		if err != nil {
			log.Fatal(err)
		}
		if *rehash {
			sum, err := dir.Checksum()
			if err != nil {
				log.Fatal(err)
			}
			if err := atlas.WriteSumFile(dir, sum); err != nil {
				log.Fatal(err)
			}
			continue
		}
		if flag.NArg() != 1 {
			log.Fatal("usage: migrategen NAME | -rehash")
		}
		if err := diff(ctx, dia, dir, flag.Arg(0)); err != nil {
			log.Fatalf("%s: %v", dia, err)
		}
	}
}

func dirName(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

func diff(ctx context.Context, dia string, dir atlas.Dir, name string) error {
	db, cleanup, err := devDB(ctx, dia)
	if err != nil {
		return err
	}
	defer cleanup()
	m, err := schema.NewMigrate(entsql.OpenDB(dia, db),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia),
		schema.WithFormatter(atlas.DefaultFormatter),
	)
	if err != nil {
		return err
	}
	return m.NamedDiff(ctx, name, migrate.Tables...)
}

func devDB(ctx context.Context, dia string) (*sql.DB, func(), error) {
	if dia == dialect.SQLite {
		db, err := sql.Open("sqlite", "file:migrategen?mode=memory&_pragma=foreign_keys(1)")
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(1)
		// The runner's own table, which a migration may rewrite
		// (canonical_times), as a temporary table: replay finds it, the
		// diff (the main schema) does not, so no migration drops it.
		if _, err := db.ExecContext(ctx, "CREATE TEMP TABLE comptoir_schema_migrations (version TEXT PRIMARY KEY, description TEXT, checksum TEXT, applied_at TEXT)"); err != nil {
			return nil, nil, err
		}
		return db, func() { _ = db.Close() }, nil
	}
	base := os.Getenv("MIGRATEGEN_POSTGRES_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "comptoir_migrategen_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, nil, fmt.Errorf("create dev database: %w", err)
	}
	u, _ := url.Parse(base)
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, nil, err
	}
	return db, func() {
		_ = db.Close()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = admin.Close()
	}, nil
}
