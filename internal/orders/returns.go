package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/orderreturn"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/text"
)

// RequestReturn asks to send back delivered units within the return window
// (counted from each parcel's delivery). Who: the buyer, as Buyer decides
// (a guest order takes its access token).
func (s *Service) RequestReturn(ctx context.Context, id pulid.ID, token *string, lines []LineQuantity, reason string) (*ent.OrderReturn, []apperr.UserError, error) {
	o, err := s.Buyer(ctx, id, token)
	if err != nil {
		return nil, nil, err
	}
	f := func(p ...string) []string { return append([]string{"input"}, p...) }
	if len(lines) == 0 || len(lines) > 100 {
		return nil, []apperr.UserError{apperr.UserErr(f("lines"), CodeInvalid, "give 1 to 100 lines")}, nil
	}
	if text.TooLong(reason, text.NoteMax) {
		return nil, []apperr.UserError{apperr.UserErr(f("reason"), CodeInvalid, "reason has at most %d characters", text.NoteMax)}, nil
	}
	fus, err := s.st.Client.Fulfillment.Query().Where(fulfillment.OrderID(o.ID), fulfillment.StatusEQ(fulfillment.StatusDELIVERED)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	returnable := map[pulid.ID]int{} // delivered within the window
	late := map[pulid.ID]bool{}
	for _, fu := range fus {
		for _, fl := range fu.Lines {
			if fu.DeliveredAt != nil && now.Sub(*fu.DeliveredAt) <= s.cfg.ReturnWindow {
				returnable[fl.OrderLineID] += fl.Quantity
			} else {
				late[fl.OrderLineID] = true
			}
		}
	}
	pending, err := s.st.Client.OrderReturn.Query().Where(orderreturn.OrderID(o.ID), orderreturn.StatusIn(orderreturn.StatusREQUESTED, orderreturn.StatusAPPROVED)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range pending {
		for _, rl := range r.Lines {
			returnable[rl.OrderLineID] -= rl.Quantity
		}
	}
	ols, err := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range ols {
		returnable[l.ID] = min(returnable[l.ID], l.Quantity-l.RefundedQuantity)
	}
	var ues []apperr.UserError
	rls := make([]schema.LineQuantity, 0, len(lines))
	for i, lq := range lines {
		fp := f("lines", fmt.Sprint(i), "quantity")
		switch n := returnable[lq.LineID]; {
		case n <= 0 && late[lq.LineID]:
			ues = append(ues, apperr.UserErr(fp, CodeReturnWindow, "the return window of %d days has closed", int(s.cfg.ReturnWindow.Hours()/24)))
		case lq.Quantity < 1 || lq.Quantity > n:
			ues = append(ues, apperr.UserErr(fp, CodeQuantity, "quantity must be from 1 to %d (delivered and not yet returned)", max(0, n)))
		}
		rls = append(rls, schema.LineQuantity{OrderLineID: lq.LineID, Quantity: lq.Quantity})
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	var r *ent.OrderReturn
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		if r, err = tx.OrderReturn.Create().SetOrderID(o.ID).SetLines(rls).SetReason(strings.TrimSpace(reason)).Save(ctx); err != nil {
			return err
		}
		return event(ctx, tx.Client(), o.ID, EventReturnRequested, actorOrGuest(ctx), "return requested: %s", reason)
	})
	if err != nil {
		return nil, nil, err
	}
	// Unwrap: r belongs to the committed transaction; the payload loads its edges.
	return r.Unwrap(), nil, nil
}

func actorOrGuest(ctx context.Context) string {
	if a := actorID(ctx); a != "system" {
		return a
	}
	return "guest"
}

// loadReturn reads a return for a staff decision: admins, or the members
// of the seller every line of the order belongs to.
func (s *Service) loadReturn(ctx context.Context, id pulid.ID) (*ent.OrderReturn, *ent.Order, []apperr.UserError, error) {
	r, err := s.st.Client.OrderReturn.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, nil, err
		}
		return nil, nil, []apperr.UserError{apperr.UserErr([]string{"input", "returnId"}, CodeNotFound, "no return has this id")}, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	o, ues, err := s.load(ctx, r.OrderID)
	if o == nil {
		return nil, nil, ues, err
	}
	if r.Status != orderreturn.StatusREQUESTED {
		return nil, nil, []apperr.UserError{apperr.UserErr([]string{"input", "returnId"}, CodeIllegalTransition, "this return was %s already", strings.ToLower(string(r.Status)))}, nil
	}
	return r, o, nil, nil
}

