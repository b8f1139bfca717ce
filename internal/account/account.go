// Package account manages customer accounts and their sessions: sign-up,
// sign-in with throttling, access tokens with rotating refresh tokens, and
// sign-out. Credentials themselves (hashes, JWTs) are internal/auth's job.
package account

import (
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/store"
)

// Config are the account rules.
type Config struct {
	SessionTTL            time.Duration // a session's whole life, however often renewed
	MaxFailuresPerAccount int           // failed sign-ins per account per window
	MaxFailuresPerIP      int           // failed sign-ins per client IP per window
	FailureWindow         time.Duration
}

// DefaultConfig is used where a field is zero.
var DefaultConfig = Config{
	SessionTTL:            30 * 24 * time.Hour,
	MaxFailuresPerAccount: 5,
	MaxFailuresPerIP:      50,
	FailureWindow:         15 * time.Minute,
}

// Service is the account service.
type Service struct {
	st     *store.Store
	client *ent.Client
	hasher auth.Hasher
	tokens *auth.Tokens
	limits ratelimit.Counter
	cfg    Config
	mail   Mail
	now    func() time.Time
}

// New returns the account service.
func New(st *store.Store, hasher auth.Hasher, tokens *auth.Tokens, limits ratelimit.Counter, cfg Config) *Service {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = DefaultConfig.SessionTTL
	}
	if cfg.MaxFailuresPerAccount == 0 {
		cfg.MaxFailuresPerAccount = DefaultConfig.MaxFailuresPerAccount
	}
	if cfg.MaxFailuresPerIP == 0 {
		cfg.MaxFailuresPerIP = DefaultConfig.MaxFailuresPerIP
	}
	if cfg.FailureWindow == 0 {
		cfg.FailureWindow = DefaultConfig.FailureWindow
	}
	return &Service{st: st, client: st.Client, hasher: hasher, tokens: tokens, limits: limits, cfg: cfg, now: time.Now}
}

// Error codes of customer userErrors (CustomerErrorCode in the schema).
const (
	CodeBlank                = "BLANK"
	CodeInvalid              = "INVALID"
	CodeTaken                = "TAKEN"
	CodeTooShort             = "TOO_SHORT"
	CodeTooLong              = "TOO_LONG"
	CodeUnidentifiedCustomer = "UNIDENTIFIED_CUSTOMER"
	CodeTokenInvalid         = "TOKEN_INVALID"
)

// UserError is a problem with the input the client can fix.
type UserError = apperr.UserError

// TokenPair is what a sign-in or renewal hands the client.
type TokenPair struct {
	CustomerID       pulid.ID
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
}
