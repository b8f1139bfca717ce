package store

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// Counter counts SQL statements sent through the ent client. The server
// exports it as comptoir_db_queries_total; tests read it to assert exact
// statement counts. The same wrapper gives each statement of a traced
// request a span (trace.go).
type Counter struct {
	n      atomic.Int64
	OnExec func() // optional hook, e.g. a Prometheus counter's Inc
	watch  atomic.Pointer[func(query string, args []any)]
}

// Watch calls fn with every statement counted (and its arguments) until
// the returned stop is called: tests that check which SQL a request runs,
// such as the index test that EXPLAINs each listing's statement, read them
// here. fn runs on the goroutines that send the statements.
func (c *Counter) Watch(fn func(query string, args []any)) (stop func()) {
	c.watch.Store(&fn)
	return func() { c.watch.Store(nil) }
}

// Load returns the number of statements so far.
func (c *Counter) Load() int64 { return c.n.Load() }

func (c *Counter) inc(query string, args any) {
	c.n.Add(1)
	if c.OnExec != nil {
		c.OnExec()
	}
	if fn := c.watch.Load(); fn != nil {
		a, _ := args.([]any) // ent passes a statement's arguments as []any
		(*fn)(query, a)
	}
}

// countingDriver counts statements, gives them spans, and rings bell after
// every committed write: here, under every way of writing (WithTx,
// Client.Tx, autocommit statements, raw SQL through the client), so that no
// write can forget to wake the workers.
type countingDriver struct {
	dialect.Driver
	counter *Counter
	stmts   *stmtCache
	system  string // db.system of the statements' spans
	bell    *Bell
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) (err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	if err = d.Driver.Exec(ctx, query, args, v); err == nil && isWrite(query) && changedRows(v) {
		d.bell.committed(ringTables(query)) // autocommit: committed once it returns
	}
	return err
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) (err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	if d.stmts != nil {
		err = d.stmts.query(ctx, query, args, v)
	} else {
		err = d.Driver.Query(ctx, query, args, v)
	}
	if err == nil && isWrite(query) {
		// INSERT … RETURNING outside a transaction: its implicit
		// transaction commits when its rows are read to the end, so ring
		// when they are closed, not before.
		if rows, ok := v.(*entsql.Rows); ok && rows.ColumnScanner != nil {
			rows.ColumnScanner = &ringOnClose{ColumnScanner: rows.ColumnScanner, bell: d.bell, tables: ringTables(query)}
		} else {
			d.bell.committed(ringTables(query))
		}
	}
	return err
}

// ringOnClose rings the bell once its rows are closed.
type ringOnClose struct {
	entsql.ColumnScanner
	bell   *Bell
	tables []string
	once   sync.Once
}

func (r *ringOnClose) Close() error {
	err := r.ColumnScanner.Close()
	r.once.Do(func() { r.bell.committed(r.tables) })
	return err
}

func (d *countingDriver) Close() error {
	if d.stmts != nil {
		d.stmts.close()
	}
	return d.Driver.Close()
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	ct := &countingTx{Tx: tx, counter: d.counter, system: d.system, bell: d.bell}
	// PostgreSQL only: there a statement is parsed and planned on every
	// unprepared run, and lib/pq refuses a second statement while rows are
	// open. SQLite plans for next to nothing, and modernc keeps one
	// compiled statement per prepared one: the same text run again in the
	// transaction while its first rows are open failed ("bad parameter or
	// other API misuse").
	if et, ok := tx.(*entsql.Tx); ok && d.stmts != nil && d.system == "postgresql" {
		if st, ok := et.Tx.(*stdsql.Tx); ok {
			ct.stmts, ct.sqlTx = d.stmts, st
		}
	}
	return ct, nil
}

// countingTx remembers which tables the transaction wrote, and rings the
// bell for them when it commits (a read-only one rings nothing).
type countingTx struct {
	dialect.Tx
	counter *Counter
	system  string
	bell    *Bell
	written written
	// stmts and sqlTx, when set, run the transaction's statements as the
	// store's prepared statements (one round trip each, the plan kept).
	stmts *stmtCache
	sqlTx *stdsql.Tx
}

