package resolvers_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/cartline"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderevent"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/checkout"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/payment/stripetest"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testdb"
)

// captureWorld pays through the local Stripe, with hook run between
// Stripe's answer and its record (checkout.WithBeforeRecord), and no
// background sweeper or reconciler: the tests drive them.
func captureWorld(t *testing.T, st *testdb.Store, hook func(context.Context) error) (*world, *stripetest.Server) {
	fake := stripetest.New(whsec)
	t.Cleanup(fake.Close)
	w := newWorld(t, st, apitest.Config(func(c *config.Config) {
		c.StripeSecretKey, c.StripeWebhookSecret, c.StripeAPIURL = "sk_test_comptoir", whsec, fake.URL
	}), apitest.WithServerOptions(server.WithSweepInterval(0), server.WithCheckoutOptions(checkout.WithBeforeRecord(hook))))
	return w, fake
}

// refuseFirst is a failpoint refusing the first n records, as a database
// at its connection limit does.
func refuseFirst(n int32) func(context.Context) error {
	var left atomic.Int32
	left.Store(n)
	return func(context.Context) error {
		if left.Add(-1) >= 0 {
			return errors.New("failpoint: the database refused the write")
		}
		return nil
	}
}

func stripeCheckout(t *testing.T, w *world, cartID, key, pm string) (map[string]any, []string) {
	t.Helper()
	in := map[string]any{"cartId": cartID, "idempotencyKey": key, "payment": map[string]any{"provider": "stripe", "token": pm}}
	return gql(t, w, "anonymous", checkoutMutation, map[string]any{"in": in})
}

// paymentOf reads an order's payment as stored.
func paymentOf(t *testing.T, w *world, orderID pulid.ID) (*entorder.Status, string, string) {
	t.Helper()
	ctx := context.Background()
	o := w.st.Client.Order.GetX(ctx, orderID)
	p := w.st.Client.Payment.Query().Where(entpayment.OrderID(orderID)).OnlyX(ctx)
	return &o.Status, string(p.Status), p.NextAction
}

// The write recording Stripe's capture is refused: the call fails
// (INTERNAL), the order is left PENDING_PAYMENT with the money taken. The
// retry with the same key resumes the attempt within its own request: it
// asks Stripe again under the same idempotency key (a replay, no second
// charge), records the capture and answers PAID.
func TestCheckoutResumesAfterTheRecordIsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w, fake := captureWorld(t, st, refuseFirst(1))
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		c := readyCart(t, w, "anonymous", v, 2, s)
		k := key("refused", 1)
		if _, e := stripeCheckout(t, w, c, k, "pm_card_visa"); len(e) != 1 || e[0] != "INTERNAL" {
			t.Fatalf("refused record: errors %v", e)
		}
		o := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).OnlyX(context.Background())
		if status, ps, next := paymentOf(t, w, o.ID); *status != entorder.StatusPENDING_PAYMENT || ps != "PENDING" || next != orders.Processing {
			t.Fatalf("after the refused write: order %s, payment %s/%s", *status, ps, next)
		}
		if _, captures, _ := fake.Counts(); captures != 1 {
			t.Fatalf("%d captures at Stripe before the retry, want 1", captures)
		}
		d, e := stripeCheckout(t, w, c, k, "pm_card_visa")
		p := mustOK(t, d, e, "checkoutComplete")
		if str(p, "order.status") != "PAID" || str(p, "payment.status") != "CAPTURED" || str(p, "order.id") != string(o.ID) {
			t.Fatalf("retry: %v", p)
		}
		creates, captures, _ := fake.Counts()
		if creates != 1 || captures != 1 {
			t.Fatalf("Stripe: %d intents, %d captures; want 1, 1", creates, captures)
		}
		if n := events(t, w, string(o.ID), orders.EventPaymentCaptured); n != 1 {
			t.Fatalf("%d captures recorded, want 1", n)
		}
		if on, res := stock(t, w, v); on != 3 || res != 0 {
			t.Fatalf("stock %d/%d, want 3/0", on, res)
		}
		if n := st.Client.CartLine.Query().Where(cartline.CartID(pulid.ID(c))).CountX(context.Background()); n != 0 {
			t.Fatalf("%d lines left in the cart", n)
		}
	})
}

