// Package pricing computes what a cart costs: per line and in total, the
// subtotal, discounts, shipping, tax and total, in integer minor units.
// It is pure arithmetic over its Input, so the cart (on every read) and
// checkout (inside its transaction) price alike, and the rules are tested
// without a database.
//
// The rules:
//   - Automatic promotions apply first (see promotion.go), then discount
//     codes. Codes apply in the order they were entered, each to what the previous
//     ones left of the lines it covers. A percentage is rounded per line; a
//     fixed amount is split across the lines it covers in proportion to
//     their amounts, the rounding remainder going to the largest shares, so
//     line discounts always add up to the code's amount.
//   - Tax is computed and rounded per line (and per shipment), half away from
//     zero, then summed. With tax-exclusive prices it is added to the total;
//     with tax-inclusive prices it is the part of the price it accounts for,
//     price × r / (1 + r).
//   - Shipping is taxed at the same rate as goods.
//   - Every product and sum is checked (money.Calc): a cart whose amounts
//     leave int64 has no price, Price returns money.ErrOverflow.
package pricing

import (
	"fmt"
	"sort"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/money"
)

// PPM is the denominator of tax rates (parts per million).
const PPM = 1_000_000

// Line is a quantity of a variant at its current price.
type Line struct {
	ID          pulid.ID
	VariantID   pulid.ID
	ProductID   pulid.ID
	SellerID    pulid.ID
	CategoryIDs []pulid.ID // the product's category and its ancestors
	UnitPrice   int64
	Quantity    int
	WeightGrams int // per unit
}

// Discount is a discount code's rule.
type Discount struct {
	ID              pulid.ID
	Code            string
	Percentage      bool
	Value           int64 // hundredths of a percent, or minor units
	Currency        money.Currency
	MinimumSubtotal int64
	StartsAt        *time.Time
	EndsAt          *time.Time
	Active          bool
	Exhausted       bool // the total usage limit is reached
	UsageLimit      *int // checkout enforces these two when it redeems
	PerCustomer     *int
	ProductIDs      []pulid.ID
	CategoryIDs     []pulid.ID
	SellerIDs       []pulid.ID
}

// Shipment is the shipping chosen for one seller's lines (price 0 if none).
type Shipment struct {
	SellerID pulid.ID
	Price    int64
}

// Input is everything a price depends on.
type Input struct {
	Currency   money.Currency
	IncludeTax bool
	TaxRatePPM int // 0 when the destination is unknown or untaxed
	Lines      []Line
	Codes      []string // as entered, in order
	Discounts  map[string]*Discount
	Promotions []*Promotion // active ones, in any order
	Buyer      Buyer
	Shipments  []Shipment
	Now        time.Time
}

// LineResult is the price of one line.
type LineResult struct {
	Subtotal int64 // unit price × quantity
	Discount int64
	Tax      int64
	Total    int64 // subtotal − discount
}

// CodeResult says whether a code applied and why not.
type CodeResult struct {
	Code       string
	DiscountID pulid.ID
	Applicable bool
	Reason     string // when not applicable
	Amount     int64
}

// Result is the price of a cart.
type Result struct {
	Lines       []LineResult // in the order of Input.Lines
	Codes       []CodeResult
	ShipmentTax []int64 // in the order of Input.Shipments
	// ShipmentDiscount is what promotions took off each shipment.
	ShipmentDiscount []int64
	// Allocations are what each promotion, then each code, took off, in
	// the order they applied.
	Allocations  []Allocation
	Subtotal     int64
	Discount     int64 // off the lines; shipping discounts are in Shipping
	Shipping     int64 // after shipping discounts
	Tax          int64
	Total        int64
	TotalQty     int
	WeightGrams  int
	IncludesTax  bool
	CurrencyCode money.Currency
}

