package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/refreshtoken"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/session"
	"github.com/comptoir/comptoir/internal/text"
)

// Opaque token prefixes: refresh tokens, and tokens mailed for email
// verification and password reset. Each is the prefix and 32 random bytes.
const (
	refreshPrefix = "rt_"
	mailedPrefix  = "at_"
)

// newToken returns a fresh opaque token and the hash that is stored.
func newToken(prefix string) (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashToken(plain), nil
}

func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// wellFormed checks a token's shape before any lookup.
func wellFormed(prefix, s string) bool {
	return len(s) == len(prefix)+43 && strings.HasPrefix(s, prefix)
}

var (
	unidentified = UserError{Field: []string{"input"}, Code: CodeUnidentifiedCustomer, Message: "Unidentified customer: the email or the password is wrong"}
	tokenInvalid = UserError{Field: []string{"input", "refreshToken"}, Code: CodeTokenInvalid, Message: "The refresh token is invalid or expired"}
)

// SignIn checks an email and password and opens a session. A wrong password
// and an unknown email give the same UserError after the same work: an
// unknown email verifies the password against the hasher's dummy hash.
// Failures are throttled per account and source, per account and per
// source (see throttle.go); a throttled attempt is RATE_LIMITED, with a
// retry delay, before any password is checked.
func (s *Service) SignIn(ctx context.Context, email, password, clientIP, userAgent string) (*TokenPair, []UserError, error) {
	key := EmailKey(email)
	if err := s.checkSignIn(ctx, key, clientIP); err != nil {
		return nil, nil, err
	}
	c, err := s.client.Customer.Query().Where(customer.EmailKey(key), customer.DeletedAtIsNil()).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, nil, fmt.Errorf("look up customer: %w", err)
	}
	hash := s.hasher.DummyHash()
	if c != nil {
		hash = c.PasswordHash
	}
	ok, err := s.hasher.Verify(password, hash)
	if err != nil {
		return nil, nil, fmt.Errorf("verify password: %w", err)
	}
	if !ok || c == nil {
		if err := s.failedSignIn(ctx, key, clientIP); err != nil {
			return nil, nil, err
		}
		return nil, []UserError{unidentified}, nil
	}
	if err := s.signedIn(ctx, key, clientIP); err != nil {
		return nil, nil, err
	}
	pair, err := s.openSession(ctx, c, userAgent)
	return pair, nil, err
}

func (s *Service) openSession(ctx context.Context, c *ent.Customer, userAgent string) (*TokenPair, error) {
	now := s.now()
	plain, hash, err := newToken(refreshPrefix)
	if err != nil {
		return nil, err
	}
	var sess *ent.Session
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		sess, err = tx.Session.Create().SetCustomerID(c.ID).SetExpiresAt(now.Add(s.cfg.SessionTTL)).
			SetUserAgent(text.Cut(userAgent, userAgentMax)).Save(ctx)
		if err != nil {
			return err
		}
		return tx.RefreshToken.Create().SetSessionID(sess.ID).SetTokenHash(hash).SetExpiresAt(sess.ExpiresAt).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	return s.pair(c, sess, plain)
}

func (s *Service) pair(c *ent.Customer, sess *ent.Session, refresh string) (*TokenPair, error) {
	access, exp, err := s.tokens.Issue(string(c.ID), string(sess.ID), string(c.Role))
	if err != nil {
		return nil, fmt.Errorf("issue access token: %w", err)
	}
	return &TokenPair{CustomerID: c.ID, AccessToken: access, AccessExpiresAt: exp, RefreshToken: refresh, RefreshExpiresAt: sess.ExpiresAt}, nil
}

// Renew exchanges a refresh token for a new pair. Each refresh token works
// once: presenting one that was already used revokes its whole session, since
// either the client or a thief holds a copy.
func (s *Service) Renew(ctx context.Context, refresh string) (*TokenPair, []UserError, error) {
	if !wellFormed(refreshPrefix, refresh) {
		return nil, []UserError{tokenInvalid}, nil
	}
	rt, err := s.client.RefreshToken.Query().Where(refreshtoken.TokenHash(hashToken(refresh))).
		WithSession(func(q *ent.SessionQuery) { q.WithCustomer() }).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, []UserError{tokenInvalid}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("look up refresh token: %w", err)
	}
	sess := rt.Edges.Session
	now := s.now()
	if rt.UsedAt != nil {
		return nil, []UserError{tokenInvalid}, s.revoke(ctx, sess.ID, "refresh_token_reuse")
	}
	if sess.RevokedAt != nil || !now.Before(sess.ExpiresAt) || !now.Before(rt.ExpiresAt) || sess.Edges.Customer.DeletedAt != nil {
		return nil, []UserError{tokenInvalid}, nil
	}
	plain, hash, err := newToken(refreshPrefix)
	if err != nil {
		return nil, nil, err
	}
	reused := false
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		// The conditional update is what makes "once" hold under concurrency.
		n, err := tx.RefreshToken.Update().Where(refreshtoken.ID(rt.ID), refreshtoken.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			reused = true
			return nil
		}
		if err := tx.RefreshToken.Create().SetSessionID(sess.ID).SetTokenHash(hash).SetExpiresAt(sess.ExpiresAt).Exec(ctx); err != nil {
			return err
		}
		return tx.Session.UpdateOneID(sess.ID).SetLastUsedAt(now).Exec(ctx)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rotate refresh token: %w", err)
	}
	if reused {
		return nil, []UserError{tokenInvalid}, s.revoke(ctx, sess.ID, "refresh_token_reuse")
	}
	pair, err := s.pair(sess.Edges.Customer, sess, plain)
	return pair, nil, err
}

// SignOut ends the session a refresh token belongs to.
func (s *Service) SignOut(ctx context.Context, refresh string) ([]UserError, error) {
	if !wellFormed(refreshPrefix, refresh) {
		return []UserError{tokenInvalid}, nil
	}
	rt, err := s.client.RefreshToken.Query().Where(refreshtoken.TokenHash(hashToken(refresh))).Only(ctx)
	if ent.IsNotFound(err) {
		return []UserError{tokenInvalid}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up refresh token: %w", err)
	}
	return nil, s.revoke(ctx, rt.SessionID, "sign_out")
}

// SignOutEverywhere ends every session of a customer, but the one given
// when keep is set.
func (s *Service) SignOutEverywhere(ctx context.Context, customerID, keep pulid.ID) error {
	q := s.client.Session.Update().Where(session.CustomerID(customerID), session.RevokedAtIsNil())
	if keep != "" {
		q = q.Where(session.IDNEQ(keep))
	}
	if err := q.SetRevokedAt(s.now()).SetRevokedReason("sign_out_everywhere").Exec(ctx); err != nil {
		return fmt.Errorf("sign out everywhere: %w", err)
	}
	return nil
}

func (s *Service) revoke(ctx context.Context, id pulid.ID, reason string) error {
	err := s.client.Session.Update().Where(session.ID(id), session.RevokedAtIsNil()).
		SetRevokedAt(s.now()).SetRevokedReason(reason).Exec(ctx)
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// userAgentMax is the user_agent column's size, in runes.
const userAgentMax = 300
