package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/text"
)

// RegisterInput is what customerCreate takes.
type RegisterInput struct {
	Email            string
	Password         string
	FirstName        string
	LastName         string
	AcceptsMarketing bool
}

// maxNameLen is the longest first or last name, in characters.
const maxNameLen = text.LabelMax

// EmailKey is the case-insensitive identity of an email address.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// checkEmail validates an address: one plain addr-spec, no display name.
func checkEmail(field []string, email string) *UserError {
	e := strings.TrimSpace(email)
	switch {
	case e == "":
		return &UserError{Field: field, Code: CodeBlank, Message: "Email can't be blank"}
	case len(e) > 254:
		return &UserError{Field: field, Code: CodeTooLong, Message: "Email is too long (at most 254 characters)"}
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || addr.Name != "" || !strings.Contains(e[strings.LastIndex(e, "@")+1:], ".") {
		return &UserError{Field: field, Code: CodeInvalid, Message: "Email is invalid"}
	}
	return nil
}

func checkPassword(field []string, pw string) *UserError {
	switch err := auth.CheckPassword(pw); {
	case err == nil:
		return nil
	case errors.Is(err, auth.ErrPasswordTooShort):
		return &UserError{Field: field, Code: CodeTooShort, Message: fmt.Sprintf("Password is too short (at least %d characters)", auth.MinPasswordLen)}
	case errors.Is(err, auth.ErrPasswordTooLong):
		return &UserError{Field: field, Code: CodeTooLong, Message: fmt.Sprintf("Password is too long (at most %d characters)", auth.MaxPasswordLen)}
	default:
		return &UserError{Field: field, Code: CodeInvalid, Message: "Password is invalid"}
	}
}

func checkName(field []string, s string) *UserError {
	if text.TooLong(s, maxNameLen) {
		return &UserError{Field: field, Code: CodeTooLong, Message: fmt.Sprintf("%s is too long (at most %d characters)", field[len(field)-1], maxNameLen)}
	}
	return nil
}

// Register creates a customer account. Every problem with the input comes
// back as a UserError (all of them at once); err is for failures the client
// cannot fix, and RATE_LIMITED past MaxSignUpsPerIP sign-ups from the
// client's address or MaxSignUpsPerAddress for one email per MailWindow.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*ent.Customer, []UserError, error) {
	var ues []UserError
	for _, ue := range []*UserError{
		checkEmail([]string{"input", "email"}, in.Email),
		checkPassword([]string{"input", "password"}, in.Password),
		checkName([]string{"input", "firstName"}, in.FirstName),
		checkName([]string{"input", "lastName"}, in.LastName),
	} {
		if ue != nil {
			ues = append(ues, *ue)
		}
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	key := EmailKey(in.Email)
	if err := s.throttle(ctx, "signup", s.cfg.MailWindow, map[string]int{
		"ip:" + ClientInfoFrom(ctx).IP: s.cfg.MaxSignUpsPerIP, "addr:" + key: s.cfg.MaxSignUpsPerAddress}); err != nil {
		return nil, nil, err
	}
	taken := UserError{Field: []string{"input", "email"}, Code: CodeTaken, Message: "Email has already been taken"}
	exists, err := s.client.Customer.Query().Where(customer.EmailKey(key)).Exist(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("look up email: %w", err)
	}
	if exists {
		return nil, []UserError{taken}, nil
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return nil, nil, fmt.Errorf("hash password: %w", err)
	}
	c, err := s.client.Customer.Create().
		SetEmail(strings.TrimSpace(in.Email)).SetEmailKey(key).SetPasswordHash(hash).
		SetFirstName(strings.TrimSpace(in.FirstName)).SetLastName(strings.TrimSpace(in.LastName)).
		SetAcceptsMarketing(in.AcceptsMarketing).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []UserError{taken}, nil // lost a race with the same email
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create customer: %w", err)
	}
	return c, nil, nil
}

// EnsureAdmin makes the account with this email an admin, creating it with
// the password when there is none (`comptoir admin create`). It reports
// whether it created the account; an existing account keeps its password.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (bool, []UserError, error) {
	c, err := s.client.Customer.Query().Where(customer.EmailKey(EmailKey(email))).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		c, ues, err := s.Register(ctx, RegisterInput{Email: email, Password: password})
		if c == nil {
			return false, ues, err
		}
		return true, nil, s.client.Customer.UpdateOne(c).SetRole(customer.RoleADMIN).Exec(ctx)
	case err != nil:
		return false, nil, err
	}
	return false, nil, s.client.Customer.UpdateOne(c).SetRole(customer.RoleADMIN).Exec(ctx)
}