// ApproveReturn accepts a return: its lines are refunded through
// CreateRefund (idempotent by the return's ID, so a retry after a provider
// failure refunds once), optionally restocked. Who: as loadReturn.
func (s *Service) ApproveReturn(ctx context.Context, id pulid.ID, restock bool, note string) (*ent.OrderReturn, []apperr.UserError, error) {
	r, o, ues, err := s.loadReturn(ctx, id)
	if r == nil {
		return nil, ues, err
	}
	lqs := make([]LineQuantity, len(r.Lines))
	for i, rl := range r.Lines {
		lqs[i] = LineQuantity{LineID: rl.OrderLineID, Quantity: rl.Quantity}
	}
	rf, ues, err := s.refund(ctx, o, RefundInput{OrderID: o.ID, IdempotencyKey: "return-" + string(r.ID), Lines: lqs, Reason: "return " + string(r.ID), Restock: restock}, false)
	if rf == nil {
		return nil, ues, err
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.OrderReturn.Update().Where(orderreturn.ID(r.ID), orderreturn.StatusEQ(orderreturn.StatusREQUESTED)).
			SetStatus(orderreturn.StatusAPPROVED).SetRefundID(rf.ID).SetDecisionNote(text.Cut(note, text.NoteMax)).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		for _, rl := range r.Lines {
			if err := tx.OrderLine.Update().Where(orderline.ID(rl.OrderLineID)).AddReturnedQuantity(rl.Quantity).Exec(ctx); err != nil {
				return err
			}
		}
		return eventRef(ctx, tx.Client(), o.ID, EventReturnApproved, actorID(ctx), rf.ID, "return approved and refunded%s", restocked(restock))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("approve return: %w", err)
	}
	r, err = s.st.Client.OrderReturn.Get(ctx, r.ID)
	return r, nil, err
}

// RefuseReturn turns a return down. Who: as loadReturn.
func (s *Service) RefuseReturn(ctx context.Context, id pulid.ID, note string) (*ent.OrderReturn, []apperr.UserError, error) {
	r, o, ues, err := s.loadReturn(ctx, id)
	if r == nil {
		return nil, ues, err
	}
	if strings.TrimSpace(note) == "" || text.TooLong(note, text.NoteMax) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "note"}, CodeInvalid, "say why, in at most %d characters", text.NoteMax)}, nil
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.OrderReturn.Update().Where(orderreturn.ID(r.ID), orderreturn.StatusEQ(orderreturn.StatusREQUESTED)).
			SetStatus(orderreturn.StatusREFUSED).SetDecisionNote(note).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		return event(ctx, tx.Client(), o.ID, EventReturnRefused, actorID(ctx), "return refused: %s", note)
	})
	if err != nil {
		return nil, nil, err
	}
	r, err = s.st.Client.OrderReturn.Get(ctx, r.ID)
	return r, nil, err
}

// Reorder puts a past order's lines into the viewer's cart (a new cart for
// a guest), capped at what is in stock; lines no longer for sale are left
// out and reported. Who: the buyer, as Buyer decides.
func (s *Service) Reorder(ctx context.Context, id pulid.ID, token *string) (*ent.Cart, []apperr.UserError, error) {
	o, err := s.Buyer(ctx, id, token)
	if err != nil {
		return nil, nil, err
	}
	ols, err := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).Order(ent.Asc(orderline.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	lines := make([]cart.LineInput, len(ols))
	for i, l := range ols {
		lines[i] = cart.LineInput{VariantID: l.VariantID, Quantity: l.Quantity}
	}
	return s.carts.Refill(ctx, lines)
}
