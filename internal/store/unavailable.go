package store

import (
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
