package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/notify"
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
		d := outbox.New(st.Background(), broker, slog.New(slog.NewTextHandler(io.Discard, nil)))
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

type failingMailer struct{ sent []string }

func (f *failingMailer) Send(_ context.Context, m notify.Message) error {
	if len(f.sent) == 0 {
		f.sent = append(f.sent, "refused")
		return errors.New("451 try again later")
	}
	f.sent = append(f.sent, m.ID)
	return nil
}

// An event dispatched twice (a crash after publishing, before marking)
// enqueues its mail once; a mail the SMTP server refuses is retried later,
// then sent once with the same Message-ID.
func TestMailsAreNeitherLostNorDuplicated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		d := outbox.New(st.Background(), pubsub.NewMemory(), log)
		d.Mails, d.StorefrontURL = true, "https://shop.example"
		o := st.Client.Order.Create().SetNumber(10042).SetEmail("a@b.c").SetCartID(pulid.New("crt")).SetIdempotencyKey("k-0000002").
			SetCurrency("EUR").SetSubtotal(1000).SetTotal(1200).SaveX(ctx)
		ev := st.Client.OrderEvent.Create().SetOrderID(o.ID).SetType("PAYMENT_CAPTURED").SaveX(ctx)
		for i := 0; i < 2; i++ {
			if _, err := d.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			st.Client.OrderEvent.UpdateOneID(ev.ID).ClearPublishedAt().ExecX(ctx) // as if the mark was lost
		}
		mails := st.Client.MailOutbox.Query().AllX(ctx)
		if len(mails) != 1 || mails[0].Subject != "Your order #10042" || !strings.Contains(mails[0].Text, "12.00 EUR") {
			t.Fatalf("mails %+v", mails)
		}
		now := time.Now()
		fm := &failingMailer{}
		s := &notify.Sender{St: st.Background(), Mailer: fm, Log: log, Now: func() time.Time { return now }}
		if ok, err := s.SendOne(ctx); !ok || err != nil {
			t.Fatalf("first try: %v %v", ok, err)
		}
		if ok, _ := s.SendOne(ctx); ok {
			t.Fatal("retried before its backoff")
		}
		now = now.Add(time.Minute)
		if ok, err := s.SendOne(ctx); !ok || err != nil {
			t.Fatalf("retry: %v %v", ok, err)
		}
		m := st.Client.MailOutbox.GetX(ctx, mails[0].ID)
		if m.Status != mailoutbox.StatusSENT || m.Attempts != 2 || len(fm.sent) != 2 || fm.sent[1] != string(m.ID) {
			t.Fatalf("after retry: %+v, sent %v", m, fm.sent)
		}
		if ok, _ := s.SendOne(ctx); ok {
			t.Fatal("sent twice")
		}
	})
}
