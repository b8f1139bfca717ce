// Package sellers runs the marketplace's sellers: applications, moderation
// (approve, reject, suspend, reinstate), profiles, members and commission
// rates. A suspended seller's products leave the public catalog because the
// catalog shows ACTIVE sellers only.
package sellers

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (SellerErrorCode in the schema).
const (
	CodeInvalid           = "INVALID"
	CodeNotFound          = "NOT_FOUND"
	CodeSlugTaken         = "SLUG_TAKEN"
	CodeAlreadyApplied    = "ALREADY_APPLIED"
	CodeIllegalTransition = "ILLEGAL_TRANSITION"
	CodeAlreadyMember     = "ALREADY_MEMBER"
	CodeLastOwner         = "LAST_OWNER"
	CodeNothingToPay      = "NOTHING_TO_PAY"
	CodeIdempotencyReused = "IDEMPOTENCY_KEY_REUSED"
)

// Service manages sellers.
type Service struct {
	St *store.Store
	// DefaultCommissionPPM is the commission of sellers without their own.
	DefaultCommissionPPM int
	// StorefrontURL is the base of invitation links.
	StorefrontURL string
}

// CommissionPPM is the seller's commission in parts per million.
func (s *Service) CommissionPPM(sel *ent.Seller) int { return Commission(sel, s.DefaultCommissionPPM) }

// Commission is a seller's own commission rate (ppm), else def.
func Commission(sel *ent.Seller, def int) int {
	if sel.CommissionPpm != nil {
		return *sel.CommissionPpm
	}
	return def
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func in(p ...string) []string { return append([]string{"input"}, p...) }

// Profile is what a seller tells about itself; nil fields are left alone.
type Profile struct {
	Name, Slug, Description, LogoURL, ContactEmail, PayoutReference *string
}

// check validates a profile; required names the fields that must be given.
func (p *Profile) check(required bool) []apperr.UserError {
	var ues []apperr.UserError
	bad := func(f, format string, args ...any) {
		ues = append(ues, apperr.UserErr(in(f), CodeInvalid, format, args...))
	}
	trim := func(s *string) {
		if s != nil {
			*s = strings.TrimSpace(*s)
		}
	}
	trim(p.Name)
	trim(p.Slug)
	trim(p.LogoURL)
	trim(p.ContactEmail)
	trim(p.PayoutReference)
	if p.Name != nil || required {
		if p.Name == nil || *p.Name == "" || text.TooLong(*p.Name, text.NameMax) {
			bad("name", "a name has 1 to %d characters", text.NameMax)
		}
	}
	if p.Slug != nil && (len(*p.Slug) > 100 || !slugRe.MatchString(*p.Slug)) {
		bad("slug", "a slug has 1 to 100 lowercase letters, digits and single dashes")
	}
	if p.Description != nil && text.TooLong(*p.Description, text.DescriptionMax) {
		bad("description", "a description has at most %d characters", text.DescriptionMax)
	}
	if p.LogoURL != nil && *p.LogoURL != "" {
		u, err := url.Parse(*p.LogoURL)
		if err != nil || u.Scheme != "https" || u.Host == "" || len(*p.LogoURL) > 500 {
			bad("logoUrl", "the logo URL must be an https URL of at most 500 characters")
		}
	}
	if p.ContactEmail != nil || required {
		if p.ContactEmail == nil || len(*p.ContactEmail) > 254 {
			bad("contactEmail", "a contact email is required")
		} else if a, err := mail.ParseAddress(*p.ContactEmail); err != nil || a.Address != *p.ContactEmail {
			bad("contactEmail", "the contact email is not a valid address")
		}
	}
	if p.PayoutReference != nil || required {
		if p.PayoutReference == nil || *p.PayoutReference == "" || len(*p.PayoutReference) > 100 {
			bad("payoutReference", "a payout reference (IBAN, account) has 1 to 100 characters")
		}
	}
	return ues
}

// Apply makes the viewer the OWNER of a new PENDING seller. A customer has
// at most one application waiting. Who: any signed-in customer.
func (s *Service) Apply(ctx context.Context, p Profile) (*ent.Seller, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	if p.Slug == nil && p.Name != nil {
		slug := catalog.Slugify(*p.Name)
		p.Slug = &slug
	}
	if ues := p.check(true); len(ues) > 0 {
		return nil, ues, nil
	}
	waiting, err := s.St.Client.SellerMember.Query().Where(sellermember.CustomerID(v.Customer.ID),
		sellermember.HasSellerWith(seller.StatusEQ(seller.StatusPENDING))).Exist(ctx)
	if err != nil {
		return nil, nil, err
	}
	if waiting {
		return nil, []apperr.UserError{apperr.UserErr(in(), CodeAlreadyApplied, "you already have an application waiting for review")}, nil
	}
	var sel *ent.Seller
	var m *ent.SellerMember
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		sel, err = tx.Seller.Create().SetName(*p.Name).SetSlug(*p.Slug).SetDescription(deref(p.Description)).
			SetLogoURL(deref(p.LogoURL)).SetContactEmail(*p.ContactEmail).SetPayoutReference(*p.PayoutReference).
			SetStatus(seller.StatusPENDING).Save(ctx)
		if err != nil {
			return err
		}
		m, err = tx.SellerMember.Create().SetSellerID(sel.ID).SetCustomerID(v.Customer.ID).SetRole(sellermember.RoleOWNER).Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("slug"), CodeSlugTaken, "another seller has this slug")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("apply: %w", err)
	}
	// The applicant owns the application from now on: the payload shows its
	// private fields to them. Unwrap: both were loaded in the committed
	// transaction; the payload's resolvers load their edges afterwards.
	v.Joined(m.Unwrap())
	return sel.Unwrap(), nil, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Update changes a seller's profile (its slug stays). Who: its members and