// A retry storm: while the first call is held between Stripe's capture and
// its record, 20 calls with the same key arrive at once. Each resumes
// (Stripe replays the one intent), one records the capture, all answer the
// same PAID order; then the first call finishes and answers it too.
func TestCheckoutRetryStormCapturesOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		entered, release := make(chan struct{}), make(chan struct{})
		var first atomic.Bool
		hold := func(ctx context.Context) error {
			if first.CompareAndSwap(false, true) {
				close(entered)
				select {
				case <-release:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		}
		w, fake := captureWorld(t, st, hold)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		c := readyCart(t, w, "anonymous", v, 3, s)
		k := key("storm", 1)
		answer := func() string {
			d, e := stripeCheckout(t, w, c, k, "pm_card_visa")
			p := mustOK(t, d, e, "checkoutComplete")
			b, _ := json.Marshal(map[string]any{"order": p["order"], "payment": p["payment"]})
			return string(b)
		}
		firstAnswer := make(chan string, 1)
		go func() { firstAnswer <- answer() }()
		<-entered
		answers := make([]string, 20)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Add(1)
			go func() { defer wg.Done(); answers[i] = answer() }()
		}
		wg.Wait()
		close(release)
		answers = append(answers, <-firstAnswer)
		for i, a := range answers {
			var d map[string]any
			_ = json.Unmarshal([]byte(a), &d)
			if a != answers[0] || str(d, "order.status") != "PAID" || str(d, "payment.status") != "CAPTURED" {
				t.Fatalf("answer %d: %s (first: %s)", i, a, answers[0])
			}
		}
		creates, captures, _ := fake.Counts()
		if creates != 1 || captures != 1 {
			t.Fatalf("Stripe: %d intents, %d captures; want 1, 1", creates, captures)
		}
		o := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).AllX(context.Background())
		if len(o) != 1 || events(t, w, string(o[0].ID), orders.EventPaymentCaptured) != 1 {
			t.Fatalf("%d orders; captures recorded: %d", len(o), events(t, w, string(o[0].ID), orders.EventPaymentCaptured))
		}
		if on, res := stock(t, w, v); on != 7 || res != 0 {
			t.Fatalf("stock %d/%d, want 7/0", on, res)
		}
	})
}

