// Package shipping knows how parcels ship: admin-managed zones (sets of
// countries) and their methods (a flat rate or a rate by weight, free above
// a subtotal, for a weight range), and which of them apply to a parcel.
// A cart ships as one parcel per seller.
package shipping

import (
	"context"
	"fmt"
	"slices"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/internal/money"
)

// Rate is a method's price for one parcel.
type Rate struct {
	Method *ent.ShippingMethod
	Price  int64
}

// Parcel is what is shipped together: one seller's lines.
type Parcel struct {
	SellerID    pulid.ID
	Country     string
	WeightGrams int
	Subtotal    int64 // before discounts: the free-shipping threshold reads it
	Currency    string
}

// Table is the active methods with their zones, loaded once per request.
type Table struct {
	methods []*ent.ShippingMethod
}

// Load reads every active method, in one statement (each carries its
// zone's countries).
func Load(ctx context.Context, c *ent.Client) (*Table, error) {
	ms, err := c.ShippingMethod.Query().Where(shippingmethod.Active(true)).
		Order(ent.Asc(shippingmethod.FieldPrice), ent.Asc(shippingmethod.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load shipping methods: %w", err)
	}
	return &Table{methods: ms}, nil
}

// Rates lists the methods that apply to a parcel, cheapest first.
func (t *Table) Rates(p Parcel) []Rate {
	if t == nil || p.Country == "" {
		return nil
	}
	var out []Rate
	for _, m := range t.methods {
		if m.Currency != p.Currency || !slices.Contains(m.Countries, p.Country) ||
			p.WeightGrams < m.MinWeightGrams || (m.MaxWeightGrams != nil && p.WeightGrams > *m.MaxWeightGrams) {
			continue
		}
		price, err := PriceOf(m, p)
		if err != nil {
			// A price that leaves int64 (a huge rate per kg × a heavy
			// parcel) is no price: the method does not ship this parcel,
			// rather than at a wrapped-around (negative) amount.
			continue
		}
		out = append(out, Rate{Method: m, Price: price})
	}
	slices.SortStableFunc(out, func(a, b Rate) int {
		switch {
		case a.Price < b.Price:
			return -1
		case a.Price > b.Price:
			return 1
		}
		return 0
	})
	return out
}

// PriceOf prices a parcel with a method: the flat price, or the base price
// plus the price per started kilogram; nothing at or above the free
// threshold. The error is money.ErrOverflow when the price leaves int64.
func PriceOf(m *ent.ShippingMethod, p Parcel) (int64, error) {
	if m.FreeAbove != nil && p.Subtotal >= *m.FreeAbove {
		return 0, nil
	}
	if m.Kind == shippingmethod.KindWEIGHT {
		w := int64(p.WeightGrams)
		kg := w / 1000
		if w%1000 > 0 {
			kg++
		}
		var c money.Calc
		price := c.Add(m.Price, c.Mul(kg, m.PricePerKg))
		return price, c.Err()
	}
	return m.Price, nil
}

// Estimate says how long delivery takes, in days.
func Estimate(m *ent.ShippingMethod) string {
	switch {
	case m.MaxDays == 0:
		return "same day"
	case m.MaxDays == 1 && m.MinDays <= 1:
		return "1 business day"
	case m.MinDays == m.MaxDays:
		return fmt.Sprintf("%d business days", m.MaxDays)
	}
	return fmt.Sprintf("%d–%d business days", m.MinDays, m.MaxDays)
}
