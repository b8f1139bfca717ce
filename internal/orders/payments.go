package orders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/webhookevent"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/policy"
)

// latestPayment returns an order's most recent payment.
func latestPayment(ctx context.Context, c *ent.Client, orderID pulid.ID) (*ent.Payment, error) {
	p, err := c.Payment.Query().Where(entpayment.OrderID(orderID)).Order(ent.Desc(entpayment.FieldCreatedAt)).First(ctx)
	if err != nil {
		return nil, fmt.Errorf("load payment: %w", err)
	}
	return p, nil
}

// load reads an order for a staff action and checks policy.ManageOrder.
func (s *Service) load(ctx context.Context, id pulid.ID) (*ent.Order, []apperr.UserError, error) {
	o, err := s.st.Client.Order.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeNotFound, "no order has this id")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load order: %w", err)
	}
	sellers, err := lineSellers(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := policy.ManageOrder(ctx, sellers); err != nil {
		return nil, nil, err
	}
	return o, nil, nil
}

// MarkPaid records that a manual payment arrived (or captures an authorized
// one). Who: admins, or the members of the seller every line belongs to.
func (s *Service) MarkPaid(ctx context.Context, id pulid.ID) (*ent.Order, []apperr.UserError, error) {
	o, ues, err := s.load(ctx, id)
	if o == nil {
		return nil, ues, err
	}
	if o.Status != entorder.StatusPENDING_PAYMENT {
		return nil, illegal(o, "marked paid"), nil
	}
	p, err := latestPayment(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, nil, err
	}
	changed, err := s.settleWith(ctx, p.ID, payment.Outcome{Status: payment.Captured}, actorID(ctx), func(tx *ent.Client, p *ent.Payment) error {
		return event(ctx, tx, p.OrderID, EventMarkedPaid, actorID(ctx), "marked paid by staff")
	})
	if err != nil {
		return nil, nil, err
	}
	if !changed {
		return nil, illegal(o, "marked paid"), nil
	}
	o, err = s.st.Client.Order.Get(ctx, o.ID)
	return o, nil, err
}

// ConfirmPayment completes a payment's second step (3-D Secure): the
// provider is asked for the payment's state and the answer is recorded.
// Who: the buyer, as Buyer decides (a guest order takes its access token).
func (s *Service) ConfirmPayment(ctx context.Context, id pulid.ID, token *string) (*ent.Order, []apperr.UserError, error) {
	o, err := s.Buyer(ctx, id, token)
	if err != nil {
		return nil, nil, err
	}
	p, err := latestPayment(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, nil, err
	}
	if p.Status != entpayment.StatusPENDING || p.NextAction != payment.ActionConfirm {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeIllegalTransition, "this order's payment has nothing to confirm")}, nil
	}
	prov := s.providers[p.Provider]
	if prov == nil {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeProviderError, "payment provider %s is not available", p.Provider)}, nil
	}
	outcome, err := prov.Confirm(ctx, p.ProviderRef, payment.Request{PaymentID: p.ID, OrderID: o.ID, Amount: p.Amount, Currency: p.Currency})
	if errors.Is(err, payment.ErrNotConfirmable) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeIllegalTransition, "this payment has no second step")}, nil
	}
	if err != nil {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "orderId"}, CodeProviderError, "the payment provider could not be reached; try again")}, nil
	}
	if _, err := s.Settle(ctx, p.ID, outcome, "provider:"+p.Provider); err != nil {
		return nil, nil, err
	}
	o, err = s.st.Client.Order.Get(ctx, o.ID)
	return o, nil, err
}

