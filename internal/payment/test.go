package payment

import (
	"context"
	"strings"
)

// The test simulator's tokens (documented in the README).
const (
	TokenSuccess     = "tok_success"      // captured at once
	TokenDecline     = "tok_decline"      // declined: "card declined"
	TokenConfirm     = "tok_confirm"      // needs a second step, then captured
	TokenConfirmFail = "tok_confirm_fail" // needs a second step, then declined
	TokenAuthorize   = "tok_authorize"    // authorized only (captured by staff marking paid)
)

// Test is a deterministic card simulator for development and tests.
type Test struct{}

// Name implements Provider.
func (Test) Name() string { return "test" }

// Create implements Provider. It is idempotent by construction: the same
// request gives the same outcome.
func (Test) Create(_ context.Context, r Request) (Outcome, error) {
	// The ref carries the token so that Confirm and Lookup know the
	// scenario.
	return testOutcome(r.Token, r.Token+":"+string(r.PaymentID)), nil
}

// Lookup implements Provider: the scenario is read back from the ref; the
// simulator keeps no state, so a payment whose ref was not recorded is
// unknown.
func (Test) Lookup(_ context.Context, ref string, _ Request) (Outcome, error) {
	token, _, ok := strings.Cut(ref, ":")
	if !ok {
		return Outcome{}, ErrUnknown
	}
	return testOutcome(token, ref), nil
}

func testOutcome(token, ref string) Outcome {
	switch token {
	case TokenSuccess:
		return Outcome{Status: Captured, Ref: ref}
	case TokenConfirm, TokenConfirmFail:
		return Outcome{Status: Pending, Ref: ref, NextAction: ActionConfirm, ClientSecret: ref + "_secret"}
	case TokenAuthorize:
		return Outcome{Status: Authorized, Ref: ref}
	case TokenDecline:
		return Outcome{Status: Failed, Ref: ref, FailureReason: "card declined"}
	}
	return Outcome{Status: Failed, Ref: ref, FailureReason: "unknown test token " + token}
}

// Confirm implements Provider.
func (Test) Confirm(_ context.Context, ref string, _ Request) (Outcome, error) {
	token, _, _ := strings.Cut(ref, ":")
	switch token {
	case TokenConfirmFail:
		return Outcome{Status: Failed, Ref: ref, FailureReason: "authentication failed"}, nil
	case TokenConfirm:
		return Outcome{Status: Captured, Ref: ref}, nil
	}
	return Outcome{}, ErrNotConfirmable
}

// Refund implements Provider.
func (Test) Refund(_ context.Context, ref string, _ int64, _, key string) (string, error) {
	return "test_refund_" + key, nil
}

// Cancel implements Provider.
func (Test) Cancel(context.Context, string) error { return nil }
