package payment

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v85"
	"github.com/stripe/stripe-go/v85/webhook"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// MetadataPaymentID is the PaymentIntent metadata key naming our payment, so
// that a webhook arriving before checkout recorded the intent's ID still
// finds its payment.
const MetadataPaymentID = "comptoir_payment_id"

// Stripe pays through Stripe PaymentIntents (automatic capture).
type Stripe struct {
	client        *stripe.Client
	webhookSecret string
	// Now is the clock webhook timestamps are checked against (tests set
	// it; time.Now otherwise).
	Now func() time.Time
}

// NewStripe returns the Stripe provider. apiURL is "" for Stripe itself.
func NewStripe(secretKey, webhookSecret, apiURL string, hc *http.Client) *Stripe {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	cfg := &stripe.BackendConfig{HTTPClient: hc, MaxNetworkRetries: stripe.Int64(2), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelError}}
	if apiURL != "" {
		cfg.URL = stripe.String(apiURL)
	}
	return &Stripe{client: stripe.NewClient(secretKey, stripe.WithBackends(stripe.NewBackendsWithConfig(cfg))), webhookSecret: webhookSecret, Now: time.Now}
}

// Name implements Provider.
func (*Stripe) Name() string { return "stripe" }

// Create implements Provider: a confirmed PaymentIntent for the payment
// method token, under the checkout attempt's idempotency key, so that a
// repeated call gets the first intent back (Stripe keeps keys 24 hours).
func (s *Stripe) Create(ctx context.Context, r Request) (Outcome, error) {
	p := &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(r.Amount),
		Currency:           stripe.String(strings.ToLower(r.Currency)),
		PaymentMethod:      stripe.String(r.Token),
		PaymentMethodTypes: []*string{stripe.String("card")},
		Confirm:            stripe.Bool(true),
	}
	if r.Email != "" {
		p.ReceiptEmail = stripe.String(r.Email)
	}
	p.AddMetadata(MetadataPaymentID, string(r.PaymentID))
	p.AddMetadata("comptoir_order_id", string(r.OrderID))
	key := r.IdempotencyKey
	if key == "" {
		key = IdempotencyKey(r.PaymentID)
	}
	p.SetIdempotencyKey(key)
	pi, err := s.client.V1PaymentIntents.Create(ctx, p)
	return outcomeOf(pi, err)
}

// Confirm implements Provider: it reads the intent after the buyer's second
// step (the storefront completes 3-D Secure with the client secret).
func (s *Stripe) Confirm(ctx context.Context, ref string, _ Request) (Outcome, error) {
	pi, err := s.client.V1PaymentIntents.Retrieve(ctx, ref, nil)
	return outcomeOf(pi, err)
}

// Lookup implements Provider: the PaymentIntent retrieved by its ID, or,
// when the ID was never recorded, found by the payment ID in its metadata
// (Stripe's search, which may lag up to a minute behind: the reconciler
// asks only about payments older than that).
func (s *Stripe) Lookup(ctx context.Context, ref string, r Request) (Outcome, error) {
	if ref != "" {
		pi, err := s.client.V1PaymentIntents.Retrieve(ctx, ref, nil)
		var se *stripe.Error
		if errors.As(err, &se) && se.HTTPStatusCode == http.StatusNotFound {
			return Outcome{}, fmt.Errorf("%w: %s", ErrUnknown, ref)
		}
		return outcomeOf(pi, err)
	}
	p := &stripe.PaymentIntentSearchParams{SearchParams: stripe.SearchParams{
		Query: fmt.Sprintf("metadata['%s']:'%s'", MetadataPaymentID, r.PaymentID), Single: true}}
	for pi, err := range s.client.V1PaymentIntents.Search(ctx, p).All(ctx) {
		if err != nil {
			return Outcome{}, fmt.Errorf("stripe search: %w", err)
		}
		// One intent per payment: the idempotency key saw to it.
		return intentOutcome(pi), nil
	}
	return Outcome{}, fmt.Errorf("%w: no intent for %s", ErrUnknown, r.PaymentID)
}

// Refund implements Provider.
func (s *Stripe) Refund(ctx context.Context, ref string, amount int64, _, key string) (string, error) {
	p := &stripe.RefundCreateParams{PaymentIntent: stripe.String(ref), Amount: stripe.Int64(amount)}
	p.SetIdempotencyKey("comptoir-refund-" + key)
	rf, err := s.client.V1Refunds.Create(ctx, p)
	if err != nil {
		return "", fmt.Errorf("stripe refund: %w", err)
	}
	if rf.Status == stripe.RefundStatusFailed || rf.Status == stripe.RefundStatusCanceled {
		return "", fmt.Errorf("stripe refund %s: %s", rf.ID, rf.Status)
	}
	return rf.ID, nil
}