// ApplyEvent records a provider's webhook event once: the event ID is
// inserted in the same transaction as its effects, so a redelivery (even a
// concurrent one) finds it and changes nothing. It reports whether the
// event was new.
func (s *Service) ApplyEvent(ctx context.Context, ev payment.Event) (bool, error) {
	fresh := true
	err := s.st.WithTx(ctx, func(tx *ent.Tx) error {
		// INSERT … ON CONFLICT DO NOTHING: a duplicate affects no row and
		// leaves the transaction usable (a failed insert would abort it on
		// PostgreSQL). ent's upsert does not report affected rows.
		now := s.Now()
		q, args := entsql.Dialect(s.st.Dialect).Insert(webhookevent.Table).
			Columns(webhookevent.FieldID, webhookevent.FieldCreatedAt, webhookevent.FieldUpdatedAt, webhookevent.FieldProvider, webhookevent.FieldEventID, webhookevent.FieldType).
			Values(pulid.New("whe"), now, now, ev.Provider, ev.ID, ev.Type).
			OnConflict(entsql.ConflictColumns(webhookevent.FieldProvider, webhookevent.FieldEventID), entsql.DoNothing()).Query()
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("record webhook event: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			fresh = false
			return err
		}
		if !ev.Relevant {
			return nil
		}
		p, err := tx.Payment.Get(ctx, ev.PaymentID)
		if ent.IsNotFound(err) {
			return nil // not ours (another shop on the same Stripe account)
		}
		if err != nil {
			return err
		}
		if p.Provider != ev.Provider || (p.ProviderRef != "" && p.ProviderRef != ev.Outcome.Ref) ||
			p.Amount != ev.Amount || !strings.EqualFold(p.Currency, ev.Currency) {
			return fmt.Errorf("%w: event %s (%s %d %s) for payment %s (%s %d %s)", payment.ErrMismatch,
				ev.ID, ev.Outcome.Ref, ev.Amount, ev.Currency, p.ID, p.ProviderRef, p.Amount, p.Currency)
		}
		_, err = settle(ctx, tx.Client(), p, ev.Outcome, "provider:"+ev.Provider, s.Now, nil)
		return err
	})
	if err != nil && ent.IsConstraintError(err) {
		return false, nil
	}
	return fresh, err
}

// Processed reports whether a provider event was recorded.
func (s *Service) Processed(ctx context.Context, provider, id string) (bool, error) {
	return s.st.Client.WebhookEvent.Query().Where(webhookevent.Provider(provider), webhookevent.EventID(id)).Exist(ctx)
}

// Sweep expires payments left PENDING past their deadline: each order is
// cancelled and its stock released (by Settle, so a capture racing the sweep
// wins or loses cleanly). The provider is asked first and told to cancel
// before the order is: a payment it captured (its record lost to a crash or
// a failed write) makes the order PAID instead. It returns how many
// payments expired or were found settled.
func (s *Service) Sweep(ctx context.Context, limit int) (int, error) {
	now := s.Now()
	due, err := s.st.Client.Payment.Query().
		Where(entpayment.StatusEQ(entpayment.StatusPENDING), entpayment.ExpiresAtLT(now)).
		Order(ent.Asc(entpayment.FieldExpiresAt)).Limit(limit).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("find expired payments: %w", err)
	}
	n := 0
	for _, p := range due {
		changed, err := s.conclude(ctx, p, now)
		if err != nil {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

// Reconcile asks the providers about card payments left PENDING longer
// than Config.ReconcileAfter (checkout crashed or failed to record the
// answer, a webhook was lost, the buyer left a second step) and records
// what they say: a capture makes the order PAID, a failure cancels it and
// releases its stock, and a payment past its deadline is cancelled at the
// provider, then here. Each payment is claimed by moving its updated_at to
// now with a conditional update, so that instances never ask twice at
// once and a payment still pending is asked again ReconcileAfter later.
// It returns how many payments it settled and when the next pending one
// becomes due (zero when none is pending).
func (s *Service) Reconcile(ctx context.Context, now time.Time, limit int) (n int, next time.Time, err error) {
	after := s.reconcileAfter()
	pending := []predicate.Payment{entpayment.StatusEQ(entpayment.StatusPENDING), entpayment.ProviderNEQ(payment.Manual{}.Name())}
	due, err := s.st.Client.Payment.Query().Where(pending...).Where(entpayment.UpdatedAtLT(now.Add(-after))).
		Order(ent.Asc(entpayment.FieldUpdatedAt)).Limit(limit).All(ctx)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("find payments to reconcile: %w", err)
	}
	for _, p := range due {
		claimed, err := s.st.Client.Payment.Update().Where(entpayment.ID(p.ID), entpayment.StatusEQ(entpayment.StatusPENDING),
			entpayment.UpdatedAtLT(now.Add(-after))).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return n, time.Time{}, fmt.Errorf("claim payment %s: %w", p.ID, err)
		}
		if claimed == 0 {
			continue // another instance has it
		}
		changed, err := s.conclude(ctx, p, now)
		if err != nil {
			return n, time.Time{}, fmt.Errorf("reconcile payment %s: %w", p.ID, err)
		}
		if changed {
			n++
		}
	}
	first, err := s.st.Client.Payment.Query().Where(pending...).Order(ent.Asc(entpayment.FieldUpdatedAt)).
		Select(entpayment.FieldUpdatedAt).First(ctx)
	switch {
	case ent.IsNotFound(err):
		return n, time.Time{}, nil
	case err != nil:
		return n, time.Time{}, fmt.Errorf("next payment to reconcile: %w", err)
	}
	return n, first.UpdatedAt.Add(after), nil
}

