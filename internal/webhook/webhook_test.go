package webhook_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// A failing endpoint is retried after an exponential backoff with jitter,
// until it answers 2xx or 24 hours have passed.
func TestDeliveriesRetryWithBackoffFor24Hours(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		var calls, failFirst atomic.Int32
		failFirst.Store(2)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			if failFirst.Add(-1) >= 0 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}))
		defer srv.Close()
		now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
		ep := st.Client.WebhookEndpoint.Create().SetURL(srv.URL).SetEventTypes([]string{"order.placed"}).SetSecret("0123456789abcdef").SaveX(ctx)
		del := st.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID("oev_1").SetEventType("order.placed").
			SetPayload(`{"id":"oev_1"}`).SetNextAttemptAt(now).SetCreatedAt(now).SaveX(ctx)
		d := &webhook.Deliverer{St: st, HTTP: webhook.Client(webhook.Reach{Loopback: true}), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Now: func() time.Time { return now }, Jitter: func() float64 { return 0.5 }}

		for i, wantWait := range []time.Duration{30 * time.Second, 60 * time.Second} {
			if ok, err := d.DeliverOne(ctx); !ok || err != nil {
				t.Fatalf("attempt %d: %v %v", i+1, ok, err)
			}
			got := st.Client.WebhookDelivery.GetX(ctx, del.ID)
			if got.Status != webhookdelivery.StatusPENDING || got.LastStatusCode != 503 || !got.NextAttemptAt.Equal(now.Add(wantWait)) {
				t.Fatalf("after attempt %d: %+v", i+1, got)
			}
			if ok, _ := d.DeliverOne(ctx); ok {
				t.Fatal("retried before its time")
			}
			now = now.Add(wantWait)
		}
		if ok, err := d.DeliverOne(ctx); !ok || err != nil {
			t.Fatal(err)
		}
		if got := st.Client.WebhookDelivery.GetX(ctx, del.ID); got.Status != webhookdelivery.StatusDELIVERED || got.Attempts != 3 || calls.Load() != 3 {
			t.Fatalf("delivered: %+v after %d calls", got, calls.Load())
		}

		// Past 24 hours a failing delivery gives up.
		failFirst.Store(100)
		late := st.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID("oev_2").SetEventType("order.placed").
			SetPayload(`{}`).SetNextAttemptAt(now).SetCreatedAt(now.Add(-24 * time.Hour)).SaveX(ctx)
		if ok, err := d.DeliverOne(ctx); !ok || err != nil {
			t.Fatal(err)
		}
		if got := st.Client.WebhookDelivery.GetX(ctx, late.ID); got.Status != webhookdelivery.StatusFAILED || got.LastError != "HTTP 503" {
			t.Fatalf("late: %+v", got)
		}
	})
}

func TestBackoffGrowsAndJitters(t *testing.T) {
	d := &webhook.Deliverer{Jitter: func() float64 { return 0 }}
	if d.Backoff(0) != 24*time.Second || d.Backoff(1) != 48*time.Second || d.Backoff(20) != 48*time.Minute {
		t.Fatalf("%v %v %v", d.Backoff(0), d.Backoff(1), d.Backoff(20))
	}
	d.Jitter = func() float64 { return 0.999 }
	if b := d.Backoff(0); b < 35*time.Second || b > 36*time.Second {
		t.Fatalf("%v", b)
	}
}

// Without an allowance the client refuses to connect to loopback at dial
// time, whatever the URL said when it was registered; the tests' loopback
// allowance lets it through.
func TestClientRefusesPrivateAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	_, err := webhook.Client(webhook.Reach{}).Get(srv.URL)
	if !errors.Is(err, webhook.ErrPrivate) {
		t.Fatalf("got %v, want ErrPrivate", err)
	}
	if resp, err := webhook.Client(webhook.Reach{Loopback: true}).Get(srv.URL); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
}
