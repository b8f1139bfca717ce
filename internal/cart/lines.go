package cart

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
)

// checkLines validates lines to add on top of the existing ones: positive,
// bounded quantities of variants that are for sale (public product,
// policy.Shopper, for every viewer: a member cannot buy its own draft; stock
// left) and no more than their stock. One statement whatever the count:
// the stock of the variants the public may buy, where a variant that is not
// for sale has none.
func (s *Service) checkLines(ctx context.Context, lines []LineInput, existing []*ent.CartLine) ([]apperr.UserError, error) {
	var ues []apperr.UserError
	have := map[pulid.ID]int{}
	for _, l := range existing {
		have[l.VariantID] = l.Quantity
	}
	ids := make([]pulid.ID, 0, len(lines))
	want := map[pulid.ID]int{}
	for i, l := range lines {
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			ues = append(ues, apperr.UserErr([]string{"input", "lines", fmt.Sprint(i), "quantity"}, CodeInvalidQuantity, "quantity must be from 1 to %d", MaxQuantity))
			continue
		}
		if _, seen := want[l.VariantID]; !seen {
			ids = append(ids, l.VariantID)
		}
		want[l.VariantID] += l.Quantity
	}
	if len(ues) > 0 {
		return ues, nil
	}
	newLines := 0
	for id := range want {
		if _, ok := have[id]; !ok {
			newLines++
		}
	}
	if len(existing)+newLines > MaxLines {
		return []apperr.UserError{apperr.UserErr([]string{"input", "lines"}, CodeTooManyLines, "a cart holds at most %d lines", MaxLines)}, nil
	}
	if len(ids) == 0 {
		return nil, nil
	}
	offers, err := inventory.OffersWhere(ctx, s.client, ids, policy.Shopper().Variants())
	if err != nil {
		return nil, fmt.Errorf("check cart lines: %w", err)
	}
	for i, l := range lines {
		f := []string{"input", "lines", fmt.Sprint(i), "merchandiseId"}
		total := have[l.VariantID] + want[l.VariantID]
		o := offers[l.VariantID]
		switch {
		case o.Units == 0:
			ues = append(ues, apperr.UserErr(f, CodeVariantUnavailable, "this variant is not for sale"))
		case total > MaxQuantity:
			ues = append(ues, apperr.UserErr(f, CodeInvalidQuantity, "a line holds at most %d units", MaxQuantity))
		case !lineFits(o.Price, total):
			ues = append(ues, apperr.UserErr(append(f[:3:3], "quantity"), CodeInvalidQuantity, "a line costs at most %s: at this price it holds at most %d units",
				money.Format(MaxLineSubtotal, s.currency.Exponent()), maxUnits(o.Price)))
		case total > o.Units:
			ues = append(ues, apperr.UserErr(f, CodeInsufficientStock, "only %d units are available", o.Units))
		}
	}
	return ues, nil
}

// MaxLineSubtotal bounds what a line costs (unit price × quantity) by the
// largest amount the API takes in (money.MaxMinor), as checkout bounds the
// order's total: MaxLines lines stay far inside int64, so a cart's price
// never wraps around, and every amount the API shows can be sent back (as
// an expected total or a refund).
const MaxLineSubtotal = money.MaxMinor

// lineFits reports whether qty units at price stay within MaxLineSubtotal.
func lineFits(price int64, qty int) bool {
	sub, err := money.Mul(price, int64(qty))
	return err == nil && sub <= MaxLineSubtotal
}

// maxUnits is how many units at price a line may hold.
func maxUnits(price int64) int {
	if price <= 0 {
		return MaxQuantity
	}
	return int(min(MaxLineSubtotal/price, MaxQuantity))
}

// insertLines adds the first lines of a new cart, in one statement: the
// quantities of one variant add up into one line, in the order given.
func insertLines(ctx context.Context, tx *ent.Tx, cartID pulid.ID, lines []LineInput) error {
	if len(lines) == 0 {
		return nil
	}
	index := map[pulid.ID]int{}
	var creates []*ent.CartLineCreate
	var qty []int
	for _, l := range lines {
		i, ok := index[l.VariantID]
		if !ok {
			i = len(creates)
			index[l.VariantID] = i
			creates = append(creates, tx.CartLine.Create().SetCartID(cartID).SetVariantID(l.VariantID))
			qty = append(qty, 0)
		}
		qty[i] += l.Quantity
	}
	for i, c := range creates {
		c.SetQuantity(qty[i])
	}
	return tx.CartLine.CreateBulk(creates...).Exec(ctx)
}
