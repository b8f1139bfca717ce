package affiliate

import (
	"context"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/affiliatecommission"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/predicate"
)

// NextApproval returns when Approve will next find a commission to
// approve, or zero when none can be due without a new delivery (whose
// commit wakes the settlement): the earliest delivery younger than
// ReturnWindow among the orders with a pending commission, plus
// ReturnWindow.
func (s *Service) NextApproval(ctx context.Context, now time.Time) (time.Time, error) {
	withPending := predicate.Order(func(sel *entsql.Selector) {
		t := entsql.Table(affiliatecommission.Table)
		sel.Where(entsql.In(sel.C(entorder.FieldID), entsql.Select(t.C(affiliatecommission.FieldOrderID)).From(t).
			Where(entsql.EQ(t.C(affiliatecommission.FieldStatus), affiliatecommission.StatusPENDING))))
	})
	o, err := s.St.Client.Order.Query().Where(entorder.DeliveredAtGT(now.Add(-s.ReturnWindow)), withPending).
		Order(ent.Asc(entorder.FieldDeliveredAt)).Select(entorder.FieldDeliveredAt).First(ctx)
	if ent.IsNotFound(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("next commission approval: %w", err)
	}
	if o.DeliveredAt == nil {
		return time.Time{}, nil
	}
	return o.DeliveredAt.Add(s.ReturnWindow), nil
}
