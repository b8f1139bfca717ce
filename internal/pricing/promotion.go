package pricing

import (
	"cmp"
	"slices"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/money"
)

// Automatic promotions, and how they stack:
//   - Promotions that qualify apply in priority order (highest first, ties
//     by ID), each to what the previous ones left of the lines it covers,
//     and all before discount codes.
//   - An exclusive promotion applies alone: it is skipped when a promotion
//     applied before it, and none applies after it.
//   - While a promotion that does not combine with codes applies, the
//     cart's codes do not (their reason says which promotion).
//   - A promotion qualifies when it is active and within its dates, the
//     buyer is in its segment, and the lines it covers (all when it has no
//     product, category or seller condition; any match otherwise; only its
//     seller's when a seller runs it) reach its minimum subtotal and
//     quantity, counted at their prices before any discount.
//   - Rounding: a percentage is rounded half up per line; an amount is
//     split by largest remainder so that its line shares sum to it exactly;
//     buy X get Y takes the percentage off the cheapest covered units,
//     rounded per line; free shipping takes the whole price off each parcel
//     of a seller with a covered line.

// PromotionKind is what a promotion does.
type PromotionKind string

// Promotion kinds.
const (
	PromoPercentage   PromotionKind = "PERCENTAGE"
	PromoFixedAmount  PromotionKind = "FIXED_AMOUNT"
	PromoBuyXGetY     PromotionKind = "BUY_X_GET_Y"
	PromoFreeShipping PromotionKind = "FREE_SHIPPING"
	PromoTieredPct    PromotionKind = "TIERED_PERCENTAGE"
	PromoTieredAmount PromotionKind = "TIERED_FIXED_AMOUNT"
)

// Segment is which buyers a promotion is for.
type Segment string

// Segments.
const (
	SegmentAll        Segment = "ALL"
	SegmentSignedIn   Segment = "SIGNED_IN"
	SegmentFirstOrder Segment = "FIRST_ORDER"
)

// Tier is a threshold of a tiered promotion: from Threshold (minor units of
// the covered subtotal), Value (hundredths of a percent or minor units).
type Tier struct {
	Threshold int64
	Value     int64
}

// Promotion is an automatic promotion's rule.
type Promotion struct {
	ID                pulid.ID
	Title             string
	Priority          int
	CombinesWithCodes bool
	Exclusive         bool
	Kind              PromotionKind
	Value             int64 // hundredths of a percent, or minor units
	Currency          money.Currency
	MinimumSubtotal   int64
	MinimumQuantity   int
	ProductIDs        []pulid.ID
	CategoryIDs       []pulid.ID
	SellerIDs         []pulid.ID
	Owner             *pulid.ID // the seller who runs it: it covers only that seller's lines
	Segment           Segment
	StartsAt, EndsAt  *time.Time
	Active            bool
	BuyQuantity       int
	GetQuantity       int
	GetPercentage     int64  // hundredths of a percent
	Tiers             []Tier // ascending thresholds
}

// Buyer is what segments look at.
type Buyer struct {
	SignedIn   bool
	FirstOrder bool // signed in and no order placed yet
}

// Source is where an allocation came from.
type Source string

// Sources.
const (
	SourcePromotion Source = "PROMOTION"
	SourceCode      Source = "DISCOUNT_CODE"
)

// Allocation is what one promotion or code took off.
type Allocation struct {
	Source    Source
	ID        pulid.ID // the promotion or the discount code
	Title     string   // the promotion's title, or the code
	Amount    int64    // sum of Lines and Shipments
	Lines     []int64  // indexed like Input.Lines
	Shipments []int64  // indexed like Input.Shipments
}

// Covers reports whether a promotion covers a line: its seller's lines
// only when a seller runs it, then any listed product, seller or category
// (an ancestor counts), or every line when nothing is listed. Listings
// (Product.activePromotions) use it too.
func (p *Promotion) Covers(productID, sellerID pulid.ID, categoryIDs []pulid.ID) bool {
	if p.Owner != nil && *p.Owner != sellerID {
		return false
	}
	if len(p.ProductIDs) == 0 && len(p.CategoryIDs) == 0 && len(p.SellerIDs) == 0 {
		return true
	}
	return contains(p.ProductIDs, productID) || contains(p.SellerIDs, sellerID) || overlaps(p.CategoryIDs, categoryIDs)
}

// Live reports whether a promotion is active and within its dates at now.
func (p *Promotion) Live(now time.Time) bool {
	return p.Active && (p.StartsAt == nil || !now.Before(*p.StartsAt)) && (p.EndsAt == nil || now.Before(*p.EndsAt))
}

func (p *Promotion) forBuyer(b Buyer) bool {
	switch p.Segment {
	case SegmentSignedIn:
		return b.SignedIn
	case SegmentFirstOrder:
		return b.SignedIn && b.FirstOrder
	}
	return true
}

// applyPromotions applies the qualifying promotions to r and returns the
// title of the first applied one that does not combine with codes, or "".
func applyPromotions(in Input, r *Result, c *money.Calc) string {
	promos := slices.Clone(in.Promotions)
	slices.SortStableFunc(promos, func(a, b *Promotion) int {
		if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	blocker := ""
	applied := 0
	for _, p := range promos {
		if p == nil || !p.Live(in.Now) || !p.forBuyer(in.Buyer) || (p.Currency != "" && p.Currency != in.Currency) {
			continue
		}
		if p.Exclusive && applied > 0 {
			continue
		}
		var idx []int
		var gross int64
		var qty int
		for i, l := range in.Lines {
			if p.Covers(l.ProductID, l.SellerID, l.CategoryIDs) {
				idx = append(idx, i)
				gross = c.Add(gross, r.Lines[i].Subtotal)
				qty += l.Quantity
			}
		}
		if len(idx) == 0 || gross < p.MinimumSubtotal || qty < p.MinimumQuantity {
			continue
		}
		a := Allocation{Source: SourcePromotion, ID: p.ID, Title: p.Title,
			Lines: make([]int64, len(in.Lines)), Shipments: make([]int64, len(in.Shipments))}
		switch p.Kind {
		case PromoPercentage:
			percentOff(idx, p.Value, r.Lines, a.Lines, c)
		case PromoFixedAmount:
			fixedOff(idx, p.Value, r.Lines, a.Lines, c)
		case PromoTieredPct, PromoTieredAmount:
			tier, ok := tierFor(p.Tiers, gross)
			if !ok {
				continue
			}
			if p.Kind == PromoTieredPct {
				percentOff(idx, tier.Value, r.Lines, a.Lines, c)
			} else {
				fixedOff(idx, tier.Value, r.Lines, a.Lines, c)
			}
		case PromoBuyXGetY:
			buyXGetY(p, idx, in.Lines, r.Lines, a.Lines, c)
		case PromoFreeShipping:
			for si, s := range in.Shipments {
				left := s.Price - r.ShipmentDiscount[si]
				if left <= 0 {
					continue
				}
				for _, i := range idx {
					if in.Lines[i].SellerID == s.SellerID {
						r.ShipmentDiscount[si] += left
						a.Shipments[si] = left
						break
					}
				}
			}
		}
		a.Amount = c.Add(sum(a.Lines, c), sum(a.Shipments, c))
		if a.Amount == 0 {
			continue
		}
		r.Allocations = append(r.Allocations, a)
		applied++
		if !p.CombinesWithCodes && blocker == "" {
			blocker = p.Title
		}
		if p.Exclusive {
			break
		}
	}
	return blocker
}

// tierFor returns the highest tier whose threshold the subtotal reaches.
func tierFor(tiers []Tier, subtotal int64) (Tier, bool) {
	var best Tier
	found := false
	for _, t := range tiers {
		if subtotal >= t.Threshold && (!found || t.Threshold > best.Threshold) {
			best, found = t, true
		}
	}
	return best, found
}

// buyXGetY discounts, of every Buy+Get covered units, the Get cheapest
// (ties to the earlier line), by GetPercentage, rounded per line and never
// more than what is left of the line.
func buyXGetY(p *Promotion, idx []int, lines []Line, res []LineResult, out []int64, c *money.Calc) {
	group := p.BuyQuantity + p.GetQuantity
	if p.BuyQuantity < 1 || p.GetQuantity < 1 {
		return
	}
	var qty int
	for _, i := range idx {
		qty += lines[i].Quantity
	}
	free := qty / group * p.GetQuantity
	if free == 0 {
		return
	}
	order := slices.Clone(idx)
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lines[a].UnitPrice, lines[b].UnitPrice) })
	for _, i := range order {
		if free == 0 {
			break
		}
		n := min(free, lines[i].Quantity)
		free -= n
		left := res[i].Subtotal - res[i].Discount
		amt := min(c.MulDiv(c.Mul(lines[i].UnitPrice, int64(n)), p.GetPercentage, 10_000), left)
		res[i].Discount += amt
		out[i] += amt
	}
}
