package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Checked arithmetic on minor units. Amounts are int64 and a sum or product
// that leaves int64 would wrap around silently (a cart of 999 expensive units
// priced at 8.39): every path that multiplies or sums money goes through
// these, and an overflow is an error its caller turns into a refusal, never
// an amount.

// ErrOverflow is returned when a money computation leaves int64.
var ErrOverflow = errors.New("amount out of range")

func overflow(op string, a, b int64) error {
	return fmt.Errorf("%w: %d %s %d", ErrOverflow, a, op, b)
}

// Add returns a+b, or ErrOverflow.
func Add(a, b int64) (int64, error) {
	s := a + b
	// Overflow iff a and b have the same sign and s has the other one.
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, overflow("+", a, b)
	}
	return s, nil
}

// Sub returns a-b, or ErrOverflow.
func Sub(a, b int64) (int64, error) {
	d := a - b
	if (a >= 0) != (b >= 0) && (d >= 0) != (a >= 0) {
		return 0, overflow("-", a, b)
	}
	return d, nil
}

// Mul returns a×b, or ErrOverflow.
func Mul(a, b int64) (int64, error) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs(a), abs(b))
	v, ok := signed(hi, lo, neg)
	if !ok {
		return 0, overflow("×", a, b)
	}
	return v, nil
}

// Sum returns the sum of xs, or ErrOverflow.
func Sum(xs ...int64) (int64, error) {
	var t int64
	for _, x := range xs {
		var err error
		if t, err = Add(t, x); err != nil {
			return 0, err
		}
	}
	return t, nil
}

// MulDiv returns a×b/d rounded half away from zero, with a×b computed in
// 128 bits: a rate applied to an amount (tax and commissions in parts per
// million, percentages, rate × weight) overflows only when its result does.
// d must be positive.
func MulDiv(a, b, d int64) (int64, error) {
	if d <= 0 {
		return 0, fmt.Errorf("%w: division by %d", ErrOverflow, d)
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs(a), abs(b))
	ud := uint64(d)
	if hi >= ud { // the quotient would not fit in 64 bits (and Div64 would panic)
		return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, b, d)
	}
	q, r := bits.Div64(hi, lo, ud)
	if r >= ud-r { // r ≥ d/2: round away from zero
		if q == math.MaxUint64 {
			return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, b, d)
		}
		q++
	}
	v, ok := signed(0, q, neg)
	if !ok {
		return 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, b, d)
	}
	return v, nil
}

// MulDivTrunc returns the quotient and remainder of a×b/d as Go's / and %
// would (truncated toward zero, the remainder with the sign of a×b), with
// a×b computed in 128 bits: a share of an amount in proportion (total ×
// part / whole, a refund's share of a line) never overflows when
// |b| ≤ |d|, however large a is. d must not be 0.
func MulDivTrunc(a, b, d int64) (q, r int64, err error) {
	if d == 0 {
		return 0, 0, fmt.Errorf("%w: division by 0", ErrOverflow)
	}
	hi, lo := bits.Mul64(abs(a), abs(b))
	ud := abs(d)
	if hi >= ud {
		return 0, 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, b, d)
	}
	uq, ur := bits.Div64(hi, lo, ud)
	prodNeg := (a < 0) != (b < 0) && a != 0 && b != 0
	q, ok := signed(0, uq, prodNeg != (d < 0))
	if !ok {
		return 0, 0, fmt.Errorf("%w: %d × %d / %d", ErrOverflow, a, b, d)
	}
	r = int64(ur) // ur < |d| ≤ 2^63
	if prodNeg {
		r = -r
	}
	return q, r, nil
}

// abs is |x| as a uint64 (exact for math.MinInt64 too).
func abs(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

// signed converts a 128-bit magnitude and a sign to an int64 if it fits.
func signed(hi, lo uint64, neg bool) (int64, bool) {
	switch {
	case hi != 0:
		return 0, false
	case neg && lo == 1<<63:
		return math.MinInt64, true
	case lo > math.MaxInt64:
		return 0, false
	case neg:
		return -int64(lo), true
	}
	return int64(lo), true
}

// Calc is checked arithmetic with a sticky error, for computations with
// many steps (a cart's price): after the first overflow the results are
// meaningless, and Err says so. The zero value is ready to use.
type Calc struct{ err error }

// Check keeps err, if it is the first, and returns v: for a checked
// computation done elsewhere (pricing.Tax).
func (c *Calc) Check(v int64, err error) int64 {
	if err != nil && c.err == nil {
		c.err = err
	}
	return v
}

// Add is a+b.
func (c *Calc) Add(a, b int64) int64 { return c.Check(Add(a, b)) }

// Sub is a-b.
func (c *Calc) Sub(a, b int64) int64 { return c.Check(Sub(a, b)) }

// Mul is a×b.
func (c *Calc) Mul(a, b int64) int64 { return c.Check(Mul(a, b)) }

// MulDiv is a×b/d rounded half away from zero.
func (c *Calc) MulDiv(a, b, d int64) int64 { return c.Check(MulDiv(a, b, d)) }

// MulDivTrunc is MulDivTrunc (quotient and remainder).
func (c *Calc) MulDivTrunc(a, b, d int64) (q, r int64) {
	q, r, err := MulDivTrunc(a, b, d)
	c.Check(0, err)
	return q, r
}

// Prorate is a×part/whole truncated (MulDivTrunc's quotient).
func (c *Calc) Prorate(a, part, whole int64) int64 {
	q, _ := c.MulDivTrunc(a, part, whole)
	return q
}

// Err is the first overflow, or nil.
func (c *Calc) Err() error { return c.err }