func (s *Service) reconcileAfter() time.Duration {
	if s.cfg.ReconcileAfter > 0 {
		return s.cfg.ReconcileAfter
	}
	return DefaultReconcileAfter
}

// conclude asks a pending payment's provider about it and records a final
// answer (captured, authorized, failed). A payment past its deadline that
// the provider still holds open is cancelled there first, then expired
// here; if the cancellation is refused, the provider is asked again (it
// may have succeeded meanwhile). It reports whether it changed the
// payment's status.
func (s *Service) conclude(ctx context.Context, p *ent.Payment, now time.Time) (bool, error) {
	prov := s.providers[p.Provider]
	if prov == nil {
		return false, nil // disabled since: nobody to ask
	}
	req := payment.Request{PaymentID: p.ID, OrderID: p.OrderID, Amount: p.Amount, Currency: p.Currency, IdempotencyKey: payment.IdempotencyKey(p.ID)}
	out, err := prov.Lookup(ctx, p.ProviderRef, req)
	known := err == nil
	if err != nil && !errors.Is(err, payment.ErrUnknown) {
		return false, err
	}
	if known && final(out.Status) {
		return s.Settle(ctx, p.ID, out, "system")
	}
	if !p.ExpiresAt.Before(now) {
		if known && out.Status == payment.Pending && p.NextAction == Processing {
			// Checkout died before recording the provider's first answer
			// (a second step the buyer must take): record it now.
			_, err := s.Settle(ctx, p.ID, out, "system")
			return false, err
		}
		return false, nil
	}
	ref := p.ProviderRef
	if known && out.Ref != "" {
		ref = out.Ref
	}
	if ref != "" {
		if cerr := prov.Cancel(ctx, ref); cerr != nil {
			again, err := prov.Lookup(ctx, ref, req)
			if err != nil || !final(again.Status) {
				return false, fmt.Errorf("cancel expired payment at %s: %w", p.Provider, cerr)
			}
			return s.Settle(ctx, p.ID, again, "system")
		}
	}
	return s.settleWith(ctx, p.ID, payment.Outcome{Status: payment.Failed, Ref: ref, FailureReason: "expired"}, "system", func(tx *ent.Client, p *ent.Payment) error {
		return event(ctx, tx, p.OrderID, EventPaymentExpired, "system", "payment not completed in time")
	})
}

// final reports whether a provider's answer ends a pending payment.
func final(st payment.Status) bool {
	return st == payment.Captured || st == payment.Authorized || st == payment.Failed
}

func actorID(ctx context.Context) string {
	if v, err := policy.Require(ctx, policy.Customer); err == nil {
		return string(v.Customer.ID)
	}
	return "system"
}
