package entgqlrt_test

import (
	"bytes"
	"reflect"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent/entgqlrt"
)

// TestSameAsEntgql: the copy behaves as the entgql version in go.mod does
// (so an upgrade of entgql that changes what the generated code relies on
// shows here): cursors encode to the same bytes and decode to the same
// values, order directions read and write alike, and the cursor
// predicates and the per-row limit write the same SQL with the same
// arguments, on both dialects.
func TestSameAsEntgql(t *testing.T) {
	cursors := []struct{ id, value any }{
		{"prd_01J00000000000000000000000", nil},
		{"prd_01J00000000000000000000000", int64(7)},
		{"prd_01J00000000000000000000000", "Backpack"},
		{int64(42), []any{int64(5), "lyon"}},
		{"x", 1.5},
	}
	for _, c := range cursors {
		var ours, theirs bytes.Buffer
		entgqlrt.Cursor[any]{ID: c.id, Value: c.value}.MarshalGQL(&ours)
		entgql.Cursor[any]{ID: c.id, Value: c.value}.MarshalGQL(&theirs)
		if ours.String() != theirs.String() {
			t.Fatalf("cursor %v: %s, entgql %s", c, ours.String(), theirs.String())
		}
		text := ours.String()[1 : ours.Len()-1]
		var a entgqlrt.Cursor[any]
		var b entgql.Cursor[any]
		errA, errB := a.UnmarshalGQL(text), b.UnmarshalGQL(text)
		if (errA == nil) != (errB == nil) || !reflect.DeepEqual(a.ID, b.ID) || !reflect.DeepEqual(a.Value, b.Value) {
			t.Fatalf("decoding %q: %+v (%v), entgql %+v (%v)", text, a, errA, b, errB)
		}
	}
	for _, bad := range []any{"not base64!", "", 5, "3q2+7w=="} {
		var a entgqlrt.Cursor[any]
		var b entgql.Cursor[any]
		if errA, errB := a.UnmarshalGQL(bad), b.UnmarshalGQL(bad); (errA == nil) != (errB == nil) {
			t.Fatalf("decoding %v: %v, entgql %v", bad, errA, errB)
		}
	}

	for _, v := range []any{"ASC", "DESC", "asc", "", 1} {
		var a entgqlrt.OrderDirection
		var b entgql.OrderDirection
		errA, errB := a.UnmarshalGQL(v), b.UnmarshalGQL(v)
		if (errA == nil) != (errB == nil) || string(a) != string(b) {
			t.Fatalf("direction %v: %q (%v), entgql %q (%v)", v, a, errA, b, errB)
		}
		if errA != nil {
			continue
		}
		var ours, theirs bytes.Buffer
		a.MarshalGQL(&ours)
		b.MarshalGQL(&theirs)
		if ours.String() != theirs.String() || a.String() != b.String() || string(a.Reverse()) != string(b.Reverse()) {
			t.Fatalf("direction %v writes %s, entgql %s", v, ours.String(), theirs.String())
		}
	}
	if (entgqlrt.OrderDirection("UP").Validate() == nil) != (entgql.OrderDirection("UP").Validate() == nil) {
		t.Fatal("Validate differs on UP")
	}

	for _, d := range []string{dialect.Postgres, dialect.SQLite} {
		build := func(apply func(*sql.Selector)) (string, []any) {
			s := sql.Dialect(d).Select("*").From(sql.Table("products"))
			apply(s)
			return s.Query()
		}
		same := func(what string, ours, theirs func(*sql.Selector)) {
			t.Helper()
			q1, a1 := build(ours)
			q2, a2 := build(theirs)
			if q1 != q2 || !reflect.DeepEqual(a1, a2) {
				t.Fatalf("%s on %s:\n%s %v\nentgql:\n%s %v", what, d, q1, a1, q2, a2)
			}
		}
		for _, dir := range []string{"ASC", "DESC"} {
			for _, c := range cursors[:3] {
				after := &entgqlrt.Cursor[any]{ID: c.id, Value: c.value}
				theirsAfter := &entgql.Cursor[any]{ID: c.id, Value: c.value}
				ours := entgqlrt.CursorsPredicate(after, after, "id", "name", entgqlrt.OrderDirection(dir))
				theirs := entgql.CursorsPredicate(theirsAfter, theirsAfter, "id", "name", entgql.OrderDirection(dir))
				same("CursorsPredicate", func(s *sql.Selector) {
					for _, p := range ours {
						p(s)
					}
				}, func(s *sql.Selector) {
					for _, p := range theirs {
						p(s)
					}
				})
			}
			multi := []any{int64(5), "lyon"}
			ours, errA := entgqlrt.MultiCursorsPredicate(&entgqlrt.Cursor[any]{ID: "w_1", Value: multi}, nil, &entgqlrt.MultiCursorsOptions{
				FieldID: "id", DirectionID: entgqlrt.OrderDirection(dir), Fields: []string{"rank", "city"},
				Directions: []entgqlrt.OrderDirection{entgqlrt.OrderDirection(dir), entgqlrt.OrderDirectionAsc},
			})
			theirs, errB := entgql.MultiCursorsPredicate(&entgql.Cursor[any]{ID: "w_1", Value: multi}, nil, &entgql.MultiCursorsOptions{
				FieldID: "id", DirectionID: entgql.OrderDirection(dir), Fields: []string{"rank", "city"},
				Directions: []entgql.OrderDirection{entgql.OrderDirection(dir), entgql.OrderDirectionAsc},
			})
			if errA != nil || errB != nil || len(ours) != len(theirs) {
				t.Fatalf("MultiCursorsPredicate: %v, entgql %v", errA, errB)
			}
			same("MultiCursorsPredicate", func(s *sql.Selector) { ours[0](s) }, func(s *sql.Selector) { theirs[0](s) })
		}
		same("LimitPerRow", entgqlrt.LimitPerRow("product_id", 3, sql.ExprP("name ASC")), entgql.LimitPerRow("product_id", 3, sql.ExprP("name ASC")))
	}

	if a, b := entgqlrt.ErrNodeNotFound("prd_1"), entgql.ErrNodeNotFound("prd_1"); a.Message != b.Message || !reflect.DeepEqual(a.Extensions, b.Extensions) {
		t.Fatalf("ErrNodeNotFound: %+v, entgql %+v", a, b)
	}
}