// exec runs query in the transaction, prepared when it was before.
func (t *countingTx) exec(ctx context.Context, query string, args, v any) error {
	if t.stmts == nil {
		return t.Tx.Exec(ctx, query, args, v)
	}
	argv, ok := args.([]any)
	if !ok && args != nil {
		return t.Tx.Exec(ctx, query, args, v)
	}
	stmt := t.stmts.inTx(ctx, t.sqlTx, query)
	if stmt == nil {
		return t.Tx.Exec(ctx, query, args, v)
	}
	res, err := stmt.ExecContext(ctx, argv...)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
	case *stdsql.Result:
		*v = res
	default:
		return fmt.Errorf("store: unexpected exec destination %T", v)
	}
	return nil
}

// query runs query in the transaction, prepared when it was before.
func (t *countingTx) query(ctx context.Context, query string, args, v any) error {
	if t.stmts == nil {
		return t.Tx.Query(ctx, query, args, v)
	}
	argv, ok := args.([]any)
	rows, isRows := v.(*entsql.Rows)
	if (!ok && args != nil) || !isRows {
		return t.Tx.Query(ctx, query, args, v)
	}
	stmt := t.stmts.inTx(ctx, t.sqlTx, query)
	if stmt == nil {
		return t.Tx.Query(ctx, query, args, v)
	}
	r, err := stmt.QueryContext(ctx, argv...)
	if err != nil {
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

func (t *countingTx) note(query string) { t.written.note(query) }

// changedRows reports whether an Exec's result (ent passes a *sql.Result)
// may have changed a row: an UPDATE or DELETE that matched none changed
// nothing, and must not wake the workers, or a job whose step runs such a
// statement (a claim that found nothing) would wake itself forever.
func changedRows(v any) bool {
	if r, ok := v.(*stdsql.Result); ok && r != nil && *r != nil {
		if n, err := (*r).RowsAffected(); err == nil && n == 0 {
			return false
		}
	}
	return true
}

// Commit commits, then wakes the workers if the transaction wrote.
func (t *countingTx) Commit() error {
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	if wrote, tables := t.written.ringing(); wrote {
		t.bell.committed(tables)
	}
	return nil
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) (err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	if err = t.exec(ctx, query, args, v); err == nil && changedRows(v) {
		t.note(query)
	}
	return err
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) (err error) {
	t.counter.inc(query, args)
	t.note(query)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	return t.query(ctx, query, args, v)
}

// ExecContext and QueryContext let ent's ExecContext/QueryContext (raw SQL
// through the client) work, and count, through the wrapper.
func (d *countingDriver) ExecContext(ctx context.Context, query string, args ...any) (res stdsql.Result, err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	res, err = d.Driver.(*entsql.Driver).ExecContext(ctx, query, args...)
	if err == nil && isWrite(query) && changedRows(&res) {
		d.bell.committed(ringTables(query))
	}
	return res, err
}

// QueryContext runs a raw query, counted. A raw write returning rows
// outside a transaction rings when the call returns (*sql.Rows cannot be
// wrapped); none is made today, transactions ring at commit.
func (d *countingDriver) QueryContext(ctx context.Context, query string, args ...any) (rows *stdsql.Rows, err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	if d.stmts != nil && !isWrite(query) {
		// A read (the cart lines' join, facet counts): prepared once and
		// kept, as ent's own reads are, so that it costs one round trip
		// instead of lib/pq's two (parse, then bind and execute).
		var stmt *stdsql.Stmt
		if stmt, err = d.stmts.get(ctx, query); err != nil {
			return nil, err
		}
		return stmt.QueryContext(ctx, args...)
	}
	rows, err = d.Driver.(*entsql.Driver).QueryContext(ctx, query, args...)
	if err == nil && isWrite(query) {
		d.bell.committed(ringTables(query))
	}
	return rows, err
}

// rawTx is what entsql's transaction offers for raw SQL.
type rawTx interface {
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error)
}

// ExecContext runs raw SQL in the transaction, counted.
func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (res stdsql.Result, err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	if res, err = t.Tx.(rawTx).ExecContext(ctx, query, args...); err == nil && changedRows(&res) {
		t.note(query)
	}
	return res, err
}

// QueryContext runs a raw query in the transaction, counted. A read runs
// as the store's prepared statement once prepared, as ent's statements in
// a transaction do (countingTx.query): the stock a cart checks is such a
// read.
func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (_ *stdsql.Rows, err error) {
	t.counter.inc(query, args)
	t.note(query)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	if t.stmts != nil && !isWrite(query) {
		if stmt := t.stmts.inTx(ctx, t.sqlTx, query); stmt != nil {
			return stmt.QueryContext(ctx, args...)
		}
	}
	return t.Tx.(rawTx).QueryContext(ctx, query, args...)
}
