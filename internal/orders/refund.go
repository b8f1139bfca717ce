package orders

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/refund"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/text"
)

// RefundInput asks to give money back: an amount, or lines (whose share of
// what was paid is computed), or neither for everything left.
type RefundInput struct {
	OrderID        pulid.ID
	IdempotencyKey string
	Amount         *int64
	Lines          []LineQuantity
	Reason         string
	Restock        bool
}

// hash is a digest of the request: the same key with another request is
// IDEMPOTENCY_KEY_REUSED.
func (in RefundInput) hash() string {
	b, _ := json.Marshal(struct {
		A *int64
		L []LineQuantity
		R string
		S bool
	}{in.Amount, in.Lines, in.Reason, in.Restock})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// lineShare is what a buyer paid for q units of a line: its total (after
// discounts, with tax when prices exclude it) pro rata, rounded down.
// In 128 bits (paid × q overflows before the share does).
func lineShare(o *ent.Order, l *ent.OrderLine, q int, c *money.Calc) int64 {
	paid := l.Total
	if !o.PricesIncludeTax {
		paid = c.Add(paid, l.Tax)
	}
	return c.Prorate(paid, int64(q), int64(l.Quantity))
}

// CreateRefund refunds through the payment's provider, at most what was
// captured less what was refunded: the bound is a conditional update of the
// payment, so concurrent refunds cannot exceed it. The same key with the
// same request returns the same refund. Who: admins, or the members of the
// seller every line belongs to.
func (s *Service) CreateRefund(ctx context.Context, in RefundInput) (*ent.Refund, []apperr.UserError, error) {
	o, ues, err := s.load(ctx, in.OrderID)
	if o == nil {
		return nil, ues, err
	}
	return s.refund(ctx, o, in, false)
}

// refund does CreateRefund for an order already authorized. keepStatus
// leaves the order's status alone (a cancellation refunds a CANCELLED order).
func (s *Service) refund(ctx context.Context, o *ent.Order, in RefundInput, keepStatus bool) (*ent.Refund, []apperr.UserError, error) {
	f := func(p ...string) []string { return append([]string{"input"}, p...) }
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if n := len(in.IdempotencyKey); n < 8 || n > 100 {
		return nil, []apperr.UserError{apperr.UserErr(f("idempotencyKey"), CodeInvalid, "idempotencyKey must have 8 to 100 characters")}, nil
	}
	if text.TooLong(in.Reason, text.NoteMax) {
		return nil, []apperr.UserError{apperr.UserErr(f("reason"), CodeInvalid, "reason has at most %d characters", text.NoteMax)}, nil
	}
	hash := in.hash()
	if r, err := s.st.Client.Refund.Query().Where(refund.OrderID(o.ID), refund.IdempotencyKey(in.IdempotencyKey)).Only(ctx); err == nil {
		if r.RequestHash != hash {
			return nil, []apperr.UserError{apperr.UserErr(f("idempotencyKey"), CodeIdempotencyReused, "this key was used for another refund")}, nil
		}
		return r, nil, nil
	} else if !ent.IsNotFound(err) {
		return nil, nil, err
	}
	p, err := latestPayment(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, nil, err
	}
	if p.CapturedAmount == 0 {
		return nil, []apperr.UserError{apperr.UserErr(f("orderId"), CodeNotPaid, "nothing was captured on this order")}, nil
	}
	lines, err := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := map[pulid.ID]*ent.OrderLine{}
	for _, l := range lines {
		byID[l.ID] = l
	}
	var amount int64
	var calc money.Calc
	var rlines []schema.LineQuantity
	for i, lq := range in.Lines {
		l := byID[lq.LineID]
		fp := f("lines", fmt.Sprint(i))
		switch {
		case l == nil:
			return nil, []apperr.UserError{apperr.UserErr(append(fp, "orderLineId"), CodeNotFound, "the order has no line with this id")}, nil
		case lq.Quantity < 1 || lq.Quantity > l.Quantity-l.RefundedQuantity:
			return nil, []apperr.UserError{apperr.UserErr(append(fp, "quantity"), CodeQuantity, "quantity must be from 1 to %d (not yet refunded)", max(0, l.Quantity-l.RefundedQuantity))}, nil
		}
		amount = calc.Add(amount, lineShare(o, l, lq.Quantity, &calc))
		rlines = append(rlines, schema.LineQuantity{OrderLineID: lq.LineID, Quantity: lq.Quantity})
	}
	if err := calc.Err(); err != nil {
		// The order's amounts were checked when it was placed.
		return nil, nil, fmt.Errorf("refund amount: %w", err)
	}
	switch {
	case in.Amount != nil:
		if *in.Amount <= 0 {
			return nil, []apperr.UserError{apperr.UserErr(f("amount"), CodeInvalid, "amount must be positive")}, nil
		}
		amount = *in.Amount
	case len(in.Lines) == 0:
		amount = p.CapturedAmount - p.RefundedAmount
	}
	if amount <= 0 || amount > p.CapturedAmount-p.RefundedAmount {
		return nil, []apperr.UserError{apperr.UserErr(f("amount"), CodeRefundTooLarge, "at most %s can be refunded", fmtAmount(p.CapturedAmount-p.RefundedAmount, p.Currency))}, nil
	}
	var r *ent.Refund
	var userErr []apperr.UserError
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.Payment.Update().Where(entpayment.ID(p.ID), atMost(entpayment.FieldRefundedAmount, amount, entpayment.FieldCapturedAmount)).
			AddRefundedAmount(amount).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			userErr = []apperr.UserError{apperr.UserErr(f("amount"), CodeRefundTooLarge, "more than was captured would be refunded")}
			return errUserErrors
		}
		for _, rl := range rlines {
			n, err := tx.OrderLine.Update().Where(orderline.ID(rl.OrderLineID), atMost(orderline.FieldRefundedQuantity, rl.Quantity, orderline.FieldQuantity)).
				AddRefundedQuantity(rl.Quantity).Save(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				userErr = []apperr.UserError{apperr.UserErr(f("lines"), CodeQuantity, "these units were refunded meanwhile")}
				return errUserErrors
			}
		}
		r, err = tx.Refund.Create().SetOrderID(o.ID).SetPaymentID(p.ID).SetAmount(amount).SetIdempotencyKey(in.IdempotencyKey).
			SetRequestHash(hash).SetLines(rlines).SetRestock(in.Restock).SetReason(in.Reason).Save(ctx)
		return err
	})
	switch {
	case err == errUserErrors:
		return nil, userErr, nil
	case ent.IsConstraintError(err): // the same key, concurrently: answer as a replay
		return s.refund(ctx, o, in, keepStatus)
	case err != nil:
		return nil, nil, fmt.Errorf("create refund: %w", err)
	}
	prov := s.providers[p.Provider]
	var ref string
	perr := fmt.Errorf("payment provider %s is not available", p.Provider)
	if prov != nil {
		ref, perr = prov.Refund(ctx, p.ProviderRef, amount, p.Currency, string(r.ID))
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		if perr != nil {
			// Undo the reservation of the amount and quantities.
			if err := tx.Payment.Update().Where(entpayment.ID(p.ID)).AddRefundedAmount(-amount).Exec(ctx); err != nil {
				return err
			}
			for _, rl := range rlines {
				if err := tx.OrderLine.Update().Where(orderline.ID(rl.OrderLineID)).AddRefundedQuantity(-rl.Quantity).Exec(ctx); err != nil {
					return err
				}
			}
			if err := tx.Refund.Update().Where(refund.ID(r.ID)).SetStatus(refund.StatusFAILED).SetFailureReason(text.Cut(perr.Error(), text.ReasonMax)).Exec(ctx); err != nil {
				return err
			}
			return event(ctx, tx.Client(), o.ID, EventRefundFailed, actorID(ctx), "refund of %s failed", fmtAmount(amount, p.Currency))
		}
		if err := tx.Refund.Update().Where(refund.ID(r.ID)).SetStatus(refund.StatusSUCCEEDED).SetProviderRef(ref).Exec(ctx); err != nil {
			return err
		}
		cur, err := tx.Payment.Get(ctx, p.ID)
		if err != nil {
			return err
		}
		full := cur.RefundedAmount >= cur.CapturedAmount
		ps, ops := entpayment.StatusPARTIALLY_REFUNDED, entorder.PaymentStatusPARTIALLY_REFUNDED
		if full {
			ps, ops = entpayment.StatusREFUNDED, entorder.PaymentStatusREFUNDED
		}
		if err := tx.Payment.Update().Where(entpayment.ID(p.ID)).SetStatus(ps).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Order.Update().Where(entorder.ID(o.ID)).AddRefundedTotal(amount).SetPaymentStatus(ops).Exec(ctx); err != nil {
			return err
		}
		if full && !keepStatus {
			cur, err := tx.Order.Get(ctx, o.ID)
			if err != nil {
				return err
			}
			if _, err := move(ctx, tx.Client(), o.ID, cur.Status, entorder.StatusREFUNDED, nil); err != nil {
				return err
			}
		}
		if in.Restock {
			for _, rl := range rlines {
				if err := inventory.Restock(ctx, tx.Client(), o.ID, byID[rl.OrderLineID].VariantID, rl.Quantity); err != nil {
					return err
				}
			}
		}
		return eventRef(ctx, tx.Client(), o.ID, EventRefunded, actorID(ctx), r.ID, "%s refunded%s", fmtAmount(amount, p.Currency), restocked(in.Restock))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("record refund: %w", err)
	}
	if perr != nil {
		return nil, []apperr.UserError{apperr.UserErr(f("orderId"), CodeProviderError, "the payment provider refused or could not be reached; try again with another key")}, nil
	}
	r, err = s.st.Client.Refund.Get(ctx, r.ID)
	return r, nil, err
}

