package pagination

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// MarshalCursor writes a connection cursor as entgql encodes it.
func MarshalCursor(c ent.Cursor) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { c.MarshalGQL(w) })
}

// UnmarshalCursor is how the server reads every Cursor argument (gqlgen.yml
// binds the scalar here), so it refuses whatever no cursor of ours holds
// before it can reach SQL, where it would answer INTERNAL for a client's
// mistake (PostgreSQL refusing the bytes or the range) or a meaningless page:
//   - input on which entgql's decoder panics (a msgpack map repeating the
//     value key makes msgpack v5 set an unaddressable value);
//   - a node ID that is not a well-formed ID (pulid.Parse, the rule for ID
//     arguments), or none;
//   - a value that is not a scalar, a time or a list of them (an order on
//     several fields keeps one value per field);
//   - text that is not valid UTF-8 or holds U+0000, an integer beyond int64,
//     a float that is not finite, a time outside years 1 to 9999.
//
// Whether the value's type fits the connection's order is checked where the
// order is known (ent's generated Paginate, ent/cursorcheck.go).
func UnmarshalCursor(v any) (c ent.Cursor, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = ent.Cursor{}, fmt.Errorf("cannot decode cursor")
		}
	}()
	if err := c.UnmarshalGQL(v); err != nil {
		return ent.Cursor{}, err
	}
	if _, err := pulid.Parse(string(c.ID)); err != nil {
		return ent.Cursor{}, fmt.Errorf("cannot decode cursor: no well-formed node ID")
	}
	if vs, ok := c.Value.([]any); ok {
		for _, v := range vs {
			if why := badValue(v); why != "" {
				return ent.Cursor{}, fmt.Errorf("cannot decode cursor: %s", why)
			}
		}
		return c, nil
	}
	if why := badValue(c.Value); why != "" {
		return ent.Cursor{}, fmt.Errorf("cannot decode cursor: %s", why)
	}
	return c, nil
}

// badValue says why v cannot be one value of a cursor, or "".
func badValue(v any) string {
	switch v := v.(type) {
	case nil, bool, int8, int16, int32, int64, uint8, uint16, uint32:
		return ""
	case uint64:
		if v > math.MaxInt64 {
			return "an integer beyond the 64-bit range"
		}
		return ""
	case float32:
		return badFloat(float64(v))
	case float64:
		return badFloat(v)
	case string:
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return "text that is not valid UTF-8 or holds a NUL character"
		}
		return ""
	case time.Time:
		if y := v.Year(); y < 1 || y > 9999 {
			return "a time outside years 1 to 9999"
		}
		return ""
	}
	return fmt.Sprintf("unexpected %T value", v)
}

func badFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "a number that is not finite"
	}
	return ""
}
