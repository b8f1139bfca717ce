package pagination_test

import (
	"math"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/pagination"
)

// TestUnmarshalCursor: what every connection's cursors hold decodes (one
// value, several for an order on several fields, a time), and what no
// ordering writes is refused without a panic.
func TestUnmarshalCursor(t *testing.T) {
	id := pulid.ID("wrh_01J00000000000000000000000")
	text := func(c ent.Cursor) string {
		var b []byte
		w := writer{&b}
		c.MarshalGQL(w)
		return string(b[1 : len(b)-1])
	}
	for _, value := range []any{nil, int64(7), "lyon", true, 2.5, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), []any{int64(5), "lyon"}, uint64(math.MaxInt64), "Zoë"} {
		c, err := pagination.UnmarshalCursor(text(ent.Cursor{ID: id, Value: value}))
		if err != nil || c.ID != id {
			t.Errorf("value %#v: %+v, %v", value, c, err)
		}
	}
	for name, s := range map[string]string{
		"map value":           text(ent.Cursor{ID: id, Value: map[string]any{"a": 1}}),
		"list holding a map":  text(ent.Cursor{ID: id, Value: []any{"x", map[string]any{"a": 1}}}),
		"repeated value key":  "g6FpvnByZF8wMUowMDAwMDAwMDAwMDAwMDAwMDAwMDAwMKF2AaF27w",
		"not base64":          "not base64!",
		"no node ID":          text(ent.Cursor{Value: int64(1)}),
		"malformed node ID":   text(ent.Cursor{ID: id + "\x00", Value: int64(1)}),
		"NUL in text":         text(ent.Cursor{ID: id, Value: "Ast\x00er"}),
		"invalid UTF-8":       text(ent.Cursor{ID: id, Value: "Ast\xffer"}),
		"NUL in a list":       text(ent.Cursor{ID: id, Value: []any{int64(0), "a\x00"}}),
		"uint64 beyond int64": text(ent.Cursor{ID: id, Value: uint64(1) << 63}),
		"NaN":                 text(ent.Cursor{ID: id, Value: math.NaN()}),
		"infinity":            text(ent.Cursor{ID: id, Value: math.Inf(1)}),
		"year 301970":         text(ent.Cursor{ID: id, Value: time.Date(301970, 1, 1, 0, 0, 0, 0, time.UTC)}),
		"year 0":              text(ent.Cursor{ID: id, Value: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}),
	} {
		if c, err := pagination.UnmarshalCursor(s); err == nil {
			t.Errorf("%s: decoded as %+v", name, c)
		}
	}
	if _, err := pagination.UnmarshalCursor(42); err == nil {
		t.Error("a number decoded as a cursor")
	}
}

type writer struct{ b *[]byte }

func (w writer) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }
