package orders

import (
	"context"
	"fmt"
	"sync"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
)

// Amounts are an order's totals as one viewer may see them.
type Amounts struct {
	Subtotal, Discount, Shipping, Tax, Total, Refunded int64
}

type amountsKey struct{}

// withAmounts gives a request a memo of the seller views' amounts, so that
// the six amount fields of an order cost one statement together.
func withAmounts(ctx context.Context) context.Context {
	return context.WithValue(ctx, amountsKey{}, &sync.Map{})
}

// AmountsFor returns an order's amounts for the viewer: the order's own to
// whoever sees all of it (and to a seller whose lines are all of it); to a
// seller's member on a mixed order, those of the seller's lines and parcels
// only (other sellers' amounts are not theirs to see), computed as checkout
// computes the order's (see sellerAmounts).
func (s *Service) AmountsFor(ctx context.Context, o *ent.Order) (Amounts, error) {
	view := ViewFor(ctx, o)
	if view.All {
		return Amounts{Subtotal: o.Subtotal, Discount: o.DiscountTotal, Shipping: o.ShippingTotal, Tax: o.TaxTotal, Total: o.Total, Refunded: o.RefundedTotal}, nil
	}
	memo, _ := ctx.Value(amountsKey{}).(*sync.Map)
	if memo != nil {
		if a, ok := memo.Load(o.ID); ok {
			return a.(Amounts), nil
		}
	}
	var a Amounts
	if len(view.Sellers) > 0 {
		lines, err := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(ctx)
		if err != nil {
			return Amounts{}, fmt.Errorf("order amounts: %w", err)
		}
		if a, err = sellerAmounts(o, lines, view); err != nil {
			return Amounts{}, fmt.Errorf("order %s amounts: %w", o.ID, err)
		}
	}
	if memo != nil {
		memo.Store(o.ID, a)
	}
	return a, nil
}

// sellerAmounts computes the part of an order that the view's sellers
// sees: all of it when every line is theirs; else their lines and parcels,
// refunds of their lines, and their pro-rata share of whole-order refunds.
// Checked arithmetic: parts of an order placed with checked totals fit, so
// an error is a bug.
func sellerAmounts(o *ent.Order, lines []*ent.OrderLine, view policy.OrderView) (Amounts, error) {
	var a Amounts
	var c money.Calc
	var refundedLines, refundedMine int64
	mine := 0
	for _, l := range lines {
		paid := l.Total
		if !o.PricesIncludeTax {
			paid = c.Add(paid, l.Tax)
		}
		var refunded int64
		if l.Quantity > 0 {
			refunded = c.Prorate(paid, int64(l.RefundedQuantity), int64(l.Quantity))
		}
		refundedLines = c.Add(refundedLines, refunded)
		if !view.Sees(l.SellerID) {
			continue
		}
		mine++
		a.Subtotal = c.Add(a.Subtotal, l.Subtotal)
		a.Discount = c.Add(a.Discount, l.Discount)
		a.Tax = c.Add(a.Tax, l.Tax)
		refundedMine = c.Add(refundedMine, refunded)
	}
	if mine == len(lines) {
		return Amounts{Subtotal: o.Subtotal, Discount: o.DiscountTotal, Shipping: o.ShippingTotal, Tax: o.TaxTotal, Total: o.Total, Refunded: o.RefundedTotal}, c.Err()
	}
	for _, sh := range o.Shipments {
		if view.Sees(sh.SellerID) {
			a.Shipping = c.Add(a.Shipping, sh.Price)
			a.Tax = c.Add(a.Tax, sh.Tax)
		}
	}
	a.Total = c.Add(c.Sub(a.Subtotal, a.Discount), a.Shipping)
	if !o.PricesIncludeTax {
		a.Total = c.Add(a.Total, a.Tax)
	}
	a.Refunded = refundedMine
	if rest := o.RefundedTotal - refundedLines; rest > 0 && o.Total > 0 {
		a.Refunded = c.Add(a.Refunded, c.Prorate(rest, a.Total, o.Total))
	}
	return a, c.Err()
}
