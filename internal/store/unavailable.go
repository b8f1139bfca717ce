package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"
)

// Unavailable reports whether err says that the database could not be
// reached or is restarting (refused or dropped connections, PostgreSQL
// shutting down or starting up), as opposed to a failure of the statement
// itself. The API answers these with UNAVAILABLE, not INTERNAL: they are not
// our bug, and the same request succeeds once the database is back.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pqe *pq.Error
	if errors.As(err, &pqe) {
		code := string(pqe.Code)
		// Class 08: connection exception; 57P01-57P03: admin shutdown,
		// crash shutdown, cannot connect now (starting up, recovering).
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
	}
	var nerr net.Error
	if errors.As(err, &nerr) {
		return true
	}
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||

		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// Canceled reports whether err is what a canceled context makes of a
// statement: the context's own error, a transaction database/sql already
// rolled back or a connection it gave up, PostgreSQL's "canceling statement
// due to user request" (57014), SQLite's interrupt. The server tells these
// apart from its own bugs when the client has gone.
func Canceled(err error) bool {
	if err == nil {
		return false
	}
	var pqe *pq.Error
	if errors.As(err, &pqe) && pqe.Code == "57014" {
		return true
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteInterrupt {
		return true
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, driver.ErrBadConn)
}

// sqliteInterrupt is SQLITE_INTERRUPT, the primary result code of an
// operation interrupted (modernc interrupts a statement whose context ended).
const sqliteInterrupt = 9
