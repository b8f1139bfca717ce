package pagination_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/pagination"
)

// FuzzCursor: any text given as a connection cursor is refused or decoded
// without panicking (the server decodes every Cursor argument before a
// resolver runs), and a decoded cursor encodes back to one that decodes
// the same. (It found the first search hit's cursor unusable: its
// position, 0, is left out of the encoding; and entgql's decoder panicking
// on a map that repeats its value key: testdata/…/repeated_value_key.)
func FuzzCursor(f *testing.F) {
	enc := func(c ent.Cursor) string {
		var b bytes.Buffer
		c.MarshalGQL(&b)
		s, _ := strconv.Unquote(b.String())
		return s
	}
	id := pulid.ID("prd_01J00000000000000000000000")
	for _, s := range []string{enc(ent.Cursor{ID: id}), enc(ent.Cursor{ID: id, Value: int64(7)}), enc(ent.Cursor{ID: id, Value: "Backpack"}), enc(ent.Cursor{ID: id, Value: []any{int64(5), "lyon"}}),
		"", "=", "gaFp", "not base64!", "gqFppHByZF8", "3q2+7w=="} {
		f.Add(s, 20, -1)
	}
	f.Fuzz(func(t *testing.T, s string, first, last int) {
		if c, err := pagination.UnmarshalCursor(s); err == nil {
			again, err := pagination.UnmarshalCursor(enc(c))
			if err != nil {
				t.Fatalf("%q decodes as %+v, which does not decode again: %v", s, c, err)
			}
			// A zero value is left out of the encoding (and decodes as nil:
			// catalog's ranked cursors read nil as position 0).
			if again.ID != c.ID || enc(again) != enc(c) {
				t.Fatalf("%q: %+v, then %+v", s, c, again)
			}
		}
		var f, l *int
		if first >= -1000 {
			f = &first
		}
		if last >= -1000 {
			l = &last
		}
		nf, nl, err := pagination.Normalize(f, l)
		if err != nil {
			return
		}
		for _, n := range []*int{nf, nl} {
			if n != nil && (*n < 0 || *n > pagination.Max) {
				t.Fatalf("first %v last %v normalized to a page of %d", first, last, *n)
			}
		}
		if nf == nil && nl == nil {
			t.Fatal("no page size")
		}
	})
}
