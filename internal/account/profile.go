package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// ProfileInput holds the profile fields to change; nil is unchanged.
type ProfileInput struct {
	Email            *string
	FirstName        *string
	LastName         *string
	AcceptsMarketing *bool
}

// UpdateProfile changes the viewer's own profile. A new email must be free
// and is unverified until verified again.
func (s *Service) UpdateProfile(ctx context.Context, in ProfileInput) (*ent.Customer, []UserError, error) {
	v, err := RequireViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	var ues []UserError
	if in.Email != nil {
		if ue := checkEmail([]string{"input", "email"}, *in.Email); ue != nil {
			ues = append(ues, *ue)
		}
	}
	for _, ue := range []*UserError{nameErr("firstName", in.FirstName), nameErr("lastName", in.LastName)} {
		if ue != nil {
			ues = append(ues, *ue)
		}
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	u := s.client.Customer.UpdateOne(v.Customer).SetNillableAcceptsMarketing(in.AcceptsMarketing)
	if in.FirstName != nil {
		u.SetFirstName(strings.TrimSpace(*in.FirstName))
	}
	if in.LastName != nil {
		u.SetLastName(strings.TrimSpace(*in.LastName))
	}
	if in.Email != nil && EmailKey(*in.Email) != v.Customer.EmailKey {
		taken, err := s.client.Customer.Query().Where(customer.EmailKey(EmailKey(*in.Email))).Exist(ctx)
		if err != nil {
			return nil, nil, err
		}
		if taken {
			return nil, []UserError{{Field: []string{"input", "email"}, Code: CodeTaken, Message: "Email has already been taken"}}, nil
		}
		u.SetEmail(strings.TrimSpace(*in.Email)).SetEmailKey(EmailKey(*in.Email)).ClearEmailVerifiedAt()
	} else if in.Email != nil {
		u.SetEmail(strings.TrimSpace(*in.Email)) // same address, other case
	}
	c, err := u.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: []string{"input", "email"}, Code: CodeTaken, Message: "Email has already been taken"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update profile: %w", err)
	}
	return c, nil, nil
}

func nameErr(field string, s *string) *UserError {
	if s == nil {
		return nil
	}
	return checkName([]string{"input", field}, *s)
}

// ChangePassword sets a new password after checking the current one, and
// signs out every other session.
func (s *Service) ChangePassword(ctx context.Context, current, next string) ([]UserError, error) {
	v, err := RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	ok, err := s.hasher.Verify(current, v.Customer.PasswordHash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []UserError{{Field: []string{"input", "currentPassword"}, Code: CodeInvalid, Message: "The current password is wrong"}}, nil
	}
	if ue := checkPassword([]string{"input", "newPassword"}, next); ue != nil {
		return []UserError{*ue}, nil
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return nil, err
	}
	if err := s.client.Customer.UpdateOne(v.Customer).SetPasswordHash(hash).Exec(ctx); err != nil {
		return nil, fmt.Errorf("change password: %w", err)
	}
	return nil, s.SignOutEverywhere(ctx, v.Customer.ID, v.Session.ID)
}

// Customer reads an account by ID.
func (s *Service) Customer(ctx context.Context, id pulid.ID) (*ent.Customer, error) {
	return s.client.Customer.Get(ctx, id)
}