// Price prices a cart. The error is money.ErrOverflow when an amount (a
// line, a sum, a tax) leaves int64: the Result is then meaningless and
// must not be shown or charged.
func Price(in Input) (Result, error) {
	var c money.Calc
	r := Result{Lines: make([]LineResult, len(in.Lines)), IncludesTax: in.IncludeTax, CurrencyCode: in.Currency}
	var weight int64
	for i, l := range in.Lines {
		sub := c.Mul(l.UnitPrice, int64(l.Quantity))
		r.Lines[i] = LineResult{Subtotal: sub}
		r.Subtotal = c.Add(r.Subtotal, sub)
		r.TotalQty += l.Quantity
		weight = c.Add(weight, c.Mul(int64(l.WeightGrams), int64(l.Quantity)))
	}
	r.WeightGrams = int(weight)
	if err := c.Err(); err != nil {
		// Promotions and codes split the subtotal: stop before they do.
		return Result{}, fmt.Errorf("price cart: %w", err)
	}
	r.ShipmentDiscount = make([]int64, len(in.Shipments))
	blocker := applyPromotions(in, &r, &c)
	for _, code := range in.Codes {
		d := in.Discounts[code]
		cr := CodeResult{Code: code}
		if d != nil {
			cr.DiscountID = d.ID
		}
		cr.Reason = applicable(d, in, r.Subtotal)
		if cr.Reason == "" && blocker != "" {
			cr.Reason = "this code cannot be combined with the promotion " + blocker
		}
		if cr.Reason == "" {
			lines := apply(d, in.Lines, r.Lines, &c)
			cr.Amount = sum(lines, &c)
			if cr.Amount == 0 {
				cr.Reason = "no line in the cart qualifies"
			} else {
				r.Allocations = append(r.Allocations, Allocation{Source: SourceCode, ID: d.ID, Title: code, Amount: cr.Amount,
					Lines: lines, Shipments: make([]int64, len(in.Shipments))})
			}
		}
		cr.Applicable = cr.Reason == ""
		r.Codes = append(r.Codes, cr)
	}
	for i := range r.Lines {
		lr := &r.Lines[i]
		lr.Total = c.Sub(lr.Subtotal, lr.Discount)
		lr.Tax = c.Check(Tax(lr.Total, in.TaxRatePPM, in.IncludeTax))
		r.Discount = c.Add(r.Discount, lr.Discount)
		r.Tax = c.Add(r.Tax, lr.Tax)
	}
	r.ShipmentTax = make([]int64, len(in.Shipments))
	for i, s := range in.Shipments {
		net := c.Sub(s.Price, r.ShipmentDiscount[i])
		r.ShipmentTax[i] = c.Check(Tax(net, in.TaxRatePPM, in.IncludeTax))
		r.Shipping = c.Add(r.Shipping, net)
		r.Tax = c.Add(r.Tax, r.ShipmentTax[i])
	}
	r.Total = c.Add(c.Sub(r.Subtotal, r.Discount), r.Shipping)
	if !in.IncludeTax {
		r.Total = c.Add(r.Total, r.Tax)
	}
	if err := c.Err(); err != nil {
		return Result{}, fmt.Errorf("price cart: %w", err)
	}
	return r, nil
}

// Tax is the tax on an amount at a rate in parts per million, rounded half
// away from zero: added on top when exclusive, the part of the amount it
// accounts for when inclusive. The product is computed in 128 bits: at a
// rate of at most 100% it cannot overflow; the error is money.ErrOverflow
// when the tax itself leaves int64.
func Tax(amount int64, ratePPM int, inclusive bool) (int64, error) {
	if ratePPM <= 0 || amount <= 0 {
		return 0, nil
	}
	if inclusive {
		d, err := money.Add(PPM, int64(ratePPM))
		if err != nil {
			return 0, err
		}
		return money.MulDiv(amount, int64(ratePPM), d)
	}
	return money.MulDiv(amount, int64(ratePPM), PPM)
}