// Cancel implements Provider.
func (s *Stripe) Cancel(ctx context.Context, ref string) error {
	if ref == "" {
		return nil
	}
	_, err := s.client.V1PaymentIntents.Cancel(ctx, ref, nil)
	return err
}

// outcomeOf maps a PaymentIntent (or a card error) to an Outcome.
func outcomeOf(pi *stripe.PaymentIntent, err error) (Outcome, error) {
	var se *stripe.Error
	if errors.As(err, &se) && se.Type == stripe.ErrorTypeCard {
		o := Outcome{Status: Failed, FailureReason: se.Msg}
		if se.PaymentIntent != nil {
			o.Ref = se.PaymentIntent.ID
		}
		return o, nil
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("stripe: %w", err)
	}
	return intentOutcome(pi), nil
}

func intentOutcome(pi *stripe.PaymentIntent) Outcome {
	o := Outcome{Ref: pi.ID}
	switch pi.Status {
	case stripe.PaymentIntentStatusSucceeded:
		o.Status = Captured
	case stripe.PaymentIntentStatusRequiresCapture:
		o.Status = Authorized
	case stripe.PaymentIntentStatusRequiresAction, stripe.PaymentIntentStatusRequiresConfirmation:
		o.Status, o.NextAction, o.ClientSecret = Pending, ActionConfirm, pi.ClientSecret
	case stripe.PaymentIntentStatusProcessing:
		o.Status = Pending
	default: // requires_payment_method after a failure, canceled
		o.Status = Failed
		o.FailureReason = string(pi.Status)
		if pi.LastPaymentError != nil && pi.LastPaymentError.Msg != "" {
			o.FailureReason = pi.LastPaymentError.Msg
		}
	}
	return o
}

// Event is a provider's notification about a payment.
type Event struct {
	Provider  string
	ID        string // unique per provider: processed once
	Type      string
	PaymentID pulid.ID // ours, from the metadata
	Outcome   Outcome  // Outcome.Ref is the provider's id of the payment
	Amount    int64    // what the provider's payment is for, in minor units
	Currency  string   // ISO 4217, upper case
	Relevant  bool     // false for event types we do not act on
}

// ErrBadSignature is a webhook whose signature does not verify, or whose
// timestamp is outside WebhookTolerance.
var ErrBadSignature = errors.New("webhook signature invalid")

// ErrMismatch is an event about a payment whose provider id, amount or
// currency differ from the payment it names: it is not applied.
var ErrMismatch = errors.New("the event does not match its payment")

// WebhookTolerance is how far a webhook's signed timestamp may be from now,
// before or after: a replayed event, or one signed with a clock far ahead,
// is refused.
const WebhookTolerance = 5 * time.Minute

// ParseWebhook verifies a Stripe webhook and extracts its event. The
// signature is Stripe-Signature's HMAC-SHA256 over "t.payload" with the
// endpoint secret: any of its v1 values may match, compared in constant
// time (stripe-go's webhook package), and t must be within
// WebhookTolerance of Now, in the past or in the future (stripe-go only
// refuses the past).
func (s *Stripe) ParseWebhook(payload []byte, header string) (Event, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, header, s.webhookSecret,
		webhook.ConstructEventOptions{IgnoreTolerance: true, IgnoreAPIVersionMismatch: true})
	if err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	signed, ok := signedAt(header)
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if d := now().Sub(signed); !ok || d > WebhookTolerance || d < -WebhookTolerance {
		return Event{}, fmt.Errorf("%w: timestamp %d is more than %v away from now", ErrBadSignature, signed.Unix(), WebhookTolerance)
	}
	out := Event{Provider: "stripe", ID: ev.ID, Type: string(ev.Type)}
	switch ev.Type {
	case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.amount_capturable_updated":
	default:
		return out, nil
	}
	if ev.Data == nil {
		// Signed, but no "data" object: nothing names a payment.
		return Event{}, fmt.Errorf("stripe event %s (%s) has no data", ev.ID, ev.Type)
	}
	var pi stripe.PaymentIntent
	if err := pi.UnmarshalJSON(ev.Data.Raw); err != nil {
		return Event{}, fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	out.PaymentID = pulid.ID(pi.Metadata[MetadataPaymentID])
	out.Outcome = intentOutcome(&pi)
	out.Amount, out.Currency = pi.Amount, strings.ToUpper(string(pi.Currency))
	out.Relevant = out.PaymentID != ""
	return out, nil
}

// signedAt reads the t= timestamp of a Stripe-Signature header.
func signedAt(header string) (time.Time, bool) {
	for part := range strings.SplitSeq(header, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.Unix(n, 0), true
		}
	}
	return time.Time{}, false
}
