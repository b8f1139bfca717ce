package store

import (
	"database/sql"
	"time"
)

// Pool bounds the connections one instance holds. The defaults are sized
// for many instances sharing one PostgreSQL server: its max_connections is
// 100 by default (3 of them reserved for superusers), and every instance
// also holds one connection for LISTEN (see ShareWakes). With at most 10
// each, 8 instances fit with room for migrations and psql. A busy instance
// keeps every connection it opened (MaxIdle = MaxOpen): with fewer idle
// ones, the connections returned between two requests beyond MaxIdle were
// closed and reopened at once, a new PostgreSQL backend each time (75 in
// 8 s of W4 at 16 clients with MaxIdle 2, 3 with 10, and 4x the flows per
// second). An idle connection is still closed after a minute with
// nothing to do, so a quiet fleet holds almost nothing.
type Pool struct {
	MaxOpen int // connections open at once (in use or idle); at least 1
	// MaxIdle connections are kept open between uses; more are closed
	// when returned (0: none kept).
	MaxIdle int
	// MaxLifetime closes a connection this long after it was opened (when
	// returned to the pool), so that connections move to a restarted or
	// failed-over server and PgBouncer-style balancers rebalance; 0: never.
	MaxLifetime time.Duration
	// MaxIdleTime closes a connection idle this long; 0: never.
	MaxIdleTime time.Duration
}

// DefaultPool is the pool of an instance unless configured otherwise
// (COMPTOIR_DB_MAX_OPEN, COMPTOIR_DB_MAX_IDLE, COMPTOIR_DB_CONN_MAX_LIFETIME,
// COMPTOIR_DB_CONN_MAX_IDLE_TIME).
var DefaultPool = Pool{MaxOpen: 10, MaxIdle: 10, MaxLifetime: 30 * time.Minute, MaxIdleTime: time.Minute}

// apply sets the pool's bounds on db.
func (p Pool) apply(db *sql.DB) {
	db.SetMaxOpenConns(p.MaxOpen)
	db.SetMaxIdleConns(p.MaxIdle)
	db.SetConnMaxLifetime(p.MaxLifetime)
	db.SetConnMaxIdleTime(p.MaxIdleTime)
}

// Option adjusts how Open opens the store.
type Option func(*openOptions)

type openOptions struct{ pool Pool }

// WithPool sets the connection pool's bounds (DefaultPool otherwise).
func WithPool(p Pool) Option { return func(o *openOptions) { o.pool = p } }
