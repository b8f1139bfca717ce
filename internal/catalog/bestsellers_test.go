package catalog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestBestSellersCountPaidUnitsInTheWindowIdempotently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		fx := buildCatalog(t, st, 4)
		c := st.Client
		c.Product.Update().SetUnitsSold(0).ExecX(ctx)
		a, b, stale := fx.products[1], fx.products[2], fx.products[3]
		c.Product.UpdateOneID(stale.id).SetUnitsSold(9).ExecX(ctx)
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		n := 0
		mkOrder := func(paid *time.Time, lines map[pulid.ID][2]int) *ent.Order {
			n++
			o := c.Order.Create().SetNumber(int64(n)).SetEmail("b@example.test").SetCartID(pulid.New("crt")).
				SetIdempotencyKey(fmt.Sprintf("k%d", n)).SetCurrency("EUR").SetSubtotal(0).SetTotal(0).
				SetStatus(order.StatusPAID).SetNillablePaidAt(paid).SaveX(ctx)
			for pid, q := range lines {
				c.OrderLine.Create().SetOrderID(o.ID).SetVariantID(pulid.New("var")).SetProductID(pid).
					SetSellerID(fx.sellers[0].ID).SetProductName("x").SetSku("x").SetQuantity(q[0]).SetRefundedQuantity(q[1]).
					SetUnitPrice(100).SetSubtotal(100).SetTotal(100).SaveX(ctx)
			}
			return o
		}
		recent, old := now.Add(-48*time.Hour), now.Add(-40*24*time.Hour)
		o1 := mkOrder(&recent, map[pulid.ID][2]int{a.id: {3, 1}, b.id: {2, 0}})
		o2 := mkOrder(&old, map[pulid.ID][2]int{a.id: {5, 0}})
		o3 := mkOrder(nil, map[pulid.ID][2]int{a.id: {7, 0}})
		bs := &catalog.BestSellers{St: st, Window: 30 * 24 * time.Hour, Now: func() time.Time { return now }}
		units := func() [3]int {
			var out [3]int
			for i, id := range []pulid.ID{a.id, b.id, stale.id} {
				out[i] = c.Product.Query().Where(product.ID(id)).OnlyX(ctx).UnitsSold
			}
			return out
		}
		evs := []*ent.OrderEvent{
			{Type: orders.EventPaymentCaptured, OrderID: o1.ID},
			{Type: orders.EventMarkedPaid, OrderID: o2.ID},
			{Type: orders.EventRefunded, OrderID: o3.ID},
		}
		// Delivered twice (the outbox's at-least-once): the same figures.
		for range 2 {
			if err := bs.Handle(ctx, c, st.Dialect, evs); err != nil {
				t.Fatal(err)
			}
			// a: 3 paid less 1 refunded within the window; the old and the
			// unpaid orders do not count. stale is not in these orders.
			if got := units(); got != [3]int{2, 2, 9} {
				t.Fatalf("after the outbox: %v, want [2 2 9]", got)
			}
		}
		if err := bs.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if got := units(); got != [3]int{2, 2, 0} {
			t.Fatalf("after the sweep: %v, want [2 2 0]", got)
		}
		// 29 days on, the recent order leaves the window too.
		now = now.Add(29 * 24 * time.Hour)
		if err := bs.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if got := units(); got != [3]int{0, 0, 0} {
			t.Fatalf("after the window: %v, want [0 0 0]", got)
		}
	})
}
