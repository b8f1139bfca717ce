package ledger

import (
	"context"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

func fulfillmentDeliveredBefore(t time.Time) predicate.Fulfillment {
	return fulfillment.And(fulfillment.StatusEQ(fulfillment.StatusDELIVERED), fulfillment.DeliveredAtLTE(t))
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