func restocked(b bool) string {
	if b {
		return "; items restocked"
	}
	return ""
}

// Cancel cancels an order that has not shipped: unpaid, its stock is
// released and its payment abandoned; paid, its stock is put back and
// everything captured is refunded. Who: admins, or the members of the
// seller every line belongs to.
func (s *Service) Cancel(ctx context.Context, id pulid.ID, reason string) (*ent.Order, []apperr.UserError, error) {
	o, ues, err := s.load(ctx, id)
	if o == nil {
		return nil, ues, err
	}
	if text.TooLong(reason, text.NoteMax) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "reason"}, CodeInvalid, "reason has at most %d characters", text.NoteMax)}, nil
	}
	if !CanMove(o.Status, entorder.StatusCANCELLED) || o.FulfillmentStatus != entorder.FulfillmentStatusUNFULFILLED {
		return nil, illegal(o, "cancelled (refund or return what shipped instead)"), nil
	}
	p, err := latestPayment(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, nil, err
	}
	moved := false
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		moved, err = move(ctx, tx.Client(), o.ID, o.Status, entorder.StatusCANCELLED, func(u *ent.OrderUpdate) { u.SetCancelledAt(s.Now()) })
		if err != nil || !moved {
			return err
		}
		to := stockreservation.StateRESTOCKED
		if o.Status == entorder.StatusPENDING_PAYMENT {
			to = stockreservation.StateRELEASED
			if _, err := tx.Payment.Update().Where(entpayment.ID(p.ID), entpayment.StatusIn(open...)).
				SetStatus(entpayment.StatusFAILED).SetFailureReason("order cancelled").SetNextAction("").Save(ctx); err != nil {
				return err
			}
			if err := tx.Order.Update().Where(entorder.ID(o.ID)).SetPaymentStatus(entorder.PaymentStatusFAILED).Exec(ctx); err != nil {
				return err
			}
		}
		if err := inventory.Settle(ctx, tx.Client(), o.ID, to); err != nil {
			return err
		}
		if to == stockreservation.StateRELEASED {
			if err := releaseDiscounts(ctx, tx.Client(), o.ID); err != nil {
				return err
			}
		}
		msg := "cancelled; stock put back"
		if reason != "" {
			msg += ": " + reason
		}
		return event(ctx, tx.Client(), o.ID, EventCancelled, actorID(ctx), "%s", msg)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("cancel order: %w", err)
	}
	if !moved {
		return nil, illegal(o, "cancelled now (it changed meanwhile)"), nil
	}
	if o.Status == entorder.StatusPENDING_PAYMENT {
		if prov := s.providers[p.Provider]; prov != nil {
			_ = prov.Cancel(ctx, p.ProviderRef)
		}
	} else if p.CapturedAmount > p.RefundedAmount {
		if _, ues, err := s.refund(ctx, o, RefundInput{OrderID: o.ID, IdempotencyKey: "cancel-" + string(o.ID), Reason: "order cancelled"}, true); err != nil || len(ues) > 0 {
			return nil, ues, err
		}
	}
	o, err = s.st.Client.Order.Get(ctx, o.ID)
	return o, nil, err
}
