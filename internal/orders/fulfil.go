package orders

import (
	"context"
	"fmt"
	"net/url"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/trackingevent"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/text"
)

// LineQuantity is a quantity of an order line.
type LineQuantity struct {
	LineID   pulid.ID
	Quantity int
}

// FulfillmentInput ships some of one seller's lines.
type FulfillmentInput struct {
	OrderID        pulid.ID
	Lines          []LineQuantity
	Carrier        string
	TrackingNumber string
	TrackingURL    string
}

// atMost is the condition column + q ≤ limitColumn.
func atMost[N int | int64](col string, q N, limitCol string) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.Ident(s.C(col)).WriteString(" + ").Arg(q).WriteString(" <= ").Ident(s.C(limitCol))
		}))
	}
}

// CreateFulfillment records a parcel sent by a seller: lines of that seller
// only, never more than is left to ship of each. Who: the seller's members
// and admins. The order moves to PROCESSING, or SHIPPED when nothing is left.
func (s *Service) CreateFulfillment(ctx context.Context, in FulfillmentInput) (*ent.Fulfillment, []apperr.UserError, error) {
	f := func(p ...string) []string { return append([]string{"input"}, p...) }
	o, err := s.st.Client.Order.Get(ctx, in.OrderID)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr(f("orderId"), CodeNotFound, "no order has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if len(in.Lines) == 0 || len(in.Lines) > 100 {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr(f("lines"), CodeInvalid, "give 1 to 100 lines")}, nil
	}
	ids := make([]pulid.ID, len(in.Lines))
	for i, l := range in.Lines {
		ids[i] = l.LineID
	}
	lines, err := s.st.Client.OrderLine.Query().Where(orderline.IDIn(ids...), orderline.OrderID(o.ID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := map[pulid.ID]*ent.OrderLine{}
	var sellerID pulid.ID
	for _, l := range lines {
		byID[l.ID] = l
		sellerID = l.SellerID
	}
	if sellerID == "" {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr(f("lines"), CodeNotFound, "no line of this order has these ids")}, nil
	}
	// Rights first: a stranger learns nothing about the lines.
	for _, l := range lines {
		if _, err := policy.ManageSeller(ctx, l.SellerID); err != nil {
			return nil, nil, err
		}
	}
	var ues []apperr.UserError
	for i, lq := range in.Lines {
		l := byID[lq.LineID]
		fp := f("lines", fmt.Sprint(i))
		switch {
		case l == nil:
			ues = append(ues, apperr.UserErr(append(fp, "orderLineId"), CodeNotFound, "the order has no line with this id"))
		case l.SellerID != sellerID:
			ues = append(ues, apperr.UserErr(append(fp, "orderLineId"), CodeInvalid, "a parcel holds one seller's lines"))
		case lq.Quantity < 1 || lq.Quantity > l.Quantity-l.FulfilledQuantity-l.RefundedQuantity:
			ues = append(ues, apperr.UserErr(append(fp, "quantity"), CodeQuantity, "quantity must be from 1 to %d (left to ship)", max(0, l.Quantity-l.FulfilledQuantity-l.RefundedQuantity)))
		}
	}
	if o.Status != entorder.StatusPAID && o.Status != entorder.StatusPROCESSING {
		ues = append(ues, illegal(o, "shipped")...)
	}
	ues = append(ues, checkTracking(in.Carrier, in.TrackingNumber, in.TrackingURL)...)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	var created *ent.Fulfillment
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		fl := make([]schema.LineQuantity, len(in.Lines))
		for i, lq := range in.Lines {
			n, err := tx.OrderLine.Update().Where(orderline.ID(lq.LineID), atMost(orderline.FieldFulfilledQuantity, lq.Quantity, orderline.FieldQuantity)).
				AddFulfilledQuantity(lq.Quantity).Save(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				ues = append(ues, apperr.UserErr(f("lines", fmt.Sprint(i), "quantity"), CodeQuantity, "this quantity was shipped meanwhile"))
				return errUserErrors
			}
			fl[i] = schema.LineQuantity{OrderLineID: lq.LineID, Quantity: lq.Quantity}
		}
		var err error
		created, err = tx.Fulfillment.Create().SetOrderID(o.ID).SetSellerID(sellerID).SetCarrier(in.Carrier).
			SetTrackingNumber(in.TrackingNumber).SetTrackingURL(in.TrackingURL).SetLines(fl).Save(ctx)
		if err != nil {
			return err
		}
		if err := tx.TrackingEvent.Create().SetFulfillmentID(created.ID).SetStatus(trackingevent.StatusSHIPPED).SetOccurredAt(s.Now()).Exec(ctx); err != nil {
			return err
		}
		if err := s.refreshFulfilment(ctx, tx.Client(), o); err != nil {
			return err
		}
		return eventRef(ctx, tx.Client(), o.ID, EventFulfilled, actorID(ctx), created.ID, "parcel shipped by %s %s", in.Carrier, in.TrackingNumber)
	})
	if err == errUserErrors {
		return nil, ues, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create fulfillment: %w", err)
	}
	// Unwrap: created belongs to the committed transaction; the payload loads its edges.
	return created.Unwrap(), nil, nil
}

var errUserErrors = fmt.Errorf("user errors")

