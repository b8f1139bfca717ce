package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/migrations"
)

const canonicalTimesVersion = "20261130100000"

// oldTimeValues are times as the SQLite driver wrote them before
// _time_format=sqlite: t.String(), with or without the monotonic reading,
// in several zones, with and without a fraction.
var oldTimeValues = []string{
	"2026-11-30 09:53:07.180668125 +0000 UTC m=+0.190539246",
	"2026-11-30 09:53:07.18 +0000 UTC",
	"2026-03-29 02:59:58 +0200 CEST m=+3600.000000001",
	"2026-03-29 01:59:59.999999 +0100 CET",
	"2026-03-28 21:29:58.5 -0330 NST",
	"2026-01-01 05:30:00.000001 +0530 IST m=-12.5",
	"2025-12-31 23:00:00 -0100 -01",
	"0001-01-01 00:00:00 +0000 UTC",
}

// TestCanonicalTimesRewritesEveryDatetimeColumn fills every datetime column
// of a database migrated up to just before canonical_times with times in the
// driver's old t.String() form, applies the migration and checks that every
// value is now the canonical UTC text the store writes, the same instant, and
// read back by the driver as that instant.
func TestCanonicalTimesRewritesEveryDatetimeColumn(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, testdb.URL(t, dialect.SQLite), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := migrations.Load(dialect.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, m := range all {
		if m.Version < canonicalTimesVersion {
			prev = m.Version
		}
	}
	if _, err := migrations.ApplyUpTo(ctx, st.DB, dialect.SQLite, prev); err != nil {
		t.Fatal(err)
	}

	// Every table with a datetime column gets one row whose text columns
	// are all "x": every foreign key references an id, so each points at
	// the referenced table's own "x" row and the keys hold.
	type column struct{ table, name string }
	var cols []column
	rows, err := st.DB.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND lower(p.type) IN ('datetime', 'timestamp') ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 100 {
		t.Fatalf("found only %d datetime columns", len(cols))
	}
	want := map[column]string{}
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Rows go in any order, so keys are checked once all are in (by the
	// migration run, which refuses broken keys).
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{}
	for _, c := range cols {
		tables[c.table] = true
	}
	n := 0
	for table := range tables {
		if table == "comptoir_schema_migrations" {
			continue
		}
		info, err := conn.QueryContext(ctx, "SELECT name, lower(type) FROM pragma_table_info(?)", table)
		if err != nil {
			t.Fatal(err)
		}
		var names, values []string
		for info.Next() {
			var name, typ string
			if err := info.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			var v string
			switch typ {
			case "datetime", "timestamp":
				old := oldTimeValues[n%len(oldTimeValues)]
				n++
				want[column{table, name}] = canonical(t, old)
				v = "'" + old + "'"
			case "integer", "bool":
				v = "0"
			case "json":
				v = "'[]'"
			case "blob":
				v = "x''"
			default:
				v = "'x'"
			}
			names = append(names, "`"+name+"`")
			values = append(values, v)
		}
		if err := info.Close(); err != nil {
			t.Fatal(err)
		}
		// Only the test's own row: earlier migrations may have put rows of
		// their own (the default warehouse), written in the canonical form.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("DELETE FROM `%s`", table)); err != nil {
			t.Fatal(err)
		}
		stmt := fmt.Sprintf("INSERT INTO `%s` (%s) VALUES (%s)", table, strings.Join(names, ", "), strings.Join(values, ", "))
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	old := oldTimeValues[0]
	if _, err := conn.ExecContext(ctx, "UPDATE comptoir_schema_migrations SET applied_at = ?", old); err != nil {
		t.Fatal(err)
	}
	want[column{"comptoir_schema_migrations", "applied_at"}] = canonical(t, old)
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()

	done, err := migrations.ApplyUpTo(ctx, st.DB, dialect.SQLite, canonicalTimesVersion)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 1 || done[0] != canonicalTimesVersion {
		t.Fatalf("applied %v, want [%s]", done, canonicalTimesVersion)
	}

	for _, c := range cols {
		q := fmt.Sprintf("SELECT `%s`, CAST(`%s` AS TEXT) FROM `%s`", c.name, c.name, c.table)
		rows, err := st.DB.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var got time.Time
			var text string
			if err := rows.Scan(&got, &text); err != nil {
				t.Fatalf("%s.%s: %v", c.table, c.name, err)
			}
			w := want[c]
			if c.table == "comptoir_schema_migrations" && !strings.HasPrefix(text, "2026-11-30 09:53:07.180668125") {
				w = got.UTC().Format(canonicalLayout) // the row the run itself recorded
			}
			if text != w {
				t.Errorf("%s.%s = %q, want %q", c.table, c.name, text, w)
			}
			if wt, _ := time.Parse(canonicalLayout, w); !got.Equal(wt) || got.Location() != time.UTC {
				t.Errorf("%s.%s reads as %v, want %v in UTC", c.table, c.name, got, wt)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// Nothing is left in any other form.
	for _, c := range cols {
		var left int
		q := fmt.Sprintf("SELECT count(*) FROM `%s` WHERE `%s` LIKE '%% %%' AND `%s` NOT GLOB '????-??-?? ??:??:??*[+-]??:??'", c.table, c.name, c.name)
		if err := st.DB.QueryRowContext(ctx, q).Scan(&left); err != nil || left != 0 {
			t.Errorf("%s.%s: %d values not canonical (%v)", c.table, c.name, left, err)
		}
	}
}

const canonicalLayout = "2006-01-02 15:04:05.999999999-07:00"

// canonical is what the store writes for the instant an old value names.
func canonical(t *testing.T, old string) string {
	t.Helper()
	s, _, _ := strings.Cut(old, " m=")
	tm, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UTC().Format(canonicalLayout)
}

// TestStoreWritesCanonicalUTCTimes checks the driver settings the migration
// relies on: a time in any zone is stored as canonical UTC text, is found by
// equality with the same instant in another zone, and reads back as the same
// instant in UTC.
func TestStoreWritesCanonicalUTCTimes(t *testing.T) {
	ctx := context.Background()
	st := testdb.Open(t, dialect.SQLite)
	if _, err := st.DB.ExecContext(ctx, "CREATE TABLE tt (at datetime NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	// time.Now carries a monotonic reading, which the old format stored.
	now := time.Now().In(time.FixedZone("NST", -(3*3600 + 30*60)))
	if _, err := st.DB.ExecContext(ctx, "INSERT INTO tt (at) VALUES (?)", now); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := st.DB.QueryRowContext(ctx, "SELECT CAST(at AS TEXT) FROM tt").Scan(&text); err != nil {
		t.Fatal(err)
	}
	if want := now.UTC().Format(canonicalLayout); text != want {
		t.Fatalf("stored %q, want %q", text, want)
	}
	var got time.Time
	if err := st.DB.QueryRowContext(ctx, "SELECT at FROM tt WHERE at = ?", now.Round(0).UTC()).Scan(&got); err != nil {
		t.Fatalf("equality on the same instant: %v", err)
	}
	if !got.Equal(now) || got.Location() != time.UTC {
		t.Fatalf("read %v, want %v in UTC", got, now)
	}
}
