// Package pulid implements Comptoir's public identifiers: a short type prefix,
// an underscore and a ULID ("prd_01J9ZQ..."). They are opaque to clients, tell
// the server which table a Relay node lives in, and are random enough that a
// stranger cannot enumerate them the way sequential integers could be.
package pulid

import (
	"crypto/rand"
	"database/sql/driver"
	"errors"
	"fmt"
	"github.com/99designs/gqlgen/graphql"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID is a prefixed ULID.
type ID string

// ErrMalformed is returned for a string that is not a well-formed ID.
var ErrMalformed = errors.New("malformed ID")

var (
	entropyMu sync.Mutex
	entropy   = ulid.Monotonic(rand.Reader, 0)
)

// New returns a fresh ID with the given prefix.
func New(prefix string) ID {
	entropyMu.Lock()
	u := ulid.MustNew(ulid.Timestamp(time.Now()), entropy)
	entropyMu.Unlock()
	return ID(prefix + "_" + u.String())
}

// Prefix returns the type prefix of a well-formed ID.
func (u ID) Prefix() string {
	p, _, _ := strings.Cut(string(u), "_")
	return p
}

// Parse checks that s is a well-formed ID (any known or unknown prefix).
func Parse(s string) (ID, error) {
	prefix, rest, ok := strings.Cut(s, "_")
	if !ok || len(prefix) == 0 || len(prefix) > 8 || len(rest) != ulid.EncodedSize {
		return "", ErrMalformed
	}
	for _, c := range prefix {
		if c < 'a' || c > 'z' {
			return "", ErrMalformed
		}
	}
	if _, err := ulid.ParseStrict(rest); err != nil {
		return "", ErrMalformed
	}
	return ID(s), nil
}

// UnmarshalGQL implements graphql.Unmarshaler; malformed input is refused here,
// before any resolver or query runs.
func (u *ID) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%w: expected a string", ErrMalformed)
	}
	id, err := Parse(s)
	if err != nil {
		return err
	}
	*u = id
	return nil
}

// MarshalGQL implements graphql.Marshaler: a JSON string, escaped as gqlgen
// escapes every string (strconv.Quote's Go escapes are not all JSON), written
// without allocating.
func (u ID) MarshalGQL(w io.Writer) { graphql.MarshalString(string(u)).MarshalGQL(w) }

// Scan implements sql.Scanner.
func (u *ID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		*u = ID(v)
	case []byte:
		*u = ID(v)
	case ID:
		*u = v
	default:
		return fmt.Errorf("pulid: unexpected type %T", v)
	}
	return nil
}

// Value implements driver.Valuer.
func (u ID) Value() (driver.Value, error) { return string(u), nil }
