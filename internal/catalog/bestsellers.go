package catalog

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/worker"
)

// BestSellers keeps products.units_sold, what the BEST_SELLING sort reads:
// the units of orders paid within Window before now, less the units
// refunded. Every write recomputes the figure from the order lines rather
// than adding to it, so that the outbox's at-least-once delivery (Handle)
// and the worker's sweep (Refresh, for sales leaving the window) can run
// any number of times.
type BestSellers struct {
	St     *store.Store
	Window time.Duration
	Now    func() time.Time // nil: time.Now
	Log    *slog.Logger
	Every  time.Duration // how often Run sweeps
}

func (b *BestSellers) since() time.Time {
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	return now().Add(-b.Window).UTC()
}

// Handle is an outbox.Handler: it recomputes the products of orders paid or
// refunded in the batch, in the dispatcher's transaction (two statements).
func (b *BestSellers) Handle(ctx context.Context, tx *ent.Client, _ string, evs []*ent.OrderEvent) error {
	var ids []pulid.ID
	for _, e := range evs {
		switch e.Type {
		case orders.EventPaymentCaptured, orders.EventMarkedPaid, orders.EventRefunded:
			ids = append(ids, e.OrderID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	products, err := tx.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).
		Unique(true).Select(orderline.FieldProductID).Strings(ctx)
	if err != nil {
		return fmt.Errorf("best sellers: %w", err)
	}
	if len(products) == 0 {
		return nil
	}
	pids := make([]pulid.ID, len(products))
	for i, p := range products {
		pids[i] = pulid.ID(p)
	}
	in := make([]any, len(pids))
	for i, p := range pids {
		in[i] = string(p)
	}
	return b.recompute(ctx, tx, entsql.In(product.FieldID, in...))
}

// Refresh recomputes every product that sold within the window or still
// shows sales (one statement): sales that left the window drop out.
func (b *BestSellers) Refresh(ctx context.Context) error {
	since := b.since()
	return b.recompute(ctx, b.St.Client, entsql.Or(
		entsql.NEQ(product.FieldUnitsSold, 0),
		entsql.P(func(b *entsql.Builder) {
			b.WriteString(product.FieldID + " IN (SELECT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE ")
			paidSince(b, since)
			b.WriteString(")")
		}),
	))
}

// Job sweeps every Every (the sales leaving the window); paid and
// refunded orders are counted by Handle as they come.
func (b *BestSellers) Job() worker.Job {
	// Its own writes ring the bell: merged over Every, so it never wakes
	// itself sooner than its hourly sweep.
	return worker.Job{Name: "best sellers", Interval: b.Every, Coalesce: b.Every,
		Step: func(ctx context.Context, now time.Time, _ int) (int, time.Time, error) {
			return 0, now.Add(b.Every), b.Refresh(ctx)
		}}
}

// recompute sets units_sold of the products matched by which. It is plain
// SQL, not an ent update: a derived counter is not an edit of the product,
// so updated_at (which ent's update would bump) stays the merchant's.
func (b *BestSellers) recompute(ctx context.Context, c *ent.Client, which *entsql.Predicate) error {
	since := b.since()
	q, args := entsql.Dialect(c.Dialect()).Update(product.Table).
		Set(product.FieldUnitsSold, entsql.ExprFunc(func(b *entsql.Builder) {
			b.WriteString(fmt.Sprintf("(SELECT COALESCE(SUM(l.quantity - l.refunded_quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = %s.%s AND ",
				product.Table, product.FieldID))
			paidSince(b, since)
			b.WriteString(")")
		})).
		Where(which).Query()
	if _, err := c.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("best sellers: %w", err)
	}
	return nil
}

// paidSince writes "o was paid at or after since": SQLite keeps times as
// text with their zone, so there it compares julian days.
func paidSince(b *entsql.Builder, since time.Time) {
	if b.Dialect() == dialect.SQLite {
		b.WriteString("o.paid_at IS NOT NULL AND julianday(o.paid_at) >= julianday(").Arg(since.Format("2006-01-02 15:04:05.000000000")).WriteString(")")
		return
	}
	b.WriteString("o.paid_at IS NOT NULL AND o.paid_at >= ").Arg(since)
}
