package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/outbox"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// An event commits or rolls back with its change; the dispatcher publishes
// committed events once and marks them.
func TestOutboxPublishesCommittedEventsOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		broker := pubsub.NewMemory()
		sub := broker.Hub().Subscribe("all")
		defer sub.Close()
		d := outbox.New(st.Background(), broker, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour)
		o := st.Client.Order.Create().SetNumber(1).SetEmail("a@b.c").SetCartID(pulid.New("crt")).SetIdempotencyKey("k-0000001").
			SetCurrency("EUR").SetSubtotal(100).SetTotal(100).SaveX(ctx)

		// A change that rolls back takes its event with it.
		err := st.WithTx(ctx, func(tx *ent.Tx) error {
			tx.Order.UpdateOneID(o.ID).SetStatus("PAID").ExecX(ctx)
			tx.OrderEvent.Create().SetOrderID(o.ID).SetType("PAYMENT_CAPTURED").ExecX(ctx)
			return errors.New("the payment step failed")
		})
		if err == nil {
			t.Fatal("expected the rollback")
		}
		if n, err := d.Drain(ctx); err != nil || n != 0 || len(sub.C) != 0 {
			t.Fatalf("rolled back: published %d (%v)", n, err)
		}
		// A committed one is published, once.
		ev := st.Client.OrderEvent.Create().SetOrderID(o.ID).SetType("CANCELLED").SaveX(ctx)
		if n, err := d.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("published %d (%v)", n, err)
		}
		if m := <-sub.C; m.ID != string(ev.ID) || m.OrderID != string(o.ID) || m.Type != "CANCELLED" {
			t.Fatalf("message %+v", m)
		}
		if n, _ := d.Drain(ctx); n != 0 {
			t.Fatalf("republished %d", n)
		}
		if st.Client.OrderEvent.Query().Where(orderevent.PublishedAtIsNil()).CountX(ctx) != 0 {
			t.Fatal("the event was not marked published")
		}
	})
}
