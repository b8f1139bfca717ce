package ent

import (
	"reflect"
	"time"

	"github.com/comptoir/comptoir/internal/apperr"
)

// checkCursorValues refuses an after/before cursor whose value cannot be
// what the connection's order writes into its cursors. want is the value the
// pager writes for a zero node (the generated Paginate passes it), so it has
// the order field's Go type, or is a list of them for an order on several
// fields. Without this check a well-formed cursor made for another order (a
// name where a position is expected) reaches SQL: PostgreSQL fails on the
// type, which would answer INTERNAL for a client's mistake, and SQLite
// silently answers an empty page.
//
// It also gives back the zero value the cursor encoding left out: msgpack's
// omitempty drops a value of 0, "" or the zero time, and entgql reads a
// cursor without a value as one of the default order, comparing IDs alone.
// A page after a product priced 0.00 in a PRICE DESC listing then started
// again at the most expensive product, and a client following endCursor
// never stopped.
func checkCursorValues(want any, after, before *Cursor) error {
	if after != nil && !cursorValueFits(want, after.Value) {
		return apperr.BadInput([]string{"after"}, "after: the cursor was not made by this connection with this order")
	}
	if before != nil && !cursorValueFits(want, before.Value) {
		return apperr.BadInput([]string{"before"}, "before: the cursor was not made by this connection with this order")
	}
	restoreZero(want, after)
	restoreZero(want, before)
	return nil
}

// restoreZero sets a cursor's left-out value to want, the zero value of the
// order's field (or fields). The default order (want nil) reads no value,
// and an optional field's nil is a real NULL, so both are left alone.
func restoreZero(want any, c *Cursor) {
	if c == nil || c.Value != nil || want == nil {
		return
	}
	if rv := reflect.ValueOf(want); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return
	}
	c.Value = want
}

var timeType = reflect.TypeFor[time.Time]()

// cursorValueFits reports whether a decoded cursor value (msgpack gives the
// smallest integer type that holds a number) can stand for want's type.
func cursorValueFits(want, got any) bool {
	if got == nil {
		return true // the cursor encoding leaves zero values out
	}
	if ws, ok := want.([]any); ok {
		gs, ok := got.([]any)
		if !ok || len(gs) != len(ws) {
			return false
		}
		for i := range ws {
			if !cursorValueFits(ws[i], gs[i]) {
				return false
			}
		}
		return true
	}
	if want == nil {
		return true // the default order pages by ID alone and ignores the value
	}
	wt, gt := reflect.TypeOf(want), reflect.TypeOf(got)
	if wt.Kind() == reflect.Pointer { // an optional field: nil or its value
		wt = wt.Elem()
	}
	switch {
	case wt == timeType || gt == timeType:
		return wt == gt
	case integer(wt.Kind()):
		return integer(gt.Kind())
	case wt.Kind() == reflect.Float32 || wt.Kind() == reflect.Float64:
		return integer(gt.Kind()) || gt.Kind() == reflect.Float32 || gt.Kind() == reflect.Float64
	default:
		return wt.Kind() == gt.Kind()
	}
}

func integer(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