// admins; the payout reference, its owners and admins.
func (s *Service) Update(ctx context.Context, id pulid.ID, p Profile) (*ent.Seller, []apperr.UserError, error) {
	if _, err := policy.ManageSeller(ctx, id); err != nil {
		return nil, nil, err
	}
	if p.PayoutReference != nil {
		if _, err := policy.OwnSeller(ctx, id); err != nil {
			return nil, nil, err
		}
	}
	p.Slug = nil
	if ues := p.check(false); len(ues) > 0 {
		return nil, ues, nil
	}
	u := s.St.Client.Seller.UpdateOneID(id)
	if p.Name != nil {
		u.SetName(*p.Name)
	}
	if p.Description != nil {
		u.SetDescription(*p.Description)
	}
	if p.LogoURL != nil {
		u.SetLogoURL(*p.LogoURL)
	}
	if p.ContactEmail != nil {
		u.SetContactEmail(*p.ContactEmail)
	}
	if p.PayoutReference != nil {
		u.SetPayoutReference(*p.PayoutReference)
	}
	sel, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("id"), CodeNotFound, "no seller with this id")}, nil
	}
	return sel, nil, err
}

// Transitions of a seller's status, by action.
var transitions = map[seller.Status]struct {
	from []seller.Status
	verb string
}{
	seller.StatusACTIVE:    {[]seller.Status{seller.StatusPENDING, seller.StatusSUSPENDED}, "approved or reinstated"},
	seller.StatusREJECTED:  {[]seller.Status{seller.StatusPENDING}, "rejected"},
	seller.StatusSUSPENDED: {[]seller.Status{seller.StatusACTIVE}, "suspended"},
}

// Approve activates a PENDING seller. Who: admins.
func (s *Service) Approve(ctx context.Context, id pulid.ID) (*ent.Seller, []apperr.UserError, error) {
	return s.move(ctx, id, seller.StatusPENDING, seller.StatusACTIVE, "")
}

// Reinstate activates a SUSPENDED seller again. Who: admins.
func (s *Service) Reinstate(ctx context.Context, id pulid.ID) (*ent.Seller, []apperr.UserError, error) {
	return s.move(ctx, id, seller.StatusSUSPENDED, seller.StatusACTIVE, "")
}

// Reject refuses a PENDING application. Who: admins.
func (s *Service) Reject(ctx context.Context, id pulid.ID, reason string) (*ent.Seller, []apperr.UserError, error) {
	return s.move(ctx, id, seller.StatusPENDING, seller.StatusREJECTED, reason)
}

// Suspend takes an ACTIVE seller and its products off the storefront.
// Who: admins.
func (s *Service) Suspend(ctx context.Context, id pulid.ID, reason string) (*ent.Seller, []apperr.UserError, error) {
	return s.move(ctx, id, seller.StatusACTIVE, seller.StatusSUSPENDED, reason)
}

