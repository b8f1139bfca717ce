package orders

import (
	"context"
	"fmt"
	"sync"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderline"
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
// whoever sees all of it; to a seller's member, those of the seller's lines
// and parcels only (a mixed order's other sellers' amounts are not theirs
// to see), computed as checkout computes the order's.
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
		lines, err := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID), orderline.SellerIDIn(view.Sellers...)).All(ctx)
		if err != nil {
			return Amounts{}, fmt.Errorf("order amounts: %w", err)
		}
		for _, l := range lines {
			a.Subtotal += l.Subtotal
			a.Discount += l.Discount
			a.Tax += l.Tax
			paid := l.Total
			if !o.PricesIncludeTax {
				paid += l.Tax
			}
			if l.Quantity > 0 {
				a.Refunded += paid * int64(l.RefundedQuantity) / int64(l.Quantity)
			}
		}
		for _, sh := range o.Shipments {
			if view.Sees(sh.SellerID) {
				a.Shipping += sh.Price
				a.Tax += sh.Tax
			}
		}
		a.Total = a.Subtotal - a.Discount + a.Shipping
		if !o.PricesIncludeTax {
			a.Total += a.Tax
		}
	}
	if memo != nil {
		memo.Store(o.ID, a)
	}
	return a, nil
}
