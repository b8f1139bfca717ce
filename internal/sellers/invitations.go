package sellers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellerinvitation"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/notify"
	"github.com/comptoir/comptoir/internal/policy"
)

// Invitation error codes (SellerErrorCode in the schema).
const (
	CodeInvalidToken  = "INVALID_TOKEN"
	CodeEmailMismatch = "EMAIL_MISMATCH"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Invite mails someone a single-use link to join the seller as OWNER or
// STAFF; a new invitation to the same address replaces a pending one. The
// mail is stored in the mail outbox in the invitation's transaction. Who:
// the seller's owners and admins.
func (s *Service) Invite(ctx context.Context, sellerID pulid.ID, email string, role sellermember.Role) (*ent.Seller, []apperr.UserError, error) {
	v, err := policy.OwnSeller(ctx, sellerID)
	if err != nil {
		return nil, nil, err
	}
	if role != sellermember.RoleOWNER && role != sellermember.RoleSTAFF {
		return nil, []apperr.UserError{apperr.UserErr(in("role"), CodeInvalid, "role is OWNER or STAFF")}, nil
	}
	addr, perr := mail.ParseAddress(strings.TrimSpace(email))
	if perr != nil || len(email) > 254 {
		return nil, []apperr.UserError{apperr.UserErr(in("email"), CodeInvalid, "not a valid email address")}, nil
	}
	key := account.EmailKey(addr.Address)
	sel, err := s.St.Client.Seller.Get(ctx, sellerID)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("sellerId"), CodeNotFound, "no seller with this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	member, err := s.St.Client.SellerMember.Query().Where(sellermember.SellerID(sellerID),
		sellermember.HasCustomerWith(customer.EmailKey(key))).Exist(ctx)
	if err != nil {
		return nil, nil, err
	}
	if member {
		return nil, []apperr.UserError{apperr.UserErr(in("email"), CodeAlreadyMember, "this account is already a member")}, nil
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := "inv_" + base64.RawURLEncoding.EncodeToString(b)
	now := time.Now()
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.SellerInvitation.Delete().Where(sellerinvitation.SellerID(sellerID), sellerinvitation.Email(key),
			sellerinvitation.AcceptedAtIsNil()).Exec(ctx); err != nil {
			return err
		}
		inv, err := tx.SellerInvitation.Create().SetSellerID(sellerID).SetEmail(key).SetRole(sellerinvitation.Role(role)).
			SetTokenHash(digest(token)).SetExpiresAt(now.Add(InvitationTTL)).SetInvitedBy(v.Customer.ID).Save(ctx)
		if err != nil {
			return err
		}
		m, err := notify.SellerInvitationMail(addr.Address, notify.InvitationData{Seller: sel.Name, Role: strings.ToLower(string(role)),
			Link: strings.TrimRight(s.StorefrontURL, "/") + "/seller-invitations/accept?token=" + token})
		if err != nil {
			return err
		}
		return notify.Enqueue(ctx, tx.Client(), s.St.Dialect, "invite:"+string(inv.ID), notify.KindSellerInvitation, m, now)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("invite: %w", err)
	}
	return sel, nil, nil
}

// Accept makes the viewer a member through an invitation's token, once,
// before it expires. Who: the signed-in account with the invited email.
func (s *Service) Accept(ctx context.Context, token string) (*ent.Seller, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	bad := []apperr.UserError{apperr.UserErr(in("token"), CodeInvalidToken, "this invitation is unknown, used or expired")}
	inv, err := s.St.Client.SellerInvitation.Query().Where(sellerinvitation.TokenHash(digest(strings.TrimSpace(token)))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, bad, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if inv.AcceptedAt != nil || time.Now().After(inv.ExpiresAt) {
		return nil, bad, nil
	}
	if account.EmailKey(v.Customer.Email) != inv.Email {
		return nil, []apperr.UserError{apperr.UserErr(in("token"), CodeEmailMismatch, "this invitation was sent to another email address")}, nil
	}
	var ues []apperr.UserError
	var m *ent.SellerMember
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.SellerInvitation.Update().Where(sellerinvitation.ID(inv.ID), sellerinvitation.AcceptedAtIsNil()).SetAcceptedAt(time.Now()).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			ues = bad
			return nil
		}
		m, err = tx.SellerMember.Create().SetSellerID(inv.SellerID).SetCustomerID(v.Customer.ID).SetRole(sellermember.Role(inv.Role)).Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("token"), CodeAlreadyMember, "you are already a member")}, nil
	}
	if err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	// The new member reads the seller as one from now on, this request's
	// payload included: the viewer's memberships were loaded before.
	v.Joined(m.Unwrap())
	sel, err := s.St.Client.Seller.Get(ctx, inv.SellerID)
	return sel, nil, err
}

// Revoke withdraws the pending invitation of an address. Who: the seller's
// owners and admins.
func (s *Service) Revoke(ctx context.Context, sellerID pulid.ID, email string) (*ent.Seller, []apperr.UserError, error) {
	if _, err := policy.OwnSeller(ctx, sellerID); err != nil {
		return nil, nil, err
	}
	n, err := s.St.Client.SellerInvitation.Delete().Where(sellerinvitation.SellerID(sellerID),
		sellerinvitation.Email(account.EmailKey(email)), sellerinvitation.AcceptedAtIsNil()).Exec(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return nil, []apperr.UserError{apperr.UserErr(in("email"), CodeNotFound, "no pending invitation for this address")}, nil
	}
	sel, err := s.St.Client.Seller.Get(ctx, sellerID)
	return sel, nil, err
}

// Invitations lists a seller's pending invitations. Who: its members and
// admins.
func (s *Service) Invitations(ctx context.Context, sellerID pulid.ID) ([]*ent.SellerInvitation, error) {
	if _, err := policy.ManageSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	return s.St.Client.SellerInvitation.Query().Where(sellerinvitation.SellerID(sellerID), sellerinvitation.AcceptedAtIsNil(),
		sellerinvitation.ExpiresAtGT(time.Now())).Order(ent.Asc(sellerinvitation.FieldCreatedAt)).All(ctx)
}
