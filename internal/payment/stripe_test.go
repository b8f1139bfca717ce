package payment_test

import (
	"errors"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/payment/stripetest"
)

// A webhook's signed timestamp must be within 5 minutes of now, before or
// after (stripe-go alone accepts any time in the future); the clock is the
// provider's, set here.
func TestStripeWebhookTimestampWindow(t *testing.T) {
	const secret = "whsec_window"
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := payment.NewStripe("sk_test_x", secret, "http://127.0.0.1:9", nil)
	s.Now = func() time.Time { return now }
	in := &stripetest.Intent{ID: "pi_1", Object: "payment_intent", Amount: 1990, Currency: "eur", Status: "succeeded",
		Metadata: map[string]string{payment.MetadataPaymentID: "pay_01JZZZZZZZZZZZZZZZZZZZZZZZ"}}
	body := stripetest.Event("evt_1", "payment_intent.succeeded", in)
	for _, c := range []struct {
		name string
		at   time.Duration
		ok   bool
	}{
		{"now", 0, true},
		{"4m59s old", -(5*time.Minute - time.Second), true},
		{"5m old", -5 * time.Minute, true},
		{"5m1s old", -(5*time.Minute + time.Second), false},
		{"4m59s ahead", 5*time.Minute - time.Second, true},
		{"5m1s ahead", 5*time.Minute + time.Second, false},
		{"a day ahead", 24 * time.Hour, false},
	} {
		ev, err := s.ParseWebhook(body, stripetest.Sign(body, now.Add(c.at), secret))
		if c.ok != (err == nil) || (!c.ok && !errors.Is(err, payment.ErrBadSignature)) {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.ok && (ev.Outcome.Ref != "pi_1" || ev.Amount != 1990 || ev.Currency != "EUR" || !ev.Relevant) {
			t.Errorf("%s: event %+v", c.name, ev)
		}
	}
	// A header without t= has no time: refused.
	sig := stripetest.Sign(body, now, secret)
	if _, err := s.ParseWebhook(body, sig[len("t=1772366400,"):]); !errors.Is(err, payment.ErrBadSignature) {
		t.Errorf("no timestamp: %v", err)
	}
}
