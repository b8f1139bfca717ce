package account

import (
	"context"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/accounttoken"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/internal/notify"
)

// Lifetimes of mailed tokens.
const (
	verifyTTL = 24 * time.Hour
	resetTTL  = time.Hour
	// maxResetMails bounds reset mails per account per hour, so that the
	// mutation cannot be used to flood someone's inbox.
	maxResetMails = 3
)

// Mail configures the mails accounts send.
type Mail struct {
	Mailer        notify.Mailer
	StorefrontURL string // links point to {StorefrontURL}/account/verify?token=… and /account/reset?token=…
}

// WithMail sets how the service sends mail.
func (s *Service) WithMail(m Mail) *Service { s.mail = m; return s }

func (s *Service) issueToken(ctx context.Context, c *ent.Customer, purpose accounttoken.Purpose, ttl time.Duration) (string, error) {
	plain, hash, err := newToken(mailedPrefix)
	if err != nil {
		return "", err
	}
	err = s.client.AccountToken.Create().SetCustomerID(c.ID).SetPurpose(purpose).SetTokenHash(hash).
		SetEmail(c.Email).SetExpiresAt(s.now().Add(ttl)).Exec(ctx)
	return plain, err
}

// consume marks a token used, once: the conditional update is what makes it
// single-use under concurrency.
func (s *Service) consume(ctx context.Context, plain string, purpose accounttoken.Purpose) (*ent.AccountToken, error) {
	if !wellFormed(mailedPrefix, plain) {
		return nil, nil
	}
	t, err := s.client.AccountToken.Query().Where(accounttoken.TokenHash(hashToken(plain)), accounttoken.PurposeEQ(purpose)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if t.UsedAt != nil || !now.Before(t.ExpiresAt) {
		return nil, nil
	}
	n, err := s.client.AccountToken.Update().Where(accounttoken.ID(t.ID), accounttoken.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
	if err != nil || n == 0 {
		return nil, err
	}
	return t, nil
}

// throttleMail refuses (RATE_LIMITED) a mail past MaxMailsPerIP from the
// client's address or MaxMailsPerAddress to one address per MailWindow.
func (s *Service) throttleMail(ctx context.Context, to string) error {
	return s.throttle(ctx, "mail", s.cfg.MailWindow, map[string]int{
		"ip:" + ClientInfoFrom(ctx).IP: s.cfg.MaxMailsPerIP, "addr:" + EmailKey(to): s.cfg.MaxMailsPerAddress})
}

// SendVerification mails the viewer a link that verifies its email address
// (throttled: see throttleMail).
func (s *Service) SendVerification(ctx context.Context) error {
	v, err := RequireViewer(ctx)
	if err != nil {
		return err
	}
	if err := s.throttleMail(ctx, v.Customer.Email); err != nil {
		return err
	}
	tok, err := s.issueToken(ctx, v.Customer, accounttoken.PurposeVERIFY_EMAIL, verifyTTL)
	if err != nil {
		return fmt.Errorf("verification token: %w", err)
	}
	m, err := notify.VerifyEmail(v.Customer.Email, notify.LinkData{Name: displayName(v.Customer), Link: s.mail.StorefrontURL + "/account/verify?token=" + tok})
	if err != nil {
		return err
	}
	return s.mail.Mailer.Send(ctx, m)
}

// VerifyEmail marks an email address verified with a mailed token.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*ent.Customer, []UserError, error) {
	t, err := s.consume(ctx, token, accounttoken.PurposeVERIFY_EMAIL)
	if err != nil {
		return nil, nil, err
	}
	invalid := []UserError{{Field: []string{"input", "token"}, Code: CodeTokenInvalid, Message: "The link is invalid, used already or expired"}}
	if t == nil {
		return nil, invalid, nil
	}
	c, err := s.client.Customer.Get(ctx, t.CustomerID)
	if err != nil {
		return nil, nil, err
	}
	if EmailKey(c.Email) != EmailKey(t.Email) {
		return nil, invalid, nil // the address changed since the mail was sent
	}
	c, err = s.client.Customer.UpdateOne(c).SetEmailVerifiedAt(s.now()).Save(ctx)
	return c, nil, err
}

// RequestPasswordReset mails a reset link when an account has this email
// (throttled: see throttleMail).
// It answers the same way whether or not one does, and does the same work
// in the request either way: the mail leaves in the background.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	// Throttled whether or not the account exists: the refusal tells
	// nothing about it.
	if err := s.throttleMail(ctx, email); err != nil {
		return err
	}
	c, err := s.client.Customer.Query().Where(customer.EmailKey(EmailKey(email)), customer.DeletedAtIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	n, _, err := s.limits.Hit(ctx, "reset:"+string(c.ID), time.Hour)
	if err != nil || n > maxResetMails {
		return err
	}
	tok, err := s.issueToken(ctx, c, accounttoken.PurposeRESET_PASSWORD, resetTTL)
	if err != nil {
		return fmt.Errorf("reset token: %w", err)
	}
	m, err := notify.ResetPassword(c.Email, notify.LinkData{Name: displayName(c), Link: s.mail.StorefrontURL + "/account/reset?token=" + tok})
	if err != nil {
		return err
	}
	return s.mail.Mailer.Send(ctx, m)
}

// ResetPassword sets a new password with a mailed token, signs the account
// out everywhere and opens a new session.
func (s *Service) ResetPassword(ctx context.Context, token, password, userAgent string) (*TokenPair, []UserError, error) {
	if ue := checkPassword([]string{"input", "password"}, password); ue != nil {
		return nil, []UserError{*ue}, nil
	}
	t, err := s.consume(ctx, token, accounttoken.PurposeRESET_PASSWORD)
	if err != nil {
		return nil, nil, err
	}
	if t == nil {
		return nil, []UserError{{Field: []string{"input", "token"}, Code: CodeTokenInvalid, Message: "The link is invalid, used already or expired"}}, nil
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.client.Customer.UpdateOneID(t.CustomerID).SetPasswordHash(hash).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("reset password: %w", err)
	}
	if err := s.SignOutEverywhere(ctx, c.ID, ""); err != nil {
		return nil, nil, err
	}
	if err := s.forgetSignInFailures(ctx, c.EmailKey); err != nil {
		return nil, nil, err
	}
	pair, err := s.openSession(ctx, c, userAgent)
	return pair, nil, err
}

func displayName(c *ent.Customer) string {
	if c.FirstName != "" {
		return c.FirstName
	}
	return c.Email
}
