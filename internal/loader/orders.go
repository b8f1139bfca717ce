package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/orderdiscountallocation"
	"github.com/comptoir/comptoir/ent/orderreturn"
	"github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/refund"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/trackingevent"
)

// OrderChildren batch the small lists hanging off orders (parcels,
// payments, fulfilments with their tracking, refunds, returns): a page of
// orders costs one statement per kind, not one per order.
type OrderChildren struct {
	Payments     *dataloader.Loader[pulid.ID, []*ent.Payment]
	Fulfillments *dataloader.Loader[pulid.ID, []*ent.Fulfillment]
	Refunds      *dataloader.Loader[pulid.ID, []*ent.Refund]
	Returns      *dataloader.Loader[pulid.ID, []*ent.OrderReturn]
	// Allocations are the discount allocations copied at checkout.
	Allocations *dataloader.Loader[pulid.ID, []*ent.OrderDiscountAllocation]
}

// byOrder groups rows fetched for many orders by order ID.
func byOrder[T any](fetch func(context.Context, []pulid.ID) ([]T, error), orderOf func(T) pulid.ID) dataloader.BatchFunc[pulid.ID, []T] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[[]T] {
		rows, err := fetch(ctx, keys)
		m := make(map[pulid.ID][]T, len(keys))
		for _, r := range rows {
			m[orderOf(r)] = append(m[orderOf(r)], r)
		}
		out := make([]*dataloader.Result[[]T], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[[]T]{Data: m[k], Error: err}
		}
		return out
	}
}

func newOrderChildren(c *ent.Client, tr bool) *OrderChildren {
	return &OrderChildren{
		Payments: dataloader.NewBatchedLoader(traced(tr, "payments", byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.Payment, error) {
			return c.Payment.Query().Where(payment.OrderIDIn(ids...)).Order(ent.Asc(payment.FieldCreatedAt)).All(ctx)
		}, func(r *ent.Payment) pulid.ID { return r.OrderID })), dataloader.WithWait[pulid.ID, []*ent.Payment](wait)),
		Fulfillments: dataloader.NewBatchedLoader(traced(tr, "fulfillments", byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.Fulfillment, error) {
			return c.Fulfillment.Query().Where(fulfillment.OrderIDIn(ids...)).
				WithTrackingEvents(func(q *ent.TrackingEventQuery) { q.Order(ent.Asc(trackingevent.FieldOccurredAt)) }).
				Order(ent.Asc(fulfillment.FieldCreatedAt)).All(ctx)
		}, func(r *ent.Fulfillment) pulid.ID { return r.OrderID })), dataloader.WithWait[pulid.ID, []*ent.Fulfillment](wait)),
		Refunds: dataloader.NewBatchedLoader(traced(tr, "refunds", byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.Refund, error) {
			return c.Refund.Query().Where(refund.OrderIDIn(ids...)).Order(ent.Asc(refund.FieldCreatedAt)).All(ctx)
		}, func(r *ent.Refund) pulid.ID { return r.OrderID })), dataloader.WithWait[pulid.ID, []*ent.Refund](wait)),
		Returns: dataloader.NewBatchedLoader(traced(tr, "returns", byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.OrderReturn, error) {
			return c.OrderReturn.Query().Where(orderreturn.OrderIDIn(ids...)).Order(ent.Asc(orderreturn.FieldCreatedAt)).All(ctx)
		}, func(r *ent.OrderReturn) pulid.ID { return r.OrderID })), dataloader.WithWait[pulid.ID, []*ent.OrderReturn](wait)),
		Allocations: dataloader.NewBatchedLoader(traced(tr, "discount allocations", byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.OrderDiscountAllocation, error) {
			return c.OrderDiscountAllocation.Query().Where(orderdiscountallocation.OrderIDIn(ids...)).
				Order(ent.Asc(orderdiscountallocation.FieldPosition), ent.Asc(orderdiscountallocation.FieldID)).All(ctx)
		}, func(r *ent.OrderDiscountAllocation) pulid.ID { return r.OrderID })), dataloader.WithWait[pulid.ID, []*ent.OrderDiscountAllocation](wait)),
	}
}
