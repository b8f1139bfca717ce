package cart

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/discount"
	"github.com/comptoir/comptoir/internal/shipping"
)

// MaxDiscountCodes bounds the codes of one cart.
const MaxDiscountCodes = 5

// UpdateDiscountCodes replaces the cart's discount codes. An unknown code is
// refused (DISCOUNT_CODE_INVALID) and nothing changes; a known code that
// does not apply now (minimum not reached, expired…) is kept, and the cart
// says why it does not apply. Who: as Get.
func (s *Service) UpdateDiscountCodes(ctx context.Context, id pulid.ID, codes []string) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	if len(codes) > MaxDiscountCodes {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "discountCodes"}, CodeInvalid, "a cart takes at most %d discount codes", MaxDiscountCodes)}, nil
	}
	keys := make([]string, 0, len(codes))
	for i, code := range codes {
		k := discount.Key(code)
		f := []string{"input", "discountCodes", fmt.Sprint(i)}
		switch {
		case k == "" || utf8.RuneCountInString(k) > 64:
			ues = append(ues, apperr.UserErr(f, CodeDiscountInvalid, "a discount code has 1 to 64 characters"))
		case !slices.Contains(keys, k):
			keys = append(keys, k)
		}
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	if len(keys) > 0 {
		found, err := s.client.DiscountCode.Query().Where(discountcode.CodeKeyIn(keys...)).Select(discountcode.FieldCodeKey).Strings(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("look up discount codes: %w", err)
		}
		for i, code := range codes {
			if !slices.Contains(found, discount.Key(code)) {
				ues = append(ues, apperr.UserErr([]string{"input", "discountCodes", fmt.Sprint(i)}, CodeDiscountInvalid, "%q is not a valid discount code", code))
			}
		}
		if len(ues) > 0 {
			return nil, ues, nil
		}
	}
	c, err = s.client.Cart.UpdateOne(c).SetDiscountCodes(keys).Save(ctx)
	return c, nil, err
}

// SelectShippingMethod chooses how a seller's parcel ships (sellerID set),
// or every parcel the method can ship (sellerID nil). methodID is a
// ShippingMethod, or a ShippingRate of the quote (shipping.RateID): a
// parcel's rate stands for its method and parcel, the cart's for its
// method. The method must apply
// to the parcel's address and weight (SHIPPING_METHOD_UNAVAILABLE
// otherwise). Who: as Get.
func (s *Service) SelectShippingMethod(ctx context.Context, id, methodID pulid.ID, sellerID *pulid.ID) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	if c.ShippingAddress == nil {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "cartId"}, CodeInvalid, "set a shipping address first")}, nil
	}
	quotes, err := s.pricer.QuoteMany(ctx, s.client, []*ent.Cart{c})
	if err != nil {
		return nil, nil, err
	}
	q := quotes[c.ID]
	if methodID.Prefix() == shipping.RatePrefix {
		var ok bool
		if methodID, sellerID, ok = q.rate(methodID, sellerID); !ok {
			return nil, []apperr.UserError{apperr.UserErr([]string{"input", "shippingMethodId"}, CodeShippingInvalid, "this shipping rate is not one of this cart's parcels now")}, nil
		}
	}
	chosen := map[string]pulid.ID{}
	for k, v := range c.ShippingMethods {
		chosen[k] = v
	}
	matched := false
	for _, g := range q.Groups {
		if sellerID != nil && g.SellerID != *sellerID {
			continue
		}
		for _, r := range g.Rates {
			if r.Method.ID == methodID {
				chosen[string(g.SellerID)] = methodID
				matched = true
			}
		}
	}
	if !matched {
		f := []string{"input", "shippingMethodId"}
		if sellerID != nil && !slices.ContainsFunc(q.Groups, func(g Group) bool { return g.SellerID == *sellerID }) {
			return nil, []apperr.UserError{apperr.UserErr([]string{"input", "sellerId"}, CodeInvalid, "the cart has no lines from this seller")}, nil
		}
		return nil, []apperr.UserError{apperr.UserErr(f, CodeShippingInvalid, "this shipping method does not ship this cart to its address")}, nil
	}
	c, err = s.client.Cart.UpdateOne(c).SetShippingMethods(chosen).Save(ctx)
	return c, nil, err
}

// rate resolves a ShippingRate id of the quote to its method and, for a
// parcel's rate, its parcel's seller (which a different sellerID
// contradicts). ok is false when no rate of the quote has this id.
func (q *Quote) rate(id pulid.ID, sellerID *pulid.ID) (pulid.ID, *pulid.ID, bool) {
	for _, g := range q.Groups {
		for _, r := range g.Rates {
			if shipping.RateID(q.Cart.ID, g.SellerID, r.Method.ID) == id {
				if sellerID != nil && *sellerID != g.SellerID {
					return "", nil, false
				}
				seller := g.SellerID
				return r.Method.ID, &seller, true
			}
		}
	}
	for _, r := range q.CartRates {
		if shipping.RateID(q.Cart.ID, "", r.Method.ID) == id {
			return r.Method.ID, sellerID, true
		}
	}
	return "", nil, false
}
