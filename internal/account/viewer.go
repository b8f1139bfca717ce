package account

import (
	"context"
	"fmt"
	"sync"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/ent/session"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/auth"
)

// Viewer is the signed-in customer of a request, the session it uses and
// the sellers it is a member of.
type Viewer struct {
	Customer *ent.Customer
	Session  *ent.Session
}

// IsAdmin reports whether the viewer is staff with every right.
func (v *Viewer) IsAdmin() bool { return v.Customer.Role == customer.RoleADMIN }

// MemberOf reports whether the viewer is a member (OWNER or STAFF) of a seller.
func (v *Viewer) MemberOf(sellerID pulid.ID) bool {
	for _, m := range v.Customer.Edges.Memberships {
		if m.SellerID == sellerID {
			return true
		}
	}
	return false
}

// OwnerOf reports whether the viewer is an OWNER of a seller.
func (v *Viewer) OwnerOf(sellerID pulid.ID) bool {
	for _, m := range v.Customer.Edges.Memberships {
		if m.SellerID == sellerID && m.Role == sellermember.RoleOWNER {
			return true
		}
	}
	return false
}

// Joined records a membership the viewer gained during this request, so
// that the request's later permission checks (the mutation's payload) see
// it: the memberships were loaded with the viewer, before the write.
func (v *Viewer) Joined(m *ent.SellerMember) {
	v.Customer.Edges.Memberships = append(v.Customer.Edges.Memberships, m)
}

// IsSellerMember reports whether the viewer belongs to any seller.
func (v *Viewer) IsSellerMember() bool { return len(v.Customer.Edges.Memberships) > 0 }

type viewerKey struct{}

// viewerSlot loads the viewer at most once per request, and only when a
// resolver asks: a catalog query with a token costs no account lookup.
type viewerSlot struct {
	once   sync.Once
	claims *auth.Claims
	load   func(context.Context, *auth.Claims) (*Viewer, error)
	v      *Viewer
	err    error
}

// Authenticate verifies a bearer token and returns ctx carrying its claims.
// Errors: UNAUTHENTICATED, whatever is wrong with the token.
func (s *Service) Authenticate(ctx context.Context, token string) (context.Context, error) {
	claims, err := s.tokens.Verify(token)
	if err != nil {
		return ctx, apperr.New(apperr.Unauthenticated, "invalid or expired access token")
	}
	return context.WithValue(ctx, viewerKey{}, &viewerSlot{claims: claims, load: s.loadViewer}), nil
}

// AsViewer returns ctx acting as v, without a token: for domain tests (and
// in-process work) that act as someone. A nil v is anonymous.
func AsViewer(ctx context.Context, v *Viewer) context.Context {
	slot := &viewerSlot{v: v}
	slot.once.Do(func() {})
	return context.WithValue(ctx, viewerKey{}, slot)
}

// CurrentViewer returns the request's viewer: nil for an anonymous request,
// UNAUTHENTICATED when the token's session was revoked or has expired.
func CurrentViewer(ctx context.Context) (*Viewer, error) {
	slot, ok := ctx.Value(viewerKey{}).(*viewerSlot)
	if !ok {
		return nil, nil
	}
	slot.once.Do(func() { slot.v, slot.err = slot.load(ctx, slot.claims) })
	return slot.v, slot.err
}

// RequireViewer is CurrentViewer for operations that need a signed-in
// customer. Errors: UNAUTHENTICATED.
func RequireViewer(ctx context.Context) (*Viewer, error) {
	v, err := CurrentViewer(ctx)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "sign in first: send Authorization: Bearer <access token>")
	}
	return v, nil
}

func (s *Service) loadViewer(ctx context.Context, c *auth.Claims) (*Viewer, error) {
	sess, err := s.client.Session.Query().
		Where(session.ID(pulid.ID(c.SessionID)), session.CustomerID(pulid.ID(c.Subject))).
		WithCustomer(func(q *ent.CustomerQuery) { q.WithMemberships() }).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.Unauthenticated, "invalid or expired access token")
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	if sess.RevokedAt != nil || !s.now().Before(sess.ExpiresAt) || sess.Edges.Customer.DeletedAt != nil {
		return nil, apperr.New(apperr.Unauthenticated, "the session has ended; sign in again")
	}
	return &Viewer{Customer: sess.Edges.Customer, Session: sess}, nil
}

// WithViewer returns ctx acting as v (its Customer with its memberships
// loaded): for work done on someone's behalf outside a request, and tests.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	slot := &viewerSlot{v: v}
	slot.once.Do(func() {})
	return context.WithValue(ctx, viewerKey{}, slot)
}
