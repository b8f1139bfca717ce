package cart

import (
	"context"
	"fmt"
	"slices"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/policy"
)

// MergeGuest moves a guest cart into the customer's active cart at sign-in:
// quantities of the same variant add up, capped at the stock available (and
// at MaxQuantity). Without an active cart the guest cart simply becomes the
// customer's. A cart that is not an active guest cart is left alone, so a
// stranger's cart ID reveals and changes nothing. Call it only for a
// customer who has just proved who they are.
func (s *Service) MergeGuest(ctx context.Context, customerID, guestID pulid.ID) error {
	guest, err := s.client.Cart.Query().Where(entcart.ID(guestID), entcart.CustomerIDIsNil(), entcart.StatusEQ(entcart.StatusACTIVE)).
		WithLines().Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load guest cart: %w", err)
	}
	mine, err := s.client.Cart.Query().Where(entcart.CustomerID(customerID), entcart.StatusEQ(entcart.StatusACTIVE)).
		WithLines().First(ctx)
	if ent.IsNotFound(err) {
		return s.client.Cart.UpdateOne(guest).SetCustomerID(customerID).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("load customer cart: %w", err)
	}
	ids := make([]pulid.ID, 0, len(guest.Edges.Lines))
	for _, l := range guest.Edges.Lines {
		ids = append(ids, l.VariantID)
	}
	stock, err := inventory.AvailableByVariant(ctx, s.client, ids)
	if err != nil {
		return err
	}
	have := map[pulid.ID]*ent.CartLine{}
	for _, l := range mine.Edges.Lines {
		have[l.VariantID] = l
	}
	return s.st.WithTx(ctx, func(tx *ent.Tx) error {
		for _, l := range guest.Edges.Lines {
			total := l.Quantity
			if h := have[l.VariantID]; h != nil {
				total += h.Quantity
			}
			total = min(total, stock[l.VariantID], MaxQuantity)
			var err error
			switch h := have[l.VariantID]; {
			case total <= 0 && h != nil:
				_, err = tx.CartLine.Delete().Where(cartline.ID(h.ID)).Exec(ctx)
			case total <= 0:
			case h != nil:
				err = tx.CartLine.UpdateOneID(h.ID).SetQuantity(total).Exec(ctx)
			default:
				err = tx.CartLine.Create().SetCartID(mine.ID).SetVariantID(l.VariantID).SetQuantity(total).Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		return tx.Cart.UpdateOne(guest).SetStatus(entcart.StatusMERGED).Exec(ctx)
	})
}

// Refill adds lines to the viewer's active cart (a new cart for a guest),
// each capped at what is in stock less what the cart holds; variants no
// longer for sale are left out and reported as VARIANT_UNAVAILABLE (with the
// line's index). Used by orderReorder.
func (s *Service) Refill(ctx context.Context, lines []LineInput) (*ent.Cart, []apperr.UserError, error) {
	ids := make([]pulid.ID, len(lines))
	for i, l := range lines {
		ids[i] = l.VariantID
	}
	forSale, err := s.client.ProductVariant.Query().Where(productvariant.IDIn(ids...), policy.Shopper().Variants()).IDs(ctx)
	if err != nil {
		return nil, nil, err
	}
	stock, err := inventory.AvailableByVariant(ctx, s.client, ids)
	if err != nil {
		return nil, nil, err
	}
	have := map[pulid.ID]int{}
	if v, err := account.CurrentViewer(ctx); err != nil {
		return nil, nil, err
	} else if v != nil {
		existing, err := s.client.CartLine.Query().Where(cartline.HasCartWith(entcart.CustomerID(v.Customer.ID), entcart.StatusEQ(entcart.StatusACTIVE))).All(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range existing {
			have[l.VariantID] = l.Quantity
		}
	}
	var keep []LineInput
	var ues []apperr.UserError
	for i, l := range lines {
		q := min(l.Quantity, stock[l.VariantID]-have[l.VariantID], MaxQuantity-have[l.VariantID])
		if !slices.Contains(forSale, l.VariantID) || q < 1 {
			ues = append(ues, apperr.UserErr([]string{"input", "lines", fmt.Sprint(i)}, CodeVariantUnavailable, "this item is no longer available"))
			continue
		}
		keep = append(keep, LineInput{VariantID: l.VariantID, Quantity: q})
	}
	c, cues, err := s.Create(ctx, keep, nil)
	return c, append(ues, cues...), err
}
