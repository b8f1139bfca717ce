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

// Config are the account rules (see throttle.go for sign-in throttling).
type Config struct {
	SessionTTL time.Duration // a session's whole life, however often renewed
	// Sign-in failures: from the FreeFailures-th per account and source, a
	// wait doubling from BackoffBase up to BackoffMax for that source; from
	// the AccountFreeFailures-th from all sources, the account's attempts
	// wait too, at most AccountBackoffMax.
	FreeFailures        int
	AccountFreeFailures int
	BackoffBase         time.Duration
	BackoffMax          time.Duration
	AccountBackoffMax   time.Duration
	MaxFailuresPerIP    int           // failed sign-ins per client IP per window
	FailureWindow       time.Duration // how long failures are remembered
	// Sign-ups and mails (verification, password reset) per MailWindow:
	// per client IP and per email address.
	MaxSignUpsPerIP      int
	MaxSignUpsPerAddress int
	MaxMailsPerIP        int
	MaxMailsPerAddress   int
	MailWindow           time.Duration
}

// DefaultConfig is used where a field is zero.
var DefaultConfig = Config{
	SessionTTL:           30 * 24 * time.Hour,
	FreeFailures:         5,
	AccountFreeFailures:  20,
	BackoffBase:          time.Minute,
	BackoffMax:           15 * time.Minute,
	AccountBackoffMax:    30 * time.Second,
	MaxFailuresPerIP:     50,
	FailureWindow:        time.Hour,
	MaxSignUpsPerIP:      30,
	MaxSignUpsPerAddress: 5,
	MaxMailsPerIP:        30,
	MaxMailsPerAddress:   3,
	MailWindow:           time.Hour,
}

// PasswordHasher hashes and checks passwords (auth.Hasher). An interface
// so that a test can see which hashes a sign-in verifies.
type PasswordHasher interface {
	Hash(pw string) (string, error)
	Verify(pw, encoded string) (bool, error)
	// DummyHash is verified against for an unknown email, so that it costs
	// what a wrong password costs.
	DummyHash() string
}

// Service is the account service.
type Service struct {
	st     *store.Store
	client *ent.Client
	hasher PasswordHasher
	tokens *auth.Tokens
	limits ratelimit.Counter
	cfg    Config
	mail   Mail
	now    func() time.Time
}

// New returns the account service.
func New(st *store.Store, hasher PasswordHasher, tokens *auth.Tokens, limits ratelimit.Counter, cfg Config) *Service {
	d := DefaultConfig
	for _, f := range []struct {
		v   *int
		def int
	}{{&cfg.FreeFailures, d.FreeFailures}, {&cfg.AccountFreeFailures, d.AccountFreeFailures}, {&cfg.MaxFailuresPerIP, d.MaxFailuresPerIP},
		{&cfg.MaxSignUpsPerIP, d.MaxSignUpsPerIP}, {&cfg.MaxSignUpsPerAddress, d.MaxSignUpsPerAddress},
		{&cfg.MaxMailsPerIP, d.MaxMailsPerIP}, {&cfg.MaxMailsPerAddress, d.MaxMailsPerAddress}} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	for _, f := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&cfg.SessionTTL, d.SessionTTL}, {&cfg.BackoffBase, d.BackoffBase}, {&cfg.BackoffMax, d.BackoffMax},
		{&cfg.AccountBackoffMax, d.AccountBackoffMax}, {&cfg.FailureWindow, d.FailureWindow}, {&cfg.MailWindow, d.MailWindow}} {
		if *f.v == 0 {
			*f.v = f.def
		}
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