// The reconciler asks Stripe about payments left pending past
// COMPTOIR_PAYMENT_RECONCILE_AFTER and records what it says: a capture
// whose record was lost (found by its payment id: the intent's id was
// never recorded), a failure whose webhook was lost, and an expiry, which
// it cancels at Stripe first. Its clock is an argument: no waiting.
func TestReconcileRecordsCapturesFailuresAndExpiries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w, fake := captureWorld(t, st, refuseFirst(1))
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		svc := w.c.Server.Orders()
		after := orders.DefaultReconcileAfter
		orderOf := func(c string) pulid.ID {
			return st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).OnlyX(ctx).ID
		}

		// A capture whose record was refused, and nobody retries.
		lost := readyCart(t, w, "anonymous", v, 1, s)
		if _, e := stripeCheckout(t, w, lost, key("rec", 1), "pm_card_visa"); len(e) != 1 {
			t.Fatalf("refused record: %v", e)
		}
		// A second step the buyer failed, its webhook lost.
		failed := readyCart(t, w, "anonymous", v, 2, s)
		d, e := stripeCheckout(t, w, failed, key("rec", 2), "pm_card_threeDSecure2Required")
		mustOK(t, d, e, "checkoutComplete")
		fake.SetStatus(st.Client.Payment.Query().Where(entpayment.OrderID(orderOf(failed))).OnlyX(ctx).ProviderRef, "requires_payment_method")
		// A second step the buyer never takes.
		left := readyCart(t, w, "anonymous", v, 3, s)
		d, e = stripeCheckout(t, w, left, key("rec", 3), "pm_card_threeDSecure2Required")
		mustOK(t, d, e, "checkoutComplete")
		if on, res := stock(t, w, v); on != 10 || res != 6 {
			t.Fatalf("stock before: %d/%d", on, res)
		}

		// Not due yet: nothing asked; the next is due after the delay.
		now := time.Now().Truncate(time.Microsecond) // as stored
		n, next, err := svc.Reconcile(ctx, now, 100)
		if _, _, searches := fake.Counts(); err != nil || n != 0 || next.Before(now) || next.After(now.Add(after)) || searches != 0 {
			t.Fatalf("early: %d settled, next %v (now %v), %d searches, %v", n, next, now, searches, err)
		}
		// Due: the capture and the failure are recorded, the third stays.
		now = now.Add(after + time.Second)
		n, next, err = svc.Reconcile(ctx, now, 100)
		if err != nil || n != 2 || !next.Equal(now.Add(after)) {
			t.Fatalf("due: %d settled, next %v, %v; want 2, %v", n, next, err, now.Add(after))
		}
		if status, ps, _ := paymentOf(t, w, orderOf(lost)); *status != entorder.StatusPAID || ps != "CAPTURED" {
			t.Fatalf("lost capture: order %s, payment %s", *status, ps)
		}
		if status, ps, _ := paymentOf(t, w, orderOf(failed)); *status != entorder.StatusCANCELLED || ps != "FAILED" {
			t.Fatalf("failed: order %s, payment %s", *status, ps)
		}
		if on, res := stock(t, w, v); on != 9 || res != 3 {
			t.Fatalf("stock after: %d/%d, want 9/3", on, res)
		}
		// Claimed: asked again only after another delay.
		if n, _, err := svc.Reconcile(ctx, now.Add(time.Second), 100); n != 0 || err != nil {
			t.Fatalf("again at once: %d, %v", n, err)
		}
		// Past its deadline: cancelled at Stripe, then here; stock released.
		now = now.Add(st.Client.Payment.Query().Where(entpayment.OrderID(orderOf(left))).OnlyX(ctx).ExpiresAt.Sub(now) + time.Second)
		n, next, err = svc.Reconcile(ctx, now, 100)
		if err != nil || n != 1 || !next.IsZero() {
			t.Fatalf("expiry: %d settled, next %v, %v", n, next, err)
		}
		p := st.Client.Payment.Query().Where(entpayment.OrderID(orderOf(left))).OnlyX(ctx)
		if status, ps, _ := paymentOf(t, w, orderOf(left)); *status != entorder.StatusCANCELLED || ps != "FAILED" || fake.Intent(p.ProviderRef).Status != "canceled" ||
			events(t, w, string(p.OrderID), orders.EventPaymentExpired) != 1 {
			t.Fatalf("expired: order %s, payment %s, intent %s", *status, ps, fake.Intent(p.ProviderRef).Status)
		}
		if on, res := stock(t, w, v); on != 9 || res != 0 {
			t.Fatalf("stock at the end: %d/%d, want 9/0", on, res)
		}
		creates, captures, _ := fake.Counts()
		if creates != 3 || captures != 1 || events(t, w, string(orderOf(lost)), orders.EventPaymentCaptured) != 1 {
			t.Fatalf("Stripe: %d intents, %d captures", creates, captures)
		}
	})
}

// A payment past its deadline that Stripe captured (the buyer passed the
// second step; its webhook was lost) is recorded PAID by the sweeper, not
// cancelled: the provider is asked before the order is expired.
func TestSweepAsksTheProviderBeforeExpiring(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w, fake := captureWorld(t, st, nil)
		s := setupShop(t, w)
		v := w.stocked(t, 4)
		c := readyCart(t, w, "anonymous", v, 1, s)
		d, e := stripeCheckout(t, w, c, key("sweep", 1), "pm_card_threeDSecure2Required")
		o := pulid.ID(str(mustOK(t, d, e, "checkoutComplete"), "order.id"))
		fake.Succeed(st.Client.Payment.Query().Where(entpayment.OrderID(o)).OnlyX(ctx).ProviderRef)
		svc := w.c.Server.Orders()
		svc.Now = func() time.Time { return time.Now().Add(24 * time.Hour) }
		defer func() { svc.Now = time.Now }()
		if n, err := svc.Sweep(ctx, 100); err != nil || n != 1 {
			t.Fatalf("sweep: %d, %v", n, err)
		}
		if status, ps, _ := paymentOf(t, w, o); *status != entorder.StatusPAID || ps != "CAPTURED" {
			t.Fatalf("order %s, payment %s; want PAID, CAPTURED", *status, ps)
		}
		if on, res := stock(t, w, v); on != 3 || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}
	})
}

