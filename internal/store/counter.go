package store

import (
	"context"
	stdsql "database/sql"
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

type countingDriver struct {
	dialect.Driver
	counter *Counter
	stmts   *stmtCache
	system  string // db.system of the statements' spans
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) (err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) (err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	if d.stmts != nil {
		return d.stmts.query(ctx, query, args, v)
	}
	return d.Driver.Query(ctx, query, args, v)
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
	return &countingTx{Tx: tx, counter: d.counter, system: d.system}, nil
}

type countingTx struct {
	dialect.Tx
	counter *Counter
	system  string
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) (err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) (err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	return t.Tx.Query(ctx, query, args, v)
}

// ExecContext and QueryContext let ent's ExecContext/QueryContext (raw SQL
// through the client) work, and count, through the wrapper.
func (d *countingDriver) ExecContext(ctx context.Context, query string, args ...any) (_ stdsql.Result, err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	return d.Driver.(*entsql.Driver).ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query, counted.
func (d *countingDriver) QueryContext(ctx context.Context, query string, args ...any) (_ *stdsql.Rows, err error) {
	d.counter.inc(query, args)
	ctx, span := startStatement(ctx, d.system, query)
	defer func() { endStatement(span, err) }()
	return d.Driver.(*entsql.Driver).QueryContext(ctx, query, args...)
}

// rawTx is what entsql's transaction offers for raw SQL.
type rawTx interface {
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error)
}

// ExecContext runs raw SQL in the transaction, counted.
func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (_ stdsql.Result, err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	return t.Tx.(rawTx).ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query in the transaction, counted.
func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (_ *stdsql.Rows, err error) {
	t.counter.inc(query, args)
	ctx, span := startStatement(ctx, t.system, query)
	defer func() { endStatement(span, err) }()
	return t.Tx.(rawTx).QueryContext(ctx, query, args...)
}
