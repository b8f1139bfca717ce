// Package payment talks to payment providers: it starts a payment, confirms
// a second step, refunds and cancels, and turns a provider's webhook into an
// Event. It keeps no state: orders (internal/order) record what happened.
//
// Providers:
//   - manual: bank transfer or cash on delivery; the payment stays PENDING
//     until staff mark the order paid.
//   - test: a deterministic card simulator (see TestTokens).
//   - stripe: Stripe PaymentIntents through stripe-go.
package payment

import (
	"context"
	"errors"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Status is a payment's state as a provider reports it.
type Status string

// Statuses a provider reports.
const (
	Pending    Status = "PENDING"
	Authorized Status = "AUTHORIZED"
	Captured   Status = "CAPTURED"
	Failed     Status = "FAILED"
)

// Next actions a buyer may have to take.
const (
	ActionConfirm      = "CONFIRM"       // a second step (3-D Secure): call paymentConfirm
	ActionAwaitPayment = "AWAIT_PAYMENT" // manual: pay by transfer or on delivery
)

// Request asks for a payment.
type Request struct {
	PaymentID pulid.ID
	// IdempotencyKey names the checkout attempt at the provider: a call
	// repeated with it (a retry after a crash or a failed write) starts no
	// second payment, it returns the first one.
	IdempotencyKey string
	OrderID        pulid.ID
	Amount         int64
	Currency       string
	Token          string // the provider's payment method token
	Email          string
}

// Outcome is what a provider said about a payment.
type Outcome struct {
	Status        Status
	Ref           string // the provider's ID of the payment
	NextAction    string
	ClientSecret  string
	FailureReason string
}

// Provider is a way to pay.
type Provider interface {
	Name() string
	// Create starts a payment; a decline is an Outcome with Status Failed,
	// not an error. An error means the provider could not be reached.
	Create(ctx context.Context, r Request) (Outcome, error)
	// Confirm completes a second step and reports the new state.
	Confirm(ctx context.Context, ref string, r Request) (Outcome, error)
	// Refund gives amount back; key makes a retried call refund once.
	Refund(ctx context.Context, ref string, amount int64, currency, key string) (string, error)
	// Cancel abandons a payment that expired. An error may mean that it
	// can no longer be cancelled (it succeeded meanwhile): ask Lookup.
	Cancel(ctx context.Context, ref string) error
	// Lookup reports what the provider knows of a payment now: by ref when
	// it was recorded, else by the request's PaymentID (a crash may have
	// come between the provider's answer and its record). ErrUnknown: the
	// provider has no such payment, or cannot say.
	Lookup(ctx context.Context, ref string, r Request) (Outcome, error)
}

// ErrNotConfirmable is returned by Confirm for a provider with no second step.
var ErrNotConfirmable = errors.New("this payment has no second step")

// ErrUnknown is returned by Lookup when the provider knows nothing of the
// payment (or keeps no state to ask).
var ErrUnknown = errors.New("the provider knows no such payment")

// IdempotencyKey is the provider key of a checkout attempt: one per
// payment row, which checkout writes once per attempt.
func IdempotencyKey(paymentID pulid.ID) string { return "comptoir-" + string(paymentID) }

// Providers is the set of enabled providers by name.
type Providers map[string]Provider

// NewProviders returns the providers: manual and test always, plus the
// given extra ones (Stripe when configured).
func NewProviders(extra ...Provider) Providers {
	ps := Providers{}
	for _, p := range append([]Provider{Manual{}, Test{}}, extra...) {
		ps[p.Name()] = p
	}
	return ps
}
