// Package order keeps orders after checkout: their state machine, the
// timeline written with every change, payments settling (from checkout, the
// buyer's second step, a provider's webhook, staff, or the expiry sweeper),
// fulfilment and tracking, refunds, returns and reorders.
//
// Every change is a conditional update on the row's current state inside a
// transaction that also writes the timeline event, so that two actors
// racing (a webhook and checkout, the sweeper and a late capture) change an
// order once.
package orders

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (OrderErrorCode in the schema).
const (
	CodeInvalid           = "INVALID"
	CodeNotFound          = "NOT_FOUND"
	CodeIllegalTransition = "ILLEGAL_TRANSITION"
	CodeIdempotencyReused = "IDEMPOTENCY_KEY_REUSED"
	CodeRefundTooLarge    = "REFUND_EXCEEDS_CAPTURED"
	CodeProviderError     = "PAYMENT_PROVIDER_ERROR"
	CodeQuantity          = "INVALID_QUANTITY"
	CodeReturnWindow      = "RETURN_WINDOW_CLOSED"
	CodeNotPaid           = "NOT_PAID"
)

// Config holds the order rules that are configurable.
type Config struct {
	PaymentTimeout       time.Duration
	ManualPaymentTimeout time.Duration
	ReturnWindow         time.Duration
	// ReconcileAfter is how long a card payment may stay PENDING before
	// the reconciler asks its provider about it (DefaultReconcileAfter
	// when zero).
	ReconcileAfter time.Duration
}

// DefaultReconcileAfter outlasts a provider call with its retries, so that
// the reconciler does not ask about a payment a live request is still
// waiting for, and Stripe's search (up to a minute behind) has caught up.
const DefaultReconcileAfter = 2 * time.Minute

// Service manages orders.
type Service struct {
	st        *store.Store
	providers payment.Providers
	cfg       Config
	carts     *cart.Service
	Now       func() time.Time
	// Access signs guest orders' access tokens (see AccessToken); nil
	// refuses every token.
	Access *auth.MACSigner
}

// New returns the order service.
func New(st *store.Store, providers payment.Providers, carts *cart.Service, cfg Config) *Service {
	return &Service{st: st, providers: providers, carts: carts, cfg: cfg, Now: time.Now}
}

// Providers returns the enabled payment providers.
func (s *Service) Providers() payment.Providers { return s.providers }

// Config returns the service's rules.
func (s *Service) Config() Config { return s.cfg }

// next lists the legal transitions of an order's status.
var next = map[entorder.Status][]entorder.Status{
	entorder.StatusPENDING_PAYMENT: {entorder.StatusPAID, entorder.StatusCANCELLED},
	entorder.StatusPAID:            {entorder.StatusPROCESSING, entorder.StatusSHIPPED, entorder.StatusCANCELLED, entorder.StatusREFUNDED},
	entorder.StatusPROCESSING:      {entorder.StatusSHIPPED, entorder.StatusCANCELLED, entorder.StatusREFUNDED},
	entorder.StatusSHIPPED:         {entorder.StatusDELIVERED, entorder.StatusREFUNDED},
	entorder.StatusDELIVERED:       {entorder.StatusREFUNDED},
}

// CanMove reports whether an order may go from one status to another.
func CanMove(from, to entorder.Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// move changes an order's status if it is still `from`: the WHERE clause
// holds the expected status, so a concurrent change makes it a no-op
// (false). set may add fields to the same update.
func move(ctx context.Context, tx *ent.Client, id pulid.ID, from, to entorder.Status, set func(*ent.OrderUpdate)) (bool, error) {
	if !CanMove(from, to) {
		return false, nil
	}
	u := tx.Order.Update().Where(entorder.ID(id), entorder.StatusEQ(from)).SetStatus(to)
	if set != nil {
		set(u)
	}
	n, err := u.Save(ctx)
	if err != nil {
		return false, fmt.Errorf("order %s → %s: %w", from, to, err)
	}
	return n == 1, nil
}

// illegal is the userError of a refused transition.
func illegal(o *ent.Order, what string) []apperr.UserError {
	return []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeIllegalTransition, "an order that is %s can't be %s", o.Status, what)}
}

// Event types of the timeline.
const (
	EventPlaced            = "PLACED"
	EventPaymentCaptured   = "PAYMENT_CAPTURED"
	EventPaymentAuthorized = "PAYMENT_AUTHORIZED"
	EventPaymentAction     = "PAYMENT_ACTION_REQUIRED"
	EventPaymentFailed     = "PAYMENT_FAILED"
	EventPaymentExpired    = "PAYMENT_EXPIRED"
	EventMarkedPaid        = "MARKED_PAID"
	EventCancelled         = "CANCELLED"
	EventFulfilled         = "FULFILLMENT_CREATED"
	EventTracking          = "TRACKING_UPDATED"
	EventDelivered         = "DELIVERED"
	EventRefunded          = "REFUNDED"
	EventRefundFailed      = "REFUND_FAILED"
	EventReturnRequested   = "RETURN_REQUESTED"
	EventReturnApproved    = "RETURN_APPROVED"
	EventReturnRefused     = "RETURN_REFUSED"
)

// event writes a timeline entry; callers run it in the transaction of the
// change it records.
func event(ctx context.Context, tx *ent.Client, orderID pulid.ID, typ, actor, format string, args ...any) error {
	return eventRef(ctx, tx, orderID, typ, actor, "", format, args...)
}

// eventRef writes a timeline entry about something of the order (a
// fulfillment), named by ref.
func eventRef(ctx context.Context, tx *ent.Client, orderID pulid.ID, typ, actor string, ref pulid.ID, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	msg = text.Cut(msg, text.NoteMax)
	return tx.OrderEvent.Create().SetOrderID(orderID).SetType(typ).SetActor(actor).SetMessage(msg).SetRef(string(ref)).Exec(ctx)
}

// Event is exported for checkout, which places orders.
func Event(ctx context.Context, tx *ent.Client, orderID pulid.ID, typ, actor, format string, args ...any) error {
	return event(ctx, tx, orderID, typ, actor, format, args...)
}

// NextNumber hands out the next order number inside tx: a sequence on
// PostgreSQL (no row lock held until commit), a counter row on SQLite
// (whose writers are serialized anyway).
func NextNumber(ctx context.Context, tx *ent.Tx, dia string) (int64, error) {
	q := "SELECT nextval('order_number_seq')"
	if dia == dialect.SQLite {
		q = "UPDATE counters SET value = value + 1 WHERE id = 'order_number' RETURNING value"
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("next order number: %w", err)
	}
	defer rows.Close()
	var n int64
	if !rows.Next() {
		return 0, fmt.Errorf("next order number: no row")
	}
	if err := rows.Scan(&n); err != nil {
		return 0, err
	}
	return n, rows.Err()
}

// Name is the number customers read: #10042.
func Name(o *ent.Order) string { return fmt.Sprintf("#%d", o.Number) }

// fmtAmount formats minor units with their currency for the timeline.
func fmtAmount(minor int64, currency string) string {
	c := money.Currency(currency)
	return money.Format(minor, c.Exponent()) + " " + currency
}
