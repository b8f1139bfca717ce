package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
)

// NextRelease returns when Release may next find a line to release, or
// zero when no delivery can make one due: a line is released once its last
// delivery is ReturnWindow old, so the earliest delivery younger than that,
// of an order with a line not released yet, plus ReturnWindow. It may be
// early (that delivery's line may wait on another, or on its sale's
// posting), never late; new deliveries and refunds wake the settlement by
// their commits.
func (l *Ledger) NextRelease(ctx context.Context, now time.Time) (time.Time, error) {
	f, err := l.St.Client.Fulfillment.Query().Where(fulfillment.StatusEQ(fulfillment.StatusDELIVERED),
		fulfillment.DeliveredAtGT(now.Add(-l.ReturnWindow)),
		fulfillment.HasOrderWith(entorder.PaidAtNotNil(), entorder.HasLinesWith(orderline.LedgerReleasedAtIsNil()))).
		Order(ent.Asc(fulfillment.FieldDeliveredAt)).Select(fulfillment.FieldDeliveredAt).First(ctx)
	if ent.IsNotFound(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("next release: %w", err)
	}
	if f.DeliveredAt == nil {
		return time.Time{}, nil
	}
	return f.DeliveredAt.Add(l.ReturnWindow), nil
}
