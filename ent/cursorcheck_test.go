package ent

import (
	"reflect"
	"testing"
	"time"
)

func TestCursorValueFits(t *testing.T) {
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	var rating *float64
	for _, c := range []struct {
		name      string
		want, got any
		fits      bool
	}{
		{"zero value left out", 0, nil, true},
		{"default order ignores the value", nil, "x", true},
		{"int as msgpack's int8", 0, int8(3), true},
		{"int64 as uint16", int64(0), uint16(300), true},
		{"int refuses a string", 0, "x", false},
		{"int refuses a float", 0, 1.5, false},
		{"int refuses a list", 0, []any{int8(1), "x"}, false},
		{"float takes an integer", 0.0, int8(4), true},
		{"float takes a float", 0.0, 4.5, true},
		{"float refuses a string", 0.0, "x", false},
		{"string", "", "a", true},
		{"string refuses a time", "", now, false},
		{"time", time.Time{}, now, true},
		{"time refuses a string", time.Time{}, "2026-11-30", false},
		{"optional float takes a float", rating, 4.5, true},
		{"two fields", []any{0, ""}, []any{int8(1), "A"}, true},
		{"two fields, a zero first", []any{0, ""}, []any{nil, "A"}, true},
		{"two fields refuse a swap", []any{0, ""}, []any{"A", int8(1)}, false},
		{"two fields refuse one value", []any{0, ""}, int8(1), false},
		{"two fields refuse three", []any{0, ""}, []any{int8(1), "A", "B"}, false},
		{"no fields refuse a value", []any{}, "x", false},
	} {
		if got := cursorValueFits(c.want, c.got); got != c.fits {
			t.Errorf("%s: cursorValueFits(%#v, %#v) = %v, want %v", c.name, c.want, c.got, got, c.fits)
		}
	}
}

func TestCheckCursorValuesNamesTheArgument(t *testing.T) {
	if err := checkCursorValues(0, &Cursor{Value: int8(1)}, &Cursor{Value: "x"}); err == nil || err.Error() != "BAD_USER_INPUT: before: the cursor was not made by this connection with this order" {
		t.Fatalf("got %v", err)
	}
	if err := checkCursorValues(0, &Cursor{Value: int8(1)}, nil); err != nil {
		t.Fatalf("a fitting cursor: %v", err)
	}
}

func TestCheckCursorValuesRestoresLeftOutZeros(t *testing.T) {
	var rating *float64
	for _, c := range []struct {
		name      string
		want, got any
	}{
		{"integer order", int64(0), int64(0)},
		{"text order", "", ""},
		{"time order", time.Time{}, time.Time{}},
		{"two fields", []any{0, ""}, []any{0, ""}},
		{"default order", nil, nil},
		{"optional field", rating, nil},
	} {
		after, before := &Cursor{}, &Cursor{}
		if err := checkCursorValues(c.want, after, before); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(after.Value, c.got) || !reflect.DeepEqual(before.Value, c.got) {
			t.Errorf("%s: values %#v, %#v, want %#v", c.name, after.Value, before.Value, c.got)
		}
	}
	kept := &Cursor{Value: int8(3)}
	if err := checkCursorValues(int64(0), kept, nil); err != nil || kept.Value != int8(3) {
		t.Errorf("a present value: %#v, %v", kept.Value, err)
	}
}
