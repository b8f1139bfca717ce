package account

import (
	"context"
	"time"

	"github.com/comptoir/comptoir/internal/apperr"
)

// Sign-in throttling slows guessing without locking the owner out:
//
//   - per account and source (client IP): from the FreeFailures-th failure
//     on, each failure makes that source wait before its next attempt on
//     that account, BackoffBase doubling up to BackoffMax. The owner,
//     signing in from anywhere else, is not slowed by it.
//   - per account, from every source together: past AccountFreeFailures,
//     the same backoff but capped at AccountBackoffMax, so that many sources
//     guessing one password get few guesses, while the owner waits seconds,
//     never the whole window.
//   - per source, over every account: MaxFailuresPerIP failures in the
//     window refuse that source's sign-ins until the window ends (credential
//     stuffing).
//
// A refused attempt does not count as a failure and does not check the
// password. Success forgets the account's failures from that source.
const (
	keyPairFailures = "signin:fail:"  // + account + "|" + source
	keyPairWait     = "signin:wait:"  // + account + "|" + source
	keyAcctFailures = "signin:acct:"  // + account
	keyAcctWait     = "signin:acctw:" // + account
	keyIPFailures   = "signin:ip:"    // + source
)

// backoff is the wait a failure earns: none for the first free-1, then
// base, doubling with each further failure, up to max.
func backoff(failures, free int, base, max time.Duration) time.Duration {
	n := failures - free + 1
	if n <= 0 {
		return 0
	}
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

func rateLimited(message string, left time.Duration) error {
	return &apperr.Error{Code: apperr.RateLimited, Message: message, RetryAfter: max(left, time.Second)}
}

// checkSignIn refuses an attempt while the source or the account waits.
func (s *Service) checkSignIn(ctx context.Context, acct, ip string) error {
	for _, k := range []string{keyPairWait + acct + "|" + ip, keyAcctWait + acct} {
		n, left, err := s.limits.Count(ctx, k)
		if err != nil {
			return err
		}
		if n > 0 {
			return rateLimited("Too many failed sign-in attempts; try again later", left)
		}
	}
	n, left, err := s.limits.Count(ctx, keyIPFailures+ip)
	if err != nil {
		return err
	}
	if n >= s.cfg.MaxFailuresPerIP {
		return rateLimited("Too many failed sign-in attempts from this address; try again later", left)
	}
	return nil
}

// failedSignIn counts a failure and starts the waits it earns.
func (s *Service) failedSignIn(ctx context.Context, acct, ip string) error {
	c := s.cfg
	pair, _, err := s.limits.Hit(ctx, keyPairFailures+acct+"|"+ip, c.FailureWindow)
	if err != nil {
		return err
	}
	if d := backoff(pair, c.FreeFailures, c.BackoffBase, c.BackoffMax); d > 0 {
		if _, _, err := s.limits.Hit(ctx, keyPairWait+acct+"|"+ip, d); err != nil {
			return err
		}
	}
	all, _, err := s.limits.Hit(ctx, keyAcctFailures+acct, c.FailureWindow)
	if err != nil {
		return err
	}
	if d := backoff(all, c.AccountFreeFailures, c.BackoffBase, c.AccountBackoffMax); d > 0 {
		if _, _, err := s.limits.Hit(ctx, keyAcctWait+acct, d); err != nil {
			return err
		}
	}
	_, _, err = s.limits.Hit(ctx, keyIPFailures+ip, c.FailureWindow)
	return err
}

// signedIn forgets the failures of the account from this source.
func (s *Service) signedIn(ctx context.Context, acct, ip string) error {
	for _, k := range []string{keyPairFailures + acct + "|" + ip, keyPairWait + acct + "|" + ip} {
		if err := s.limits.Reset(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// forgetSignInFailures clears every sign-in wait of an account (a password
// reset proves the mailbox).
func (s *Service) forgetSignInFailures(ctx context.Context, acct string) error {
	for _, k := range []string{keyAcctFailures + acct, keyAcctWait + acct} {
		if err := s.limits.Reset(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// throttle counts one use of something that costs us (an account, a mail)
// under each key and refuses past max per window: per source and per
// address, so that neither one client nor one victim's inbox takes much.
func (s *Service) throttle(ctx context.Context, what string, window time.Duration, limits map[string]int) error {
	for key, max := range limits {
		n, left, err := s.limits.Hit(ctx, what+":"+key, window)
		if err != nil {
			return err
		}
		if n > max {
			return rateLimited("Too many requests; try again later", left)
		}
	}
	return nil
}
