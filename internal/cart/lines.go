package cart

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/policy"
)

// checkLines validates lines to add on top of the existing ones: positive,
// bounded quantities of variants that are for sale (public product,
// policy.Shopper, for every viewer: a member cannot buy its own draft; stock
// left) and no more than their stock. Two statements whatever the count.
func (s *Service) checkLines(ctx context.Context, lines []LineInput, existing []*ent.CartLine) []apperr.UserError {
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
		return ues
	}
	newLines := 0
	for id := range want {
		if _, ok := have[id]; !ok {
			newLines++
		}
	}
	if len(existing)+newLines > MaxLines {
		return []apperr.UserError{apperr.UserErr([]string{"input", "lines"}, CodeTooManyLines, "a cart holds at most %d lines", MaxLines)}
	}
	if len(ids) == 0 {
		return nil
	}
	forSale, err := s.client.ProductVariant.Query().Where(productvariant.IDIn(ids...), policy.Shopper().Variants()).IDs(ctx)
	if err != nil {
		return []apperr.UserError{apperr.UserErr([]string{"input", "lines"}, CodeInvalid, "the lines could not be checked")}
	}
	ok := map[pulid.ID]bool{}
	for _, id := range forSale {
		ok[id] = true
	}
	stock, err := inventory.AvailableByVariant(ctx, s.client, ids)
	if err != nil {
		return []apperr.UserError{apperr.UserErr([]string{"input", "lines"}, CodeInvalid, "the lines could not be checked")}
	}
	for i, l := range lines {
		f := []string{"input", "lines", fmt.Sprint(i), "merchandiseId"}
		total := have[l.VariantID] + want[l.VariantID]
		switch {
		case !ok[l.VariantID] || stock[l.VariantID] == 0:
			ues = append(ues, apperr.UserErr(f, CodeVariantUnavailable, "this variant is not for sale"))
		case total > MaxQuantity:
			ues = append(ues, apperr.UserErr(f, CodeInvalidQuantity, "a line holds at most %d units", MaxQuantity))
		case total > stock[l.VariantID]:
			ues = append(ues, apperr.UserErr(f, CodeInsufficientStock, "only %d units are available", stock[l.VariantID]))
		}
	}
	return ues
}
