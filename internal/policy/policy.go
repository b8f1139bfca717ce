// Package policy decides who may do what. It is the only place that does:
// the schema declares coarse rules with @auth (Require), and domain packages
// ask ManageSeller or Admin before they touch a seller's or the shop's data,
// and every path that shows or sells a product filters through ProductView
// (catalog.go). Resolvers never check rights themselves.
//
// Refusals: UNAUTHENTICATED without a signed-in viewer, FORBIDDEN for a viewer
// without the right.
package policy

import (
	"context"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
)

// Role is a coarse role an operation requires.
type Role string

// Roles, from the least to the most privileged.
const (
	Customer Role = "CUSTOMER" // any signed-in account
	Seller   Role = "SELLER"   // a member of some seller (or an admin)
	Admin    Role = "ADMIN"    // staff
)

var forbidden = apperr.New(apperr.Forbidden, "you are not allowed to do this")

// Require returns the viewer when it holds the role.
func Require(ctx context.Context, role Role) (*account.Viewer, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case v.IsAdmin():
		return v, nil
	case role == Customer:
		return v, nil
	case role == Seller && v.IsSellerMember():
		return v, nil
	}
	return nil, forbidden
}

// ManageSeller allows admins and the seller's own members.
func ManageSeller(ctx context.Context, sellerID pulid.ID) (*account.Viewer, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.IsAdmin() || v.MemberOf(sellerID) {
		return v, nil
	}
	return nil, forbidden
}

// OwnSeller allows admins and the seller's owners (members and payouts).
func OwnSeller(ctx context.Context, sellerID pulid.ID) (*account.Viewer, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.IsAdmin() || v.OwnerOf(sellerID) {
		return v, nil
	}
	return nil, forbidden
}

// RequireAdmin allows admins only.
func RequireAdmin(ctx context.Context) (*account.Viewer, error) { return Require(ctx, Admin) }

// OwnAccount allows the account's owner and admins.
func OwnAccount(ctx context.Context, ownerID pulid.ID) (*account.Viewer, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.IsAdmin() || v.Customer.ID == ownerID {
		return v, nil
	}
	return nil, forbidden
}

// OrderView is how much of an order a viewer may see.
type OrderView struct {
	// All: the buyer (signed in, or a guest with the order's email) or an
	// admin sees the whole order.
	All bool
	// Sellers: a seller's member sees only its own lines and parcels.
	Sellers []pulid.ID
}

// Sees reports whether the view covers a seller's lines.
func (v OrderView) Sees(sellerID pulid.ID) bool {
	if v.All {
		return true
	}
	for _, s := range v.Sellers {
		if s == sellerID {
			return true
		}
	}
	return false
}

// ReadOrder decides who may read an order: its customer, an admin, a guest
// who gives the order's email (guestEmailMatches), or a member of a seller
// with lines in it (that seller's part only). Anyone else: UNAUTHENTICATED
// when signed out, FORBIDDEN when signed in.
func ReadOrder(ctx context.Context, customerID *pulid.ID, guestEmailMatches bool, lineSellers []pulid.ID) (OrderView, error) {
	if guestEmailMatches {
		return OrderView{All: true}, nil
	}
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return OrderView{}, err
	}
	if v.IsAdmin() || (customerID != nil && v.Customer.ID == *customerID) {
		return OrderView{All: true}, nil
	}
	var mine []pulid.ID
	for _, s := range lineSellers {
		if v.MemberOf(s) {
			mine = append(mine, s)
		}
	}
	if len(mine) > 0 {
		return OrderView{Sellers: mine}, nil
	}
	return OrderView{}, forbidden
}

// ManageOrder allows admins, and the members of a seller when every line of
// the order is that seller's: cancelling, marking paid and refunding act on
// the whole order, which a seller may do only when the order is all theirs.
func ManageOrder(ctx context.Context, lineSellers []pulid.ID) (*account.Viewer, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.IsAdmin() {
		return v, nil
	}
	if len(lineSellers) == 0 {
		return nil, forbidden
	}
	for _, s := range lineSellers {
		if !v.MemberOf(s) {
			return nil, forbidden
		}
	}
	return v, nil
}
