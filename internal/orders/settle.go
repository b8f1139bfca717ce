package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/discount"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/text"
)

// Processing marks a payment whose provider call is in flight or whose
// answer was never recorded (set by checkout before it calls the provider,
// cleared when the outcome is recorded): a checkout replay resumes it, the
// reconciler asks the provider about it.
const Processing = "PROCESSING"

// open are the payment states an outcome may still change.
var open = []entpayment.Status{entpayment.StatusPENDING, entpayment.StatusAUTHORIZED}

// Settle records what a provider said about a payment, with its effects on
// the order and stock, in one transaction. It is safe to call from several
// places at once (checkout, a webhook, the buyer's confirmation, the
// sweeper): the payment row changes state by conditional update, and only
// the caller that changed it applies the effects. It reports whether this
// call changed anything.
func (s *Service) Settle(ctx context.Context, paymentID pulid.ID, o payment.Outcome, actor string) (bool, error) {
	return s.settleWith(ctx, paymentID, o, actor, nil)
}

// settleWith is Settle with more to write in the same transaction when the
// outcome changed something (an event naming who acted).
func (s *Service) settleWith(ctx context.Context, paymentID pulid.ID, o payment.Outcome, actor string, also func(tx *ent.Client, p *ent.Payment) error) (bool, error) {
	changed := false
	err := s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		p, err := tx.Payment.Get(ctx, paymentID)
		if err != nil {
			return fmt.Errorf("load payment: %w", err)
		}
		changed, err = settle(ctx, tx.Client(), p, o, actor, s.Now, nil)
		if err != nil || !changed || also == nil {
			return err
		}
		return also(tx.Client(), p)
	})
	return changed, err
}

// SettleTx is Settle inside the caller's transaction, for a payment the
// caller has just read or written, and the reservations it made (nil to
// read them).
func (s *Service) SettleTx(ctx context.Context, tx *ent.Client, p *ent.Payment, o payment.Outcome, actor string, reservations []*ent.StockReservation) (bool, error) {
	return settle(ctx, tx, p, o, actor, s.Now, reservations)
}

func settle(ctx context.Context, tx *ent.Client, p *ent.Payment, o payment.Outcome, actor string, now func() time.Time, known []*ent.StockReservation) (bool, error) {
	u := tx.Payment.Update().Where(entpayment.ID(p.ID), entpayment.StatusIn(open...))
	if o.Ref != "" {
		u.SetProviderRef(o.Ref)
	}
	switch o.Status {
	case payment.Pending:
		// Only a change is recorded: callers resuming one attempt at once
		// write its "must confirm" event once.
		n, err := u.Where(entpayment.StatusEQ(entpayment.StatusPENDING), entpayment.NextActionNEQ(o.NextAction)).SetNextAction(o.NextAction).SetClientSecret(o.ClientSecret).Save(ctx)
		if err != nil || n == 0 || o.NextAction != payment.ActionConfirm {
			return n > 0, err
		}
		return true, event(ctx, tx, p.OrderID, EventPaymentAction, actor, "the buyer must confirm the payment")
	case payment.Authorized:
		n, err := u.Where(entpayment.StatusEQ(entpayment.StatusPENDING)).SetStatus(entpayment.StatusAUTHORIZED).SetNextAction("").Save(ctx)
		if err != nil || n == 0 {
			return false, err
		}
		if err := tx.Order.Update().Where(entorder.ID(p.OrderID)).SetPaymentStatus(entorder.PaymentStatusAUTHORIZED).Exec(ctx); err != nil {
			return false, err
		}
		return true, event(ctx, tx, p.OrderID, EventPaymentAuthorized, actor, "%s authorized", fmtAmount(p.Amount, p.Currency))
	case payment.Captured:
		n, err := u.SetStatus(entpayment.StatusCAPTURED).SetCapturedAmount(p.Amount).SetNextAction("").SetClientSecret("").Save(ctx)
		if err != nil || n == 0 {
			return false, err
		}
		t := now()
		moved, err := move(ctx, tx, p.OrderID, entorder.StatusPENDING_PAYMENT, entorder.StatusPAID, func(u *ent.OrderUpdate) {
			u.SetPaymentStatus(entorder.PaymentStatusCAPTURED).SetPaidAt(t)
		})
		if err != nil {
			return false, err
		}
		if !moved {
			// The order was cancelled meanwhile (expired): the money came in
			// late. Record it; staff refund it.
			return true, event(ctx, tx, p.OrderID, EventPaymentCaptured, actor, "%s captured after the order was cancelled: refund it", fmtAmount(p.Amount, p.Currency))
		}
		if err := inventory.SettleKnown(ctx, tx, p.OrderID, known, stockreservation.StateCOMMITTED); err != nil {
			return false, err
		}
		// With the move to PAID, so that a rollback records nothing.
		if err := analytics.OrderPaid(ctx, tx, p.OrderID, t); err != nil {
			return false, err
		}
		return true, event(ctx, tx, p.OrderID, EventPaymentCaptured, actor, "%s captured", fmtAmount(p.Amount, p.Currency))
	case payment.Failed:
		n, err := u.SetStatus(entpayment.StatusFAILED).SetNextAction("").SetClientSecret("").SetFailureReason(text.Cut(o.FailureReason, text.ReasonMax)).Save(ctx)
		if err != nil || n == 0 {
			return false, err
		}
		if err := cancelUnpaid(ctx, tx, p.OrderID, now(), known); err != nil {
			return false, err
		}
		return true, event(ctx, tx, p.OrderID, EventPaymentFailed, actor, "payment failed: %s", o.FailureReason)
	}
	return false, fmt.Errorf("unknown payment status %q", o.Status)
}

// cancelUnpaid cancels an order awaiting payment and releases its stock.
func cancelUnpaid(ctx context.Context, tx *ent.Client, orderID pulid.ID, t time.Time, known []*ent.StockReservation) error {
	moved, err := move(ctx, tx, orderID, entorder.StatusPENDING_PAYMENT, entorder.StatusCANCELLED, func(u *ent.OrderUpdate) {
		u.SetPaymentStatus(entorder.PaymentStatusFAILED).SetCancelledAt(t)
	})
	if err != nil || !moved {
		return err
	}
	if err := inventory.SettleKnown(ctx, tx, orderID, known, stockreservation.StateRELEASED); err != nil {
		return err
	}
	if err := releaseDiscounts(ctx, tx, orderID); err != nil {
		return err
	}
	return event(ctx, tx, orderID, EventCancelled, "system", "cancelled: not paid; stock released")
}

// releaseDiscounts gives back the discount uses of an order that was never
// paid, so that the buyer may use the code again.
func releaseDiscounts(ctx context.Context, tx *ent.Client, orderID pulid.ID) error {
	o, err := tx.Order.Query().Where(entorder.ID(orderID)).Select(entorder.FieldDiscountCodes, entorder.FieldCustomerID, entorder.FieldEmail).Only(ctx)
	if err != nil || len(o.DiscountCodes) == 0 {
		return err
	}
	return discount.Release(ctx, tx, o.DiscountCodes, discount.CustomerKey(o.CustomerID, o.Email))
}
