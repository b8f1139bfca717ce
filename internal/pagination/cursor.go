package pagination

import (
	"fmt"
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent"
)

// MarshalCursor writes a connection cursor as entgql encodes it.
func MarshalCursor(c ent.Cursor) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { c.MarshalGQL(w) })
}

// UnmarshalCursor is how the server reads every Cursor argument (gqlgen.yml
// binds the scalar here). entgql's decoder panics on some crafted input (a
// msgpack map repeating the value key makes msgpack v5 set an unaddressable
// value), and a panic would answer INTERNAL for a client's mistake; a value
// that is not a plain scalar would reach SQL. Both are refused as bad input.
func UnmarshalCursor(v any) (c ent.Cursor, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = ent.Cursor{}, fmt.Errorf("cannot decode cursor")
		}
	}()
	if err := c.UnmarshalGQL(v); err != nil {
		return ent.Cursor{}, err
	}
	// An order on several fields keeps one value per field.
	if vs, ok := c.Value.([]any); ok {
		for _, v := range vs {
			if !scalar(v) {
				return ent.Cursor{}, fmt.Errorf("cannot decode cursor: unexpected %T value", v)
			}
		}
		return c, nil
	}
	if !scalar(c.Value) {
		return ent.Cursor{}, fmt.Errorf("cannot decode cursor: unexpected %T value", c.Value)
	}
	return c, nil
}

func scalar(v any) bool {
	switch v.(type) {
	case nil, bool, string, time.Time,
		int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}
