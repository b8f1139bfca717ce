package cart

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/cartline"
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

// Price prices the cart from its lines and their current variant prices,
// in two statements.
func (s *Service) Price(ctx context.Context, c *ent.Cart) (Cost, error) {
	lines, err := s.client.CartLine.Query().Where(cartline.CartID(c.ID)).WithVariant().All(ctx)
	if err != nil {
		return Cost{}, fmt.Errorf("price cart: %w", err)
	}
	cost := Cost{Subtotal: money.New(0, money.Currency(c.Currency))}
	for _, l := range lines {
		lc, err := PriceLine(l)
		if err != nil {
			return Cost{}, err
		}
		cost.Subtotal.Minor += lc.Subtotal.Minor
		cost.TotalQuantity += l.Quantity
	}
	cost.Total = cost.Subtotal
	return cost, nil
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
