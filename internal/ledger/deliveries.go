package ledger

import (
	"context"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// ownDeliveryBefore holds for lines whose seller has a parcel of the order
// delivered by t: lines waiting on another seller's parcel are not picked
// (they would crowd the batch out).
func ownDeliveryBefore(t time.Time) predicate.OrderLine {
	return predicate.OrderLine(func(s *entsql.Selector) {
		f := entsql.Table(fulfillment.Table)
		s.Where(entsql.Exists(entsql.Dialect(s.Dialect()).Select(f.C(fulfillment.FieldID)).From(f).Where(entsql.And(
			entsql.ColumnsEQ(f.C(fulfillment.FieldOrderID), s.C(orderline.FieldOrderID)),
			entsql.ColumnsEQ(f.C(fulfillment.FieldSellerID), s.C(orderline.FieldSellerID)),
			entsql.EQ(f.C(fulfillment.FieldStatus), fulfillment.StatusDELIVERED),
			entsql.LTE(f.C(fulfillment.FieldDeliveredAt), t),
		))))
	})
}

// deliveries sums the delivered quantities of the orders' lines and when
// each line was last delivered.
func deliveries(ctx context.Context, c *ent.Client, orderIDs []pulid.ID) (map[pulid.ID]int, map[pulid.ID]time.Time, error) {
	fus, err := c.Fulfillment.Query().Where(fulfillment.OrderIDIn(orderIDs...), fulfillment.StatusEQ(fulfillment.StatusDELIVERED)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	qty, last := map[pulid.ID]int{}, map[pulid.ID]time.Time{}
	for _, f := range fus {
		for _, fl := range f.Lines {
			qty[fl.OrderLineID] += fl.Quantity
			if f.DeliveredAt != nil && f.DeliveredAt.After(last[fl.OrderLineID]) {
				last[fl.OrderLineID] = *f.DeliveredAt
			}
		}
	}
	return qty, last, nil
}
