package store_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/migrations"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// Every committed write rings the bell, whichever way it was made, and
// nothing else does: reads, read-only transactions (a worker's claim that
// found nothing) and rolled-back writes stay silent.
func TestCommittedWritesRing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		c, cancel := st.Wake.Subscribe()
		defer cancel()
		rang := func() bool {
			select {
			case <-c:
				return true
			default:
				return false
			}
		}
		event := func(c *ent.Client) { c.DomainEvent.Create().SetType("TEST").SetSubjectID("var_x").SaveX(ctx) }

		st.Client.DomainEvent.Query().CountX(ctx)
		tx, err := st.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		q := tx.DomainEvent.Query()
		if st.Dialect == dialect.Postgres {
			q = q.ForUpdate() // a worker's claim: a locking read
		}
		q.AllX(ctx)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if rang() {
			t.Fatal("reads and a read-only transaction rang")
		}

		// Client.Tx, as inventory.Writer does, not WithTx: rings at the
		// commit, not before.
		tx, err = st.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		event(tx.Client())
		if rang() {
			t.Fatal("rang before the commit")
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if !rang() {
			t.Fatal("a commit through Client.Tx did not ring")
		}

		tx, err = st.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		event(tx.Client())
		_ = tx.Rollback()
		if rang() {
			t.Fatal("a rolled-back write rang")
		}

		event(st.Client) // autocommit
		if !rang() {
			t.Fatal("an autocommit write did not ring")
		}
		if _, err := st.Client.ExecContext(ctx, `UPDATE domain_events SET type = type`); err != nil {
			t.Fatal(err)
		}
		if !rang() {
			t.Fatal("a raw autocommit write did not ring")
		}
		if err := st.WithTx(ctx, func(tx *ent.Tx) error { event(tx.Client()); return nil }); err != nil {
			t.Fatal(err)
		}
		if !rang() {
			t.Fatal("WithTx did not ring")
		}
		// The background store's writes (the dispatcher enqueuing mails)
		// wake the other workers too, and are counted apart.
		bg := st.Background()
		before, reqs := bg.Counter.Load(), st.Counter.Load()
		event(bg.Client)
		if !rang() {
			t.Fatal("a background write did not ring")
		}
		if bg.Counter.Load() == before || st.Counter.Load() != reqs || st.Background().Counter != bg.Counter {
			t.Fatal("background statements are not counted apart, by one counter")
		}
	})
}

// On PostgreSQL a commit through one store (one instance) rings the bell
// of another store on the same database.
func TestShareWakesAcrossInstances(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t, dialect.Postgres)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var stores []*store.Store
	for range 2 {
		st, err := store.Open(ctx, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		t.Cleanup(st.ShareWakes(log))
		stores = append(stores, st)
	}
	a, b := stores[0], stores[1]
	waitfor.Cond(t, "both stores to LISTEN", func() bool {
		var n int
		err := a.DB.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
			`LISTEN "`+store.WakeChannel+`"`).Scan(&n)
		return err == nil && n == 2
	})
	c, cancel := b.Wake.Subscribe()
	defer cancel()
	a.Client.DomainEvent.Create().SetType("TEST").SetSubjectID("var_x").SaveX(ctx)
	select {
	case <-c:
	case <-time.After(waitfor.Bound):
		t.Fatal("a commit on A did not wake B")
	}
}

func TestPoolBounds(t *testing.T) {
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			ctx := context.Background()
			def, err := store.Open(ctx, testdb.URL(t, dia), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer def.Close()
			if got := def.DB.Stats().MaxOpenConnections; got != store.DefaultPool.MaxOpen {
				t.Fatalf("default MaxOpenConnections %d", got)
			}
			st, err := store.Open(ctx, testdb.URL(t, dia), nil, store.WithPool(store.Pool{MaxOpen: 3, MaxIdle: 1, MaxLifetime: time.Hour, MaxIdleTime: time.Hour}))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := st.DB.Stats().MaxOpenConnections; got != 3 {
				t.Fatalf("MaxOpenConnections %d, want 3", got)
			}
			// Three connections in use, then returned: one stays idle.
			var conns []interface{ Close() error }
			for range 3 {
				c, err := st.DB.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			var wg sync.WaitGroup
			for _, c := range conns {
				wg.Add(1)
				go func() { defer wg.Done(); _ = c.Close() }()
			}
			wg.Wait()
			if s := st.DB.Stats(); s.OpenConnections != 1 || s.Idle != 1 || s.MaxIdleClosed != 2 {
				t.Fatalf("after returning 3 connections: %+v", s)
			}
		})
	}
}