// applicable returns why a discount does not apply, or "".
func applicable(d *Discount, in Input, subtotal int64) string {
	switch {
	case d == nil:
		return "unknown code"
	case !d.Active:
		return "this code is no longer active"
	case d.StartsAt != nil && in.Now.Before(*d.StartsAt):
		return "this code is not valid yet"
	case d.EndsAt != nil && !in.Now.Before(*d.EndsAt):
		return "this code has expired"
	case d.Exhausted:
		return "this code has been used up"
	case !d.Percentage && d.Currency != in.Currency:
		return "this code is for another currency"
	case subtotal < d.MinimumSubtotal:
		return "the cart subtotal is below this code's minimum of " + money.Format(d.MinimumSubtotal, in.Currency.Exponent())
	}
	return ""
}

// covers reports whether a discount's restrictions include a line.
func covers(d *Discount, l Line) bool {
	if len(d.ProductIDs) == 0 && len(d.CategoryIDs) == 0 && len(d.SellerIDs) == 0 {
		return true
	}
	return contains(d.ProductIDs, l.ProductID) || contains(d.SellerIDs, l.SellerID) || overlaps(d.CategoryIDs, l.CategoryIDs)
}

// apply adds a discount to the lines it covers and returns each line's
// share (indexed like lines).
func apply(d *Discount, lines []Line, res []LineResult, c *money.Calc) []int64 {
	out := make([]int64, len(lines))
	var idx []int
	for i, l := range lines {
		if res[i].Subtotal-res[i].Discount > 0 && covers(d, l) {
			idx = append(idx, i)
		}
	}
	if d.Percentage {
		percentOff(idx, d.Value, res, out, c)
	} else {
		fixedOff(idx, d.Value, res, out, c)
	}
	return out
}

// percentOff takes a percentage (hundredths of a percent) off what is left
// of each line, rounded half up per line (the product in 128 bits).
func percentOff(idx []int, pct int64, res []LineResult, out []int64, c *money.Calc) {
	for _, i := range idx {
		left := res[i].Subtotal - res[i].Discount
		amt := min(c.MulDiv(left, pct, 10_000), left)
		res[i].Discount += amt
		out[i] += amt
	}
}

// fixedOff splits an amount (at most what is left) across lines in
// proportion to what is left of them. Largest remainder: floor shares, then
// one unit more to the largest remainders (ties to the earlier line) until
// the shares sum to the amount exactly.
func fixedOff(idx []int, amount int64, res []LineResult, out []int64, c *money.Calc) {
	var base int64
	for _, i := range idx {
		base = c.Add(base, res[i].Subtotal-res[i].Discount)
	}
	if c.Err() != nil {
		return
	}
	if base <= 0 || amount <= 0 {
		return
	}
	total := min(amount, base)
	type share struct {
		i   int
		rem int64
	}
	shares := make([]share, len(idx))
	var given int64
	for k, i := range idx {
		left := res[i].Subtotal - res[i].Discount
		// total × left overflows int64 for ordinary amounts (a 10,000.00
		// discount on a 1,000,000,000.00 line): in 128 bits.
		amt, rem := c.MulDivTrunc(total, left, base)
		shares[k] = share{i, rem}
		res[i].Discount += amt
		out[i] += amt
		given += amt
	}
	if c.Err() != nil {
		return // no unit-by-unit loop over a meaningless remainder
	}
	sort.SliceStable(shares, func(a, b int) bool { return shares[a].rem > shares[b].rem })
	for k := 0; given < total; k++ {
		i := shares[k%len(shares)].i
		res[i].Discount++
		out[i]++
		given++
	}
}

func sum(xs []int64, c *money.Calc) int64 {
	return c.Check(money.Sum(xs...))
}

func contains(ids []pulid.ID, id pulid.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func overlaps(a, b []pulid.ID) bool {
	for _, x := range b {
		if contains(a, x) {
			return true
		}
	}
	return false
}
