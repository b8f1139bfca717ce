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

// Create implements Provider.
func (Test) Create(_ context.Context, r Request) (Outcome, error) {
	// The ref carries the token so that Confirm knows the scenario.
	ref := r.Token + ":" + string(r.PaymentID)
	switch r.Token {
	case TokenSuccess:
		return Outcome{Status: Captured, Ref: ref}, nil
	case TokenConfirm, TokenConfirmFail:
		return Outcome{Status: Pending, Ref: ref, NextAction: ActionConfirm, ClientSecret: ref + "_secret"}, nil
	case TokenAuthorize:
		return Outcome{Status: Authorized, Ref: ref}, nil
	case TokenDecline:
		return Outcome{Status: Failed, Ref: ref, FailureReason: "card declined"}, nil
	}
	return Outcome{Status: Failed, Ref: ref, FailureReason: "unknown test token " + r.Token}, nil
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
