package cart

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/policy"
)

// OpenOf returns a customer's open (ACTIVE) cart, or nil when there is
// none: the cart a storefront shows a signed-in customer on any device.
// Who: the customer and admins (else UNAUTHENTICATED or FORBIDDEN).
func (s *Service) OpenOf(ctx context.Context, customerID pulid.ID) (*ent.Cart, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	return s.openCartOf(ctx, customerID)
}

// SignIn merges a guest cart (when given) into the customer's and returns
// the customer's open cart after it, or nil. Call it only for a customer
// who has just proved who they are (see MergeGuest).
func (s *Service) SignIn(ctx context.Context, customerID pulid.ID, guestID *pulid.ID) (*ent.Cart, error) {
	if guestID != nil {
		if err := s.MergeGuest(ctx, customerID, *guestID); err != nil {
			return nil, err
		}
	}
	return s.openCartOf(ctx, customerID)
}

// openCartOf is the customer's active cart, chosen as Create and MergeGuest do.
func (s *Service) openCartOf(ctx context.Context, customerID pulid.ID) (*ent.Cart, error) {
	c, err := s.client.Cart.Query().Where(entcart.CustomerID(customerID), entcart.StatusEQ(entcart.StatusACTIVE)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load open cart: %w", err)
	}
	return c, nil
}