// Reconcilers of several instances share the pending payments: each is
// claimed (its updated_at moved by a conditional update) by one of them,
// so Stripe is asked once per payment and each capture recorded once.
func TestReconcilersClaimEachPaymentOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		const lost = 6
		w, fake := captureWorld(t, st, refuseFirst(lost))
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		for i := range lost {
			c := readyCart(t, w, "anonymous", v, 1, s)
			if _, e := stripeCheckout(t, w, c, key("claim", i), "pm_card_visa"); len(e) != 1 {
				t.Fatalf("refused record %d: %v", i, e)
			}
		}
		svc := w.c.Server.Orders()
		now := time.Now().Add(orders.DefaultReconcileAfter + time.Second)
		var total atomic.Int32
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, _, err := svc.Reconcile(ctx, now, 100)
				if err != nil {
					t.Errorf("reconcile: %v", err)
				}
				total.Add(int32(n))
			}()
		}
		wg.Wait()
		_, captures, searches := fake.Counts()
		paid := st.Client.Order.Query().Where(entorder.StatusEQ(entorder.StatusPAID)).CountX(ctx)
		recorded := st.Client.OrderEvent.Query().Where(orderevent.Type(orders.EventPaymentCaptured)).CountX(ctx)
		if total.Load() != lost || searches != lost || captures != lost || paid != lost || recorded != lost {
			t.Fatalf("%d settled, %d searches, %d captures, %d paid, %d recorded; want %d each", total.Load(), searches, captures, paid, recorded, lost)
		}
		if on, res := stock(t, w, v); on != 20-lost || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}
	})
}

// dropAnswers passes requests to Stripe and loses the first n answers, as
// a network that breaks after the provider acted.
type dropAnswers struct{ left atomic.Int32 }

func (d *dropAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && d.left.Add(-1) >= 0 {
		resp.Body.Close()
		return nil, errors.New("connection reset after the request was served")
	}
	return resp, err
}

// Stripe captured, and its answer was lost on the way back (stripe-go's
// retries included): the buyer is told the provider could not be reached
// and to try again with the same key; the order is not cancelled. The
// retry gets the same intent back and ends PAID with one capture.
func TestCheckoutLostProviderAnswerIsResumedNotCancelled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		fake := stripetest.New(whsec)
		t.Cleanup(fake.Close)
		drop := &dropAnswers{}
		w := newWorld(t, st, apitest.Config(func(c *config.Config) {
			c.StripeSecretKey, c.StripeWebhookSecret, c.StripeAPIURL = "sk_test_comptoir", whsec, fake.URL
		}), apitest.WithServerOptions(server.WithSweepInterval(0), server.WithStripeHTTPClient(&http.Client{Transport: drop})))
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		c := readyCart(t, w, "anonymous", v, 1, s)
		drop.left.Store(3) // the call and stripe-go's two retries
		d, e := stripeCheckout(t, w, c, key("lostanswer", 1), "pm_card_visa")
		if len(e) > 0 || userCodes(d, "checkoutComplete") != "PAYMENT_PROVIDER_UNAVAILABLE" {
			t.Fatalf("lost answer: %v %v", d, e)
		}
		o := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).OnlyX(context.Background())
		if status, ps, next := paymentOf(t, w, o.ID); *status != entorder.StatusPENDING_PAYMENT || ps != "PENDING" || next != orders.Processing {
			t.Fatalf("after the lost answer: order %s, payment %s/%s", *status, ps, next)
		}
		d, e = stripeCheckout(t, w, c, key("lostanswer", 1), "pm_card_visa")
		if p := mustOK(t, d, e, "checkoutComplete"); str(p, "order.status") != "PAID" {
			t.Fatalf("retry: %v", p)
		}
		if creates, captures, _ := fake.Counts(); creates != 1 || captures != 1 {
			t.Fatalf("Stripe: %d intents, %d captures", creates, captures)
		}
		if on, res := stock(t, w, v); on != 4 || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}
	})
}
