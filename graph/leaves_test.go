package graph

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// TestUnboxedLeavesWriteWhatGqlgenWrites: the marshalers of cmd/gqlgenpatch's
// step 11 write the bytes of gqlgen's own, to any writer, and a reference
// fits an interface without allocating.
func TestUnboxedLeavesWriteWhatGqlgenWrites(t *testing.T) {
	same := func(t *testing.T, got, want graphql.Marshaler) {
		t.Helper()
		var a, b bytes.Buffer
		got.MarshalGQL(&a)
		want.MarshalGQL(&b)
		if a.String() != b.String() {
			t.Errorf("wrote %s, gqlgen writes %s", a.String(), b.String())
		}
		// Not a *bytes.Buffer: the other path.
		var c strings.Builder
		got.MarshalGQL(&c)
		if c.String() != b.String() {
			t.Errorf("wrote %s to a strings.Builder, gqlgen writes %s", c.String(), b.String())
		}
	}
	for _, v := range []int{0, 1, -1, 255, 256, 1234567, math.MaxInt64, math.MinInt64} {
		same(t, intJSON(v), graphql.MarshalInt(v))
	}
	for _, v := range []bool{true, false} {
		same(t, boolJSON(v), graphql.MarshalBoolean(v))
	}
	for _, v := range []string{"", "plain", `quo"te`, `back\slash`, "tab\tnew\nline\x01\x7f", "é ü 漢字 \u2028"} {
		s := v
		same(t, stringRef{&s}, graphql.MarshalString(v))
		id := pulid.ID(v)
		same(t, pulidIDRef{&id}, graphql.MarshalString(v))
	}
	var buf bytes.Buffer
	buf.Grow(1 << 16)
	s, id, n := "a string", pulid.ID("pv_01J"), 200
	var m graphql.Marshaler
	if a := testing.AllocsPerRun(100, func() {
		m = stringRef{&s}
		m.MarshalGQL(&buf)
		m = pulidIDRef{&id}
		m.MarshalGQL(&buf)
		m = intJSON(n)
		m.MarshalGQL(&buf)
		m = boolJSON(true)
		m.MarshalGQL(&buf)
	}); a != 0 {
		t.Errorf("%v allocations writing four leaves, want 0", a)
	}
}
