package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/outbox"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/testdb"
)

// writingBroker writes to the database while it publishes, as a request
// does while Redis is slow or down: it succeeds only if the dispatcher holds
// no transaction (on SQLite, the write lock) around Publish.
type writingBroker struct {
	*pubsub.Memory
	st   *testdb.Store
	errs []error
}

func (b *writingBroker) Publish(ctx context.Context, msgs ...pubsub.Message) error {
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	b.errs = append(b.errs, b.st.Client.Order.Create().SetNumber(int64(100+len(b.errs))).SetEmail("w@b.c").SetCartID(pulid.New("crt")).
		SetIdempotencyKey(string(pulid.New("idk"))).SetCurrency("EUR").SetSubtotal(1).SetTotal(1).Exec(wctx))
	return b.Memory.Publish(ctx, msgs...)
}

// The broker is called outside the dispatcher's transaction: no database
// write waits on Redis (the SQLite "database is locked" of a Redis outage).
func TestPublishHoldsNoTransaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		b := &writingBroker{Memory: pubsub.NewMemory(), st: st}
		d := outbox.New(st.Background(), b, slog.New(slog.NewTextHandler(io.Discard, nil)))
		o := st.Client.Order.Create().SetNumber(1).SetEmail("a@b.c").SetCartID(pulid.New("crt")).SetIdempotencyKey("k-0000001").
			SetCurrency("EUR").SetSubtotal(100).SetTotal(100).SaveX(ctx)
		st.Client.OrderEvent.Create().SetOrderID(o.ID).SetType("CANCELLED").ExecX(ctx)
		if n, err := d.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("published %d (%v)", n, err)
		}
		if len(b.errs) != 1 || b.errs[0] != nil {
			t.Fatalf("a write during Publish: %v", b.errs)
		}
	})
}
