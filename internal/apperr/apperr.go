// Package apperr is the one error type that crosses package boundaries:
// a stable code a client can act on plus a message safe to show it.
// Anything else that reaches the API edge is an internal error: its detail
// is logged, and the client sees a generic message with the request id.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code is a top-level GraphQL error code (extensions.code).
type Code string

// The codes DESIGN.md allows at the top level (and UNAVAILABLE, for
// outages of the database).
const (
	Unauthenticated         Code = "UNAUTHENTICATED"
	Forbidden               Code = "FORBIDDEN"
	NotFound                Code = "NOT_FOUND"
	BadUserInput            Code = "BAD_USER_INPUT"
	RateLimited             Code = "RATE_LIMITED"
	ComplexityLimitExceeded Code = "COMPLEXITY_LIMIT_EXCEEDED"
	Internal                Code = "INTERNAL"
	// Unavailable: a service Comptoir depends on (the database) cannot be
	// reached right now; the same request may succeed when retried later.
	// HTTP 503. Not our bug: logged at WARN.
	Unavailable Code = "UNAVAILABLE"
)

// Error is a failure the client can be told about.
type Error struct {
	Code    Code
	Message string
	// Field names the offending argument path, when there is one.
	Field []string
	// RetryAfter tells a RATE_LIMITED client when to try again.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadInput is shorthand for a BAD_USER_INPUT error on a field path.
func BadInput(field []string, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Message: fmt.Sprintf(format, args...), Field: field}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Refused reports whether err is an authorization refusal (UNAUTHENTICATED
// or FORBIDDEN), as opposed to success or a failure to decide.
func Refused(err error) bool {
	e, ok := As(err)
	return ok && (e.Code == Unauthenticated || e.Code == Forbidden)
}

// UserError is a business failure the client can fix by changing its input.
// It is returned in a mutation payload's userErrors, never as a top-level
// error; each area has its own code enum in the schema.
type UserError struct {
	Field   []string
	Code    string
	Message string
}

// UserErr builds a UserError.
func UserErr(field []string, code, format string, args ...any) UserError {
	return UserError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}
