package money

import (
	"bytes"
	"strings"
	"testing"
)

// TestAmountJSONWritesTheDecimal: Money.amount's marshaler writes what the
// Decimal of Amount writes, to a bytes.Buffer (the response) or any writer.
func TestAmountJSONWritesTheDecimal(t *testing.T) {
	for _, m := range []Money{
		New(0, "EUR"), New(5, "EUR"), New(1990, "EUR"), New(-1, "USD"), New(-123456, "USD"),
		New(1990, "JPY"), New(0, "JPY"), New(9_999_999_999_999, "EUR"), New(12345, "KWD"),
	} {
		var want bytes.Buffer
		m.Amount().MarshalGQL(&want)
		var got bytes.Buffer
		got.WriteString("x") // written after what the buffer holds
		m.AmountJSON().MarshalGQL(&got)
		if got.String() != "x"+want.String() {
			t.Errorf("%v: wrote %s, want x%s", m, got.String(), want.String())
		}
		var other strings.Builder
		m.AmountJSON().MarshalGQL(&other)
		if other.String() != want.String() {
			t.Errorf("%v to a strings.Builder: wrote %s, want %s", m, other.String(), want.String())
		}
	}
	var a AmountJSON
	if err := a.UnmarshalGQL("1.00"); err == nil {
		t.Error("an AmountJSON was read from input; want an error")
	}
}
