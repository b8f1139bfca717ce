package resolvers

import (
	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderdiscountallocation"
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/pricing"
	"github.com/comptoir/comptoir/internal/promotion"
)

func promotionErrors(ues []apperr.UserError) []*model.PromotionUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.PromotionUserError {
		return &model.PromotionUserError{Field: ue.Field, Code: model.PromotionErrorCode(ue.Code), Message: ue.Message}
	})
}

// percentDecimal writes hundredths of a percent as a percentage ("12.5").
func percentDecimal(v int64) money.Decimal { return money.Decimal(money.FormatPercent(int(v) * 100)) }

func decimalString(d *money.Decimal) string {
	if d == nil {
		return ""
	}
	return string(*d)
}

func promotionInput(in *model.PromotionInput) promotion.Input {
	out := promotion.Input{Title: in.Title, Active: in.Active == nil || *in.Active, Priority: derefInt(in.Priority),
		CombinesWithCodes: in.CombinesWithCodes == nil || *in.CombinesWithCodes, Exclusive: in.Exclusive != nil && *in.Exclusive,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, Kind: in.Kind, Value: decimalString(in.Value),
		MinimumSubtotal: decimalString(in.MinimumSubtotal), MinimumQuantity: derefInt(in.MinimumQuantity),
		ProductIDs: in.ProductIds, CategoryIDs: in.CategoryIds, SellerIDs: in.SellerIds,
		Segment: "ALL", BuyQuantity: derefInt(in.BuyQuantity), GetQuantity: derefInt(in.GetQuantity), GetPercentage: decimalString(in.GetPercentage)}
	if in.CustomerSegment != nil {
		out.Segment = *in.CustomerSegment
	}
	for _, t := range in.Tiers {
		out.Tiers = append(out.Tiers, promotion.TierInput{MinimumSubtotal: string(t.MinimumSubtotal), Value: string(t.Value)})
	}
	return out
}

// cartAllocations maps what each promotion and code takes off a cart now.
func cartAllocations(q *cart.Quote) []*model.DiscountAllocation {
	out := make([]*model.DiscountAllocation, 0, len(q.Price.Allocations))
	for _, a := range q.Price.Allocations {
		amt, ship := q.Money(a.Amount), q.Money(sumOf(a.Shipments))
		m := &model.DiscountAllocation{Title: a.Title, Amount: &amt, ShippingAmount: &ship, Lines: []*model.DiscountAllocationLine{}}
		if a.Source == pricing.SourcePromotion {
			id := a.ID
			m.Source, m.PromotionID = model.DiscountSourcePromotion, &id
		} else {
			code := a.Title
			m.Source, m.DiscountCode = model.DiscountSourceDiscountCode, &code
		}
		for i, v := range a.Lines {
			if v > 0 {
				lm := q.Money(v)
				m.Lines = append(m.Lines, &model.DiscountAllocationLine{LineID: q.Lines[i].ID, Amount: &lm})
			}
		}
		out = append(out, m)
	}
	return out
}

func sumOf(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

// orderAllocations groups an order's allocation rows (ordered by
// position) back into one allocation per promotion or code.
func orderAllocations(o *ent.Order, rows []*ent.OrderDiscountAllocation) []*model.DiscountAllocation {
	out := []*model.DiscountAllocation{}
	var cur *model.DiscountAllocation
	var total, ship int64
	pos := -1
	flush := func() {
		if cur != nil {
			cur.Amount, cur.ShippingAmount = orderMoney(total, o.Currency), orderMoney(ship, o.Currency)
			out = append(out, cur)
		}
	}
	for _, r := range rows {
		if r.Position != pos {
			flush()
			pos, total, ship = r.Position, 0, 0
			cur = &model.DiscountAllocation{Title: r.Title, Lines: []*model.DiscountAllocationLine{}}
			if r.Source == orderdiscountallocation.SourcePROMOTION {
				cur.Source, cur.PromotionID = model.DiscountSourcePromotion, r.PromotionID
			} else {
				code := r.Title
				cur.Source, cur.DiscountCode = model.DiscountSourceDiscountCode, &code
			}
		}
		total += r.Amount
		if r.Target == orderdiscountallocation.TargetSHIPPING {
			ship += r.Amount
		} else if r.OrderLineID != nil {
			cur.Lines = append(cur.Lines, &model.DiscountAllocationLine{LineID: *r.OrderLineID, Amount: orderMoney(r.Amount, o.Currency)})
		}
	}
	flush()
	return out
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