// refreshFulfilment recomputes an order's fulfilment status from its lines
// and moves it to PROCESSING or SHIPPED.
func (s *Service) refreshFulfilment(ctx context.Context, tx *ent.Client, o *ent.Order) error {
	lines, err := tx.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(ctx)
	if err != nil {
		return err
	}
	left, shipped := 0, 0
	for _, l := range lines {
		left += l.Quantity - l.FulfilledQuantity - l.RefundedQuantity
		shipped += l.FulfilledQuantity
	}
	status := entorder.FulfillmentStatusPARTIALLY_FULFILLED
	to := entorder.StatusPROCESSING
	if left <= 0 {
		status, to = entorder.FulfillmentStatusFULFILLED, entorder.StatusSHIPPED
	} else if shipped == 0 {
		status = entorder.FulfillmentStatusUNFULFILLED
	}
	if err := tx.Order.Update().Where(entorder.ID(o.ID)).SetFulfillmentStatus(status).Exec(ctx); err != nil {
		return err
	}
	cur, err := tx.Order.Get(ctx, o.ID)
	if err != nil || cur.Status == to {
		return err
	}
	_, err = move(ctx, tx, o.ID, cur.Status, to, nil)
	return err
}

func checkTracking(carrier, number, link string) []apperr.UserError {
	var ues []apperr.UserError
	if text.TooLong(carrier, text.LabelMax) {
		ues = append(ues, apperr.UserErr([]string{"input", "carrier"}, CodeInvalid, "carrier has at most %d characters", text.LabelMax))
	}
	if text.TooLong(number, text.LabelMax) {
		ues = append(ues, apperr.UserErr([]string{"input", "trackingNumber"}, CodeInvalid, "trackingNumber has at most %d characters", text.LabelMax))
	}
	if link != "" {
		if u, err := url.Parse(link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(link) > 500 {
			ues = append(ues, apperr.UserErr([]string{"input", "trackingUrl"}, CodeInvalid, "trackingUrl must be an absolute http(s) URL of at most 500 characters"))
		}
	}
	return ues
}

// TrackingInput is a carrier's report on a parcel.
type TrackingInput struct {
	FulfillmentID pulid.ID
	Status        trackingevent.Status
	Message       string
	Location      string
	OccurredAt    *time.Time
}

// UpdateTracking appends a tracking event to a parcel. A DELIVERED event
// marks the parcel delivered, and the order DELIVERED once every parcel of
// a fully shipped order is. Who: the parcel's seller's members and admins.
func (s *Service) UpdateTracking(ctx context.Context, in TrackingInput) (*ent.Fulfillment, []apperr.UserError, error) {
	fu, err := s.st.Client.Fulfillment.Get(ctx, in.FulfillmentID)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "fulfillmentId"}, CodeNotFound, "no fulfillment has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if _, err := policy.ManageSeller(ctx, fu.SellerID); err != nil {
		return nil, nil, err
	}
	if trackingevent.StatusValidator(in.Status) != nil {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "status"}, CodeInvalid, "unknown tracking status")}, nil
	}
	if text.TooLong(in.Message, text.NoteMax) || text.TooLong(in.Location, text.NameMax) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "message"}, CodeInvalid, "message has at most %d characters, location %d", text.NoteMax, text.NameMax)}, nil
	}
	if fu.Status == fulfillment.StatusDELIVERED {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "fulfillmentId"}, CodeIllegalTransition, "this parcel was delivered already")}, nil
	}
	at := s.Now()
	if in.OccurredAt != nil {
		if in.OccurredAt.After(at.Add(5 * time.Minute)) {
			return nil, []apperr.UserError{apperr.UserErr([]string{"input", "occurredAt"}, CodeInvalid, "occurredAt is in the future")}, nil
		}
		at = *in.OccurredAt
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.TrackingEvent.Create().SetFulfillmentID(fu.ID).SetStatus(in.Status).SetMessage(in.Message).
			SetLocation(in.Location).SetOccurredAt(at).Exec(ctx); err != nil {
			return err
		}
		u := tx.Fulfillment.Update().Where(fulfillment.ID(fu.ID), fulfillment.StatusNEQ(fulfillment.StatusDELIVERED)).
			SetStatus(fulfillment.Status(in.Status))
		if in.Status == trackingevent.StatusDELIVERED {
			u.SetDeliveredAt(at)
		}
		if _, err := u.Save(ctx); err != nil {
			return err
		}
		if err := eventRef(ctx, tx.Client(), fu.OrderID, EventTracking, actorID(ctx), fu.ID, "parcel %s: %s %s", fu.TrackingNumber, in.Status, in.Message); err != nil {
			return err
		}
		if in.Status != trackingevent.StatusDELIVERED {
			return nil
		}
		undelivered, err := tx.Fulfillment.Query().Where(fulfillment.OrderID(fu.OrderID), fulfillment.StatusNEQ(fulfillment.StatusDELIVERED)).Exist(ctx)
		if err != nil || undelivered {
			return err
		}
		moved, err := move(ctx, tx.Client(), fu.OrderID, entorder.StatusSHIPPED, entorder.StatusDELIVERED, func(u *ent.OrderUpdate) { u.SetDeliveredAt(at) })
		if err != nil || !moved {
			return err
		}
		return event(ctx, tx.Client(), fu.OrderID, EventDelivered, actorID(ctx), "every parcel was delivered")
	})
	if err != nil {
		return nil, nil, fmt.Errorf("update tracking: %w", err)
	}
	fu, err = s.st.Client.Fulfillment.Get(ctx, fu.ID)
	return fu, nil, err
}
