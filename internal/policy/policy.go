// Package policy decides who may do what. It is the only place that does:
// the schema declares coarse rules with @auth (Require), and domain packages
// ask ManageSeller or Admin before they touch a seller's or the shop's data.
// Resolvers never check rights themselves.
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
