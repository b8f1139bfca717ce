package payment

import "context"

// Manual is a bank transfer or cash on delivery: nothing happens until staff
// mark the order paid.
type Manual struct{}

// Name implements Provider.
func (Manual) Name() string { return "manual" }

// Create implements Provider: the payment waits.
func (Manual) Create(_ context.Context, r Request) (Outcome, error) {
	return Outcome{Status: Pending, Ref: "manual_" + string(r.PaymentID), NextAction: ActionAwaitPayment}, nil
}

// Confirm implements Provider: a manual payment is confirmed by staff.
func (Manual) Confirm(context.Context, string, Request) (Outcome, error) {
	return Outcome{}, ErrNotConfirmable
}

// Refund implements Provider: the money goes back the way it came, outside.
func (Manual) Refund(_ context.Context, ref string, _ int64, _, key string) (string, error) {
	return "manual_refund_" + key, nil
}

// Cancel implements Provider.
func (Manual) Cancel(context.Context, string) error { return nil }

// Lookup implements Provider: a manual payment has no state outside; it
// waits for staff.
func (Manual) Lookup(_ context.Context, ref string, r Request) (Outcome, error) {
	if ref == "" {
		ref = "manual_" + string(r.PaymentID)
	}
	return Outcome{Status: Pending, Ref: ref, NextAction: ActionAwaitPayment}, nil
}