// move is a conditional update on the current status, so two admins acting
// at once cannot both succeed from the same state.
func (s *Service) move(ctx context.Context, id pulid.ID, from, to seller.Status, reason string) (*ent.Seller, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	reason = strings.TrimSpace(reason)
	if text.TooLong(reason, text.NoteMax) {
		return nil, []apperr.UserError{apperr.UserErr(in("reason"), CodeInvalid, "a reason has at most %d characters", text.NoteMax)}, nil
	}
	n, err := s.St.Client.Seller.Update().Where(seller.ID(id), seller.StatusEQ(from)).SetStatus(to).SetStatusReason(reason).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("seller %s: %w", to, err)
	}
	sel, err := s.St.Client.Seller.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("id"), CodeNotFound, "no seller with this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return nil, []apperr.UserError{apperr.UserErr(in("id"), CodeIllegalTransition, "a %s seller can't be %s", sel.Status, transitions[to].verb)}, nil
	}
	return sel, nil, nil
}

// SetCommission sets a seller's commission in parts per million (nil: the
// configured default). It applies to lines paid from now on. Who: admins.
func (s *Service) SetCommission(ctx context.Context, id pulid.ID, ppm *int) (*ent.Seller, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	u := s.St.Client.Seller.UpdateOneID(id)
	if ppm == nil {
		u.ClearCommissionPpm()
	} else {
		u.SetCommissionPpm(*ppm)
	}
	sel, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("id"), CodeNotFound, "no seller with this id")}, nil
	}
	return sel, nil, err
}

// RemoveMember removes a member; the last owner stays. Who: the seller's
// owners and admins.
func (s *Service) RemoveMember(ctx context.Context, sellerID, customerID pulid.ID) (*ent.Seller, []apperr.UserError, error) {
	if _, err := policy.OwnSeller(ctx, sellerID); err != nil {
		return nil, nil, err
	}
	var ues []apperr.UserError
	err := s.St.WithTx(ctx, func(tx *ent.Tx) error {
		ms, err := tx.SellerMember.Query().Where(sellermember.SellerID(sellerID)).All(ctx)
		if err != nil {
			return err
		}
		owners, target := 0, (*ent.SellerMember)(nil)
		for _, m := range ms {
			if m.Role == sellermember.RoleOWNER {
				owners++
			}
			if m.CustomerID == customerID {
				target = m
			}
		}
		switch {
		case target == nil:
			ues = []apperr.UserError{apperr.UserErr(in("customerId"), CodeNotFound, "this account is not a member")}
			return nil
		case target.Role == sellermember.RoleOWNER && owners == 1:
			ues = []apperr.UserError{apperr.UserErr(in("customerId"), CodeLastOwner, "the last owner can't be removed")}
			return nil
		}
		_, err = tx.SellerMember.Delete().Where(sellermember.ID(target.ID)).Exec(ctx)
		return err
	})
	if err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	sel, err := s.St.Client.Seller.Get(ctx, sellerID)
	return sel, nil, err
}

// MembersOf lists the members of several sellers, with their accounts, in
// two statements (the request's loader batches a page of sellers). The
// caller has checked the viewer may read them (Private).
func MembersOf(ctx context.Context, c *ent.Client, sellerIDs []pulid.ID) (map[pulid.ID][]*ent.SellerMember, error) {
	ms, err := c.SellerMember.Query().Where(sellermember.SellerIDIn(sellerIDs...)).
		Order(ent.Asc(sellermember.FieldCreatedAt), ent.Asc(sellermember.FieldID)).WithCustomer().All(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID][]*ent.SellerMember, len(sellerIDs))
	for _, m := range ms {
		out[m.SellerID] = append(out[m.SellerID], m)
	}
	return out, nil
}

// Managed returns a seller of any status for its members and admins: nil
// when unknown.
func (s *Service) Managed(ctx context.Context, id pulid.ID) (*ent.Seller, error) {
	if _, err := policy.ManageSeller(ctx, id); err != nil {
		return nil, err
	}
	sel, err := s.St.Client.Seller.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return sel, err
}

// Private lets a seller's private fields through to its members and admins.
func (s *Service) Private(ctx context.Context, sel *ent.Seller) error {
	_, err := policy.ManageSeller(ctx, sel.ID)
	return err
}

// List lists every seller, by status when given, newest first. Who: admins.
func (s *Service) List(ctx context.Context, status *seller.Status, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.SellerConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.St.Client.Seller.Query()
	if status != nil {
		q = q.Where(seller.StatusEQ(*status))
	}
	return q.Paginate(ctx, after, first, before, last,
		ent.WithSellerOrder(&ent.SellerOrder{Field: ent.SellerOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// Memberships lists the sellers a customer belongs to, with the role. Who:
// the customer and admins.
func (s *Service) Memberships(ctx context.Context, customerID pulid.ID) ([]*ent.SellerMember, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	return s.St.Client.SellerMember.Query().Where(sellermember.CustomerID(customerID)).
		Order(ent.Asc(sellermember.FieldCreatedAt)).WithSeller().All(ctx)
}
