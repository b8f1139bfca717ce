package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/internal/waitfor"
)

// From the review of the prepared transactions: a SQLite store with a
// table of three rows, and a driver over it as Open builds one.
func sqliteFixture(t *testing.T, maxOpen int) (*Store, *countingDriver) {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, "sqlite:"+t.TempDir()+"/r.db", nil, WithPool(Pool{MaxOpen: maxOpen, MaxIdle: maxOpen, MaxLifetime: time.Hour, MaxIdleTime: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.DB.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c')"); err != nil {
		t.Fatal(err)
	}
	d := &countingDriver{Driver: entsql.OpenDB(st.Dialect, st.DB), counter: &Counter{}, stmts: newStmtCache(st.DB, 256), system: dbSystem(st.Dialect), bell: &Bell{}}
	return st, d
}

func readAll(t *testing.T, r *entsql.Rows) []string {
	t.Helper()
	var out []string
	for r.Next() {
		var v string
		if err := r.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// On SQLite a transaction may run one statement text again while the first
// run's rows are open: modernc keeps one compiled statement per prepared
// one, so the transaction's statements are not the cached prepared ones
// there ("bad parameter or other API misuse" when they were).
func TestSQLiteTxRunsOneTextTwice(t *testing.T) {
	ctx := context.Background()
	_, d := sqliteFixture(t, 4)
	const q = "SELECT v FROM t WHERE id >= ? ORDER BY id"
	if _, err := d.stmts.get(ctx, q); err != nil { // cached, as after an earlier run
		t.Fatal(err)
	}
	tx, err := d.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var r1, r2 entsql.Rows
	if err := tx.Query(ctx, q, []any{1}, &r1); err != nil {
		t.Fatal(err)
	}
	var first string
	if !r1.Next() || r1.Scan(&first) != nil {
		t.Fatal("no first row")
	}
	if err := tx.Query(ctx, q, []any{3}, &r2); err != nil {
		t.Fatal(err)
	}
	inner := readAll(t, &r2)
	_ = r2.Close()
	rest := readAll(t, &r1)
	_ = r1.Close()
	if got := first + "|" + strings.Join(inner, ",") + "|" + strings.Join(rest, ","); got != "a|c|b,c" {
		t.Errorf("got %s, want a|c|b,c", got)
	}
}

// A caller waiting for another's prepare of the same text (one made in the
// background for a transaction, waiting for a connection of a busy pool)
// waits no longer than its own context.
func TestPendingPrepareHonoursContext(t *testing.T) {
	ctx := context.Background()
	st, d := sqliteFixture(t, 1)
	const q = "SELECT v FROM t WHERE id = ?"
	tx, err := st.DB.BeginTx(ctx, nil) // holds the only connection
	if err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			_ = tx.Rollback()
		}
	}
	defer release()
	go func() { _, _ = d.stmts.get(context.Background(), q) }() // the other caller: waits for the connection
	waitfor.Cond(t, "the first prepare to be pending", func() bool {
		d.stmts.mu.Lock()
		defer d.stmts.mu.Unlock()
		_, ok := d.stmts.pend[q]
		return ok
	})
	rctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := d.stmts.get(rctx, q); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("the second caller got %v, want its context's deadline", err)
		}
	case <-time.After(waitfor.Bound):
		release()
		t.Fatalf("the second caller waited for the other's prepare past its own context (%v)", waitfor.Bound)
	}
}
