// Package money holds amounts as integer minor units with their currency, and
// converts them to and from the exact decimal strings the API speaks. Nothing
// on the money path is ever a float.
package money

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/99designs/gqlgen/graphql"
	"io"
	"math"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 code.
type Currency string

// exponents lists the supported currencies and their minor-unit digits.
var exponents = map[Currency]int{
	"AUD": 2, "CAD": 2, "CHF": 2, "CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2,
	"JPY": 0, "NOK": 2, "NZD": 2, "PLN": 2, "SEK": 2, "USD": 2,
}

// ErrCurrency is returned for an unsupported currency code.
var ErrCurrency = errors.New("unsupported currency")

// ErrDecimal is returned for a malformed or out-of-range decimal amount.
var ErrDecimal = errors.New("invalid decimal amount")

// ParseCurrency validates a currency code.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if _, ok := exponents[c]; !ok {
		return "", fmt.Errorf("%w: %q", ErrCurrency, s)
	}
	return c, nil
}

// Exponent is the number of minor-unit digits of the currency.
func (c Currency) Exponent() int { return exponents[c] }

// MarshalGQL implements graphql.Marshaler, as a JSON string written without
// allocating.
func (c Currency) MarshalGQL(w io.Writer) { graphql.MarshalString(string(c)).MarshalGQL(w) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (c *Currency) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%w: must be a string", ErrCurrency)
	}
	cur, err := ParseCurrency(s)
	if err != nil {
		return err
	}
	*c = cur
	return nil
}

// Money is an amount in minor units of a currency.
type Money struct {
	Minor    int64
	Currency Currency
}

// New returns Money of minor units in a currency.
func New(minor int64, c Currency) Money { return Money{Minor: minor, Currency: c} }

// Amount is the decimal form, in major units.
func (m Money) Amount() Decimal { return Decimal(Format(m.Minor, m.Currency.Exponent())) }

// AmountJSON is the amount as the GraphQL field Money.amount writes it: the
// Decimal's JSON string, formatted into the response without a string or a
// box of its own (a listing writes some 250 prices).
func (m *Money) AmountJSON() AmountJSON { return AmountJSON{m} }

// AmountJSON writes a Money's amount (Money.AmountJSON); one pointer, it fits
// an interface without allocating. Output only.
type AmountJSON struct{ m *Money }

// MarshalGQL implements graphql.Marshaler: what Decimal writes.
func (a AmountJSON) MarshalGQL(w io.Writer) {
	if b, ok := w.(*bytes.Buffer); ok {
		buf := append(b.AvailableBuffer(), '"')
		buf = appendFormat(buf, a.m.Minor, a.m.Currency.Exponent())
		b.Write(append(buf, '"'))
		return
	}
	a.m.Amount().MarshalGQL(w)
}

// UnmarshalGQL implements graphql.Unmarshaler; inputs are Decimals.
func (a *AmountJSON) UnmarshalGQL(any) error {
	return fmt.Errorf("%w: an amount is read as a Decimal", ErrDecimal)
}

// CurrencyCode is the ISO 4217 code.
func (m Money) CurrencyCode() Currency { return m.Currency }

// Decimal is an exact decimal number in its canonical string form.
type Decimal string

// MarshalGQL implements graphql.Marshaler, as a JSON string written without
// allocating.
func (d Decimal) MarshalGQL(w io.Writer) { graphql.MarshalString(string(d)).MarshalGQL(w) }

// UnmarshalGQL implements graphql.Unmarshaler: a string such as "19.90" (an
// integer literal is accepted too). Floats are refused: they cannot carry money.
func (d *Decimal) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	case int:
		s = strconv.Itoa(x)
	default:
		return fmt.Errorf("%w: send a string such as \"19.90\"", ErrDecimal)
	}
	if !validDecimal(s) {
		return fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	*d = Decimal(s)
	return nil
}

// MinorUnits converts the decimal to minor units of a currency; more
// fractional digits than the currency has is an error, not a rounding. It
// is ParseAmount: what a money input means.
func (d Decimal) MinorUnits(c Currency) (int64, error) {
	return ParseAmount(string(d), c)
}

// MaxMinor bounds every amount a client or an import enters (a price, a
// shipping rate, a discount, a refund, an expected total), in minor units:
// 99,999,999,999.99 in a two-decimal currency. A cart line and an order's
// total are bounded by it too (cart.MaxLineSubtotal, checkout), so a cart
// of 100 lines stays far inside int64 and every amount the API shows can
// be sent back; what still could overflow (a rate × a weight, a stored
// price from before the bound) is computed with checked arithmetic
// (checked.go) and refused.
const MaxMinor int64 = 1e13 - 1

// ParseAmount is the one rule for a money input: a decimal in a currency
// (Parse with the currency's exponent), at most MaxMinor minor units
// either way. Errors wrap ErrDecimal and say what the maximum is.
func ParseAmount(s string, c Currency) (int64, error) {
	exp := c.Exponent()
	v, err := Parse(s, exp)
	if err != nil {
		return 0, err
	}
	if v > MaxMinor || v < -MaxMinor {
		return 0, fmt.Errorf("%w: %q is above the maximum amount, %s", ErrDecimal, s, Format(MaxMinor, exp))
	}
	return v, nil
}

// maxDigits keeps every amount well inside int64.
const maxDigits = 15

func validDecimal(s string) bool {
	_, _, _, ok := split(s, 18)
	return ok
}

// split checks decimal syntax: an optional leading '-', 1 to 15 integer
// digits, then optionally '.' and 1 to maxFrac fractional digits.
func split(s string, maxFrac int) (neg bool, intPart, frac string, ok bool) {
	neg = strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") || len(intPart) > maxDigits || len(frac) > maxFrac {
		return false, "", "", false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false, "", "", false
			}
		}
	}
	return neg, intPart, frac, true
}

// Parse converts a decimal string ("-12.5", "19.90") to an integer scaled by
// 10^exp. It refuses exponents, signs other than a leading '-', more than exp
// fractional digits, values with more than 15 integer digits and values
// whose scaled integer does not fit in 64 bits.
func Parse(s string, exp int) (int64, error) {
	neg, intPart, frac, ok := split(s, exp)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	var v int64
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			d := int64(part[i] - '0')
			if v > (math.MaxInt64-d)/10 {
				return 0, fmt.Errorf("%w: %q is out of range", ErrDecimal, s)
			}
			v = v*10 + d
		}
	}
	for i := len(frac); i < exp; i++ {
		if v > math.MaxInt64/10 {
			return 0, fmt.Errorf("%w: %q is out of range", ErrDecimal, s)
		}
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, nil
}

// Format renders minor units with exp fractional digits ("1990", 2 -> "19.90").
func Format(minor int64, exp int) string {
	var buf [24]byte
	return string(appendFormat(buf[:0], minor, exp))
}

// appendFormat appends Format's text to dst.
func appendFormat(dst []byte, minor int64, exp int) []byte {
	var buf [24]byte
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor)
	}
	i := len(buf)
	for d := 0; d < exp || u > 0 || d <= exp; d++ {
		if d == exp && exp > 0 {
			i--
			buf[i] = '.'
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if d >= exp && u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return append(dst, buf[i:]...)
}

// Range is a lowest and a highest price, in one currency (GraphQL
// MoneyRange).
type Range struct {
	Min Money // the lowest price
	Max Money // the highest, equal to Min when every price is the same
}
