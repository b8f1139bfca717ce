package pulid

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParse: any text given as an ID is refused or accepted without
// panicking, and what is accepted is exactly a prefix, "_" and a ULID,
// the same through the GraphQL scalar.
func FuzzParse(f *testing.F) {
	for _, s := range []string{string(New("prd")), "prd_01J00000000000000000000000", "prd_", "_01J00000000000000000000000",
		"PRD_01J00000000000000000000000", "prd_01J0000000000000000000000Z", "prd_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "prd_8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "é_x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s)
		var u ID
		gqlErr := u.UnmarshalGQL(s)
		if (err == nil) != (gqlErr == nil) {
			t.Fatalf("Parse and UnmarshalGQL disagree on %q: %v, %v", s, err, gqlErr)
		}
		if err != nil {
			return
		}
		if string(id) != s || u != id {
			t.Fatalf("%q parsed as %q", s, id)
		}
		p := id.Prefix()
		if p == "" || len(p) > 8 || !strings.HasPrefix(s, p+"_") || strings.ToLower(p) != p {
			t.Fatalf("%q: prefix %q", s, p)
		}
		var b bytes.Buffer
		id.MarshalGQL(&b)
		if b.String() != `"`+s+`"` {
			t.Fatalf("%q marshals as %s", s, b.String())
		}
	})
}
