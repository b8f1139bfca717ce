package resolvers

import (
	"context"

	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/discount"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/shipping"
)

func cartCost(q *cart.Quote) *model.CartCost {
	p := q.Price
	sub, disc, ship, tax, total := q.Money(p.Subtotal), q.Money(p.Discount), q.Money(p.Shipping), q.Money(p.Tax), q.Money(p.Total)
	return &model.CartCost{SubtotalAmount: &sub, DiscountAmount: &disc, ShippingAmount: &ship, TaxAmount: &tax, TaxIncluded: p.IncludesTax, TotalAmount: &total,
		DiscountAllocations: cartAllocations(q)}
}

// shippingRate maps a method priced for a parcel: the seller's, or the
// whole cart when sellerID is empty. Its id names the parcel too.
func shippingRate(q *cart.Quote, sellerID pulid.ID, r shipping.Rate) *model.ShippingRate {
	price := q.Money(r.Price)
	return &model.ShippingRate{ID: shipping.RateID(q.Cart.ID, sellerID, r.Method.ID), ShippingMethodID: r.Method.ID,
		Name: r.Method.Name, Price: &price, MinDeliveryDays: r.Method.MinDays,
		MaxDeliveryDays: r.Method.MaxDays, DeliveryEstimate: shipping.Estimate(r.Method)}
}

func shippingRates(q *cart.Quote, sellerID pulid.ID, rs []shipping.Rate) []*model.ShippingRate {
	out := make([]*model.ShippingRate, len(rs))
	for i, r := range rs {
		out[i] = shippingRate(q, sellerID, r)
	}
	return out
}

// deliveryGroups maps a quote's parcels, loading their sellers in one
// statement.
func (r *Resolver) deliveryGroups(ctx context.Context, q *cart.Quote) ([]*model.CartDeliveryGroup, error) {
	byID, err := r.Carts.Sellers(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]*model.CartDeliveryGroup, len(q.Groups))
	for i, g := range q.Groups {
		sub := q.Money(g.Subtotal)
		dg := &model.CartDeliveryGroup{Seller: byID[g.SellerID], WeightGrams: g.WeightGrams, SubtotalAmount: &sub,
			AvailableShippingMethods: shippingRates(q, g.SellerID, g.Rates)}
		for _, li := range g.Lines {
			dg.Lines = append(dg.Lines, q.Lines[li])
		}
		if g.Selected != nil {
			dg.SelectedShippingMethod = shippingRate(q, g.SellerID, *g.Selected)
		}
		out[i] = dg
	}
	return out, nil
}

// orderMoney is an amount in an order's currency.
func orderMoney(minor int64, currency string) *money.Money {
	m := money.New(minor, money.Currency(currency))
	return &m
}

func checkoutErrors(ues []apperr.UserError) []*model.CheckoutUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.CheckoutUserError {
		return &model.CheckoutUserError{Field: ue.Field, Code: model.CheckoutErrorCode(ue.Code), Message: ue.Message}
	})
}

func orderErrors(ues []apperr.UserError) []*model.OrderUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.OrderUserError {
		return &model.OrderUserError{Field: ue.Field, Code: model.OrderErrorCode(ue.Code), Message: ue.Message}
	})
}

func setupErrors(ues []apperr.UserError) []*model.SetupUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.SetupUserError {
		return &model.SetupUserError{Field: ue.Field, Code: model.SetupErrorCode(ue.Code), Message: ue.Message}
	})
}

func lineQuantities(in []*model.OrderLineQuantityInput) []orders.LineQuantity {
	out := make([]orders.LineQuantity, len(in))
	for i, l := range in {
		out[i] = orders.LineQuantity{LineID: l.OrderLineID, Quantity: l.Quantity}
	}
	return out
}

// amounts converts Decimal inputs to minor units, collecting a userError
// per malformed one.
type amounts struct {
	currency money.Currency
	ues      []apperr.UserError
}

func (a *amounts) minor(d *money.Decimal, def int64, field ...string) int64 {
	if d == nil {
		return def
	}
	n, err := d.MinorUnits(a.currency)
	if err != nil {
		a.ues = append(a.ues, apperr.UserErr(append([]string{"input"}, field...), "INVALID", "%v", err))
	}
	return n
}

func (a *amounts) optional(d *money.Decimal, field ...string) *int64 {
	if d == nil {
		return nil
	}
	n := a.minor(d, 0, field...)
	return &n
}

func (r *Resolver) shippingMethodInput(zoneID pulid.ID, in *model.ShippingMethodInput) (shipping.MethodInput, []apperr.UserError) {
	a := &amounts{currency: r.Currency}
	out := shipping.MethodInput{ZoneID: zoneID, Name: in.Name, Kind: in.Kind, Currency: string(r.Currency),
		Price:      a.minor(&in.Price, 0, "method", "price"),
		PricePerKg: a.minor(in.PricePerKg, 0, "method", "pricePerKg"),
		FreeAbove:  a.optional(in.FreeAbove, "method", "freeAbove"), MaxWeightGrams: in.MaxWeightGrams,
		MinDays: in.MinDeliveryDays, MaxDays: in.MaxDeliveryDays, Active: in.Active == nil || *in.Active}
	if in.MinWeightGrams != nil {
		out.MinWeightGrams = *in.MinWeightGrams
	}
	return out, a.ues
}

func (r *Resolver) discountInput(code string, in *model.DiscountCodeInput) (discount.Input, []apperr.UserError) {
	a := &amounts{currency: r.Currency}
	out := discount.Input{Code: code, Kind: in.Kind, Currency: string(r.Currency),
		MinimumSubtotal: a.minor(in.MinimumSubtotal, 0, "discount", "minimumSubtotal"),
		StartsAt:        in.StartsAt, EndsAt: in.EndsAt, UsageLimit: in.UsageLimit, PerCustomerLimit: in.PerCustomerLimit,
		ProductIDs: in.ProductIds, CategoryIDs: in.CategoryIds, SellerIDs: in.SellerIds, Active: in.Active == nil || *in.Active}
	if in.Kind == discountcode.KindPERCENTAGE {
		v, err := money.Parse(string(in.Value), 2)
		if err != nil {
			a.ues = append(a.ues, apperr.UserErr([]string{"input", "discount", "value"}, "INVALID", "a percentage such as \"10\" or \"12.5\""))
		}
		out.Value = v
	} else {
		out.Value = a.minor(&in.Value, 0, "discount", "value")
	}
	return out, a.ues
}

func deleted(id pulid.ID, ues []apperr.UserError) *model.SetupDeletePayload {
	if len(ues) > 0 {
		return &model.SetupDeletePayload{UserErrors: setupErrors(ues)}
	}
	return &model.SetupDeletePayload{DeletedID: &id, UserErrors: setupErrors(nil)}
}

func wishlistErrors(ues []apperr.UserError) []*model.WishlistUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.WishlistUserError {
		return &model.WishlistUserError{Field: ue.Field, Code: model.WishlistErrorCode(ue.Code), Message: ue.Message}
	})
}