// A raw read through the client (the cart lines' join) is prepared once
// and kept, as ent's reads are: on PostgreSQL each later run is one round
// trip (bind and execute) with the plan kept, not a parse and plan each
// time. One connection, so the statement is visible from the pool.
func TestRawReadsArePrepared(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, testdb.URL(t, dialect.Postgres), nil,
		store.WithPool(store.Pool{MaxOpen: 1, MaxIdle: 1, MaxLifetime: time.Hour, MaxIdleTime: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const read = `SELECT count(*) FROM "carts" WHERE "id" = $1`
	for range 2 {
		rows, err := st.Client.QueryContext(ctx, read, "crt_x")
		if err != nil {
			t.Fatal(err)
		}
		_ = rows.Close()
	}
	var n int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM pg_prepared_statements WHERE statement = $1`, read).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("the raw read is prepared %d times on the connection, want 1", n)
	}
}

// A transaction's statements run as the store's prepared statements once
// one was prepared (in the background, after its first run: a transaction
// never waits for a second connection to prepare on): later transactions
// execute it, PostgreSQL no longer parses and plans it each time.
func TestTxStatementsArePrepared(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, testdb.URL(t, dialect.Postgres), nil,
		store.WithPool(store.Pool{MaxOpen: 1, MaxIdle: 1, MaxLifetime: time.Hour, MaxIdleTime: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := migrations.Apply(ctx, st.DB, st.Dialect); err != nil {
		t.Fatal(err)
	}
	insert := func() {
		if err := st.WithTx(ctx, func(tx *ent.Tx) error {
			return tx.DomainEvent.Create().SetType("TEST").SetSubjectID("var_x").Exec(ctx)
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Executions of the prepared INSERT (one connection: the pool's).
	runs := func() (prepared, executions int) {
		err := st.DB.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO "domain_events"%'`).Scan(&prepared, &executions)
		if err != nil {
			t.Fatal(err)
		}
		return prepared, executions
	}
	insert()
	waitfor.Cond(t, "the INSERT to be prepared in the background", func() bool { p, _ := runs(); return p == 1 })
	_, before := runs()
	insert()
	insert()
	if p, n := runs(); p != 1 || n-before != 2 {
		t.Fatalf("after two more transactions the INSERT is prepared %d times and ran prepared %d times, want 1 and 2", p, n-before)
	}
	if n := st.Client.DomainEvent.Query().CountX(ctx); n != 3 {
		t.Fatalf("%d events, want 3", n)
	}

	// A raw read in a transaction (the stock a cart checks) too.
	const read = `SELECT count(*) FROM "domain_events" WHERE "type" = $1`
	rawRead := func() {
		if err := st.WithTx(ctx, func(tx *ent.Tx) error {
			rows, err := tx.Client().QueryContext(ctx, read, "TEST")
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
			}
			return rows.Err()
		}); err != nil {
			t.Fatal(err)
		}
	}
	readRuns := func() (prepared, executions int) {
		err := st.DB.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements WHERE statement = $1`, read).Scan(&prepared, &executions)
		if err != nil {
			t.Fatal(err)
		}
		return prepared, executions
	}
	rawRead()
	waitfor.Cond(t, "the raw read to be prepared in the background", func() bool { p, _ := readRuns(); return p == 1 })
	_, before = readRuns()
	rawRead()
	rawRead()
	if p, n := readRuns(); p != 1 || n-before != 2 {
		t.Fatalf("after two more transactions the raw read is prepared %d times and ran prepared %d times, want 1 and 2", p, n-before)
	}
}
