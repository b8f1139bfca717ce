package cart

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/pagination"
)

// LineCost is the price of a line from the current catalog.
type LineCost struct {
	AmountPerQuantity money.Money
	Subtotal          money.Money
	Total             money.Money
}

// Cost is the price of a whole cart. Discounts, shipping and tax join the
// total when they exist; pricing is recomputed on every read.
type Cost struct {
	Subtotal      money.Money
	Total         money.Money
	TotalQuantity int
}

// PriceLine prices one line; its variant must be loaded.
func PriceLine(l *ent.CartLine) (LineCost, error) {
	v, err := l.Edges.VariantOrErr()
	if err != nil {
		return LineCost{}, err
	}
	cur := money.Currency(v.Currency)
	unit := money.New(v.Price, cur)
	sub := money.New(v.Price*int64(l.Quantity), cur)
	return LineCost{AmountPerQuantity: unit, Subtotal: sub, Total: sub}, nil
}

// Key names a cart to price: its ID and currency.
type Key struct {
	ID       pulid.ID
	Currency money.Currency
}

// KeyOf returns the pricing key of a cart.
func KeyOf(c *ent.Cart) Key { return Key{ID: c.ID, Currency: money.Currency(c.Currency)} }

// PriceMany prices carts from their lines and the current variant prices,
// in two statements whatever the number of carts and lines. The request's
// loader calls it, so that a cart is priced once per request however many
// fields need its cost.
func PriceMany(ctx context.Context, c *ent.Client, keys []Key) (map[pulid.ID]Cost, error) {
	ids := make([]pulid.ID, len(keys))
	out := make(map[pulid.ID]Cost, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
		out[k.ID] = Cost{Subtotal: money.New(0, k.Currency), Total: money.New(0, k.Currency)}
	}
	lines, err := c.CartLine.Query().Where(cartline.CartIDIn(ids...)).WithVariant().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("price carts: %w", err)
	}
	for _, l := range lines {
		lc, err := PriceLine(l)
		if err != nil {
			return nil, err
		}
		cost := out[l.CartID]
		cost.Subtotal.Minor += lc.Subtotal.Minor
		cost.TotalQuantity += l.Quantity
		cost.Total = cost.Subtotal
		out[l.CartID] = cost
	}
	return out, nil
}

// Lines lists a cart's lines, oldest first, with their variants loaded.
func (s *Service) Lines(ctx context.Context, c *ent.Cart, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.CartLineConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.client.CartLine.Query().Where(cartline.CartID(c.ID)).WithVariant().
		Paginate(ctx, after, first, before, last, ent.WithCartLineOrder(&ent.CartLineOrder{
			Field: ent.CartLineOrderFieldCreatedAt, Direction: entgql.OrderDirectionAsc}))
}
