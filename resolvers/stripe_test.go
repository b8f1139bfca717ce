package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/orderevent"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/payment/stripetest"
	"github.com/comptoir/comptoir/internal/testdb"
)

const whsec = "whsec_test_secret"

// stripeWorld is a world whose server pays through Stripe, here a local
// server speaking Stripe's API.
func stripeWorld(t *testing.T, st *testdb.Store) (*world, *stripetest.Server) {
	fake := stripetest.New(whsec)
	t.Cleanup(fake.Close)
	w := newWorld(t, st, apitest.Config(func(c *config.Config) {
		c.StripeSecretKey, c.StripeWebhookSecret, c.StripeAPIURL = "sk_test_comptoir", whsec, fake.URL
	}))
	return w, fake
}

func events(t *testing.T, w *world, orderID, typ string) int {
	return w.st.Client.OrderEvent.Query().Where(orderevent.OrderID(pulid.ID(orderID)), orderevent.Type(typ)).CountX(context.Background())
}

// A webhook racing checkoutComplete: Stripe reports success to the webhook
// before it answers checkout. One order, one capture.
func TestStripeWebhookRacingCheckout(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w, fake := stripeWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		delivered := 0
		fake.OnSucceeded = func(in *stripetest.Intent) {
			code, err := fake.Deliver(w.c.URL+"/webhooks/stripe", stripetest.Event("evt_race_"+in.ID, "payment_intent.succeeded", in))
			if err != nil || code != 200 {
				t.Errorf("webhook: %d %v", code, err)
			}
			delivered++
		}
		c := readyCart(t, w, "customer", v, 1, s)
		d := checkoutAs(t, w, "customer", c, key("stripe", 1), "stripe", "pm_card_visa")
		o := str(d, "checkoutComplete.order.id")
		if str(d, "checkoutComplete.order.status") != "PAID" || str(d, "checkoutComplete.payment.status") != "CAPTURED" || delivered != 1 {
			t.Fatalf("checkout: %v (webhooks %d)", d, delivered)
		}
		if n := events(t, w, o, "PAYMENT_CAPTURED"); n != 1 {
			t.Fatalf("%d captures recorded, want 1", n)
		}
		p := st.Client.Payment.Query().Where(entpayment.OrderID(pulid.ID(o))).OnlyX(context.Background())
		if p.CapturedAmount != p.Amount || !strings.HasPrefix(p.ProviderRef, "pi_test_") || fake.Creates != 1 {
			t.Fatalf("payment %+v, %d intents", p, fake.Creates)
		}
		if on, res := stock(t, w, v); on != 4 || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}
		// Stripe redelivers: nothing changes.
		code, _ := fake.Deliver(w.c.URL+"/webhooks/stripe", stripetest.Event("evt_race_"+p.ProviderRef, "payment_intent.succeeded", ptr(fake.Intent(p.ProviderRef))))
		if code != 200 || events(t, w, o, "PAYMENT_CAPTURED") != 1 {
			t.Fatalf("redelivery: %d", code)
		}
		// A refund goes through Stripe, once per key.
		const refund = `mutation($in: RefundCreateInput!) { refundCreate(input: $in) { refund { id status } userErrors { code message } } }`
		in := map[string]any{"in": map[string]any{"orderId": o, "idempotencyKey": "stripe-refund-1", "amount": "2.00"}}
		for i := 0; i < 2; i++ {
			d, e := gql(t, w, "admin", refund, in)
			if str(mustOK(t, d, e, "refundCreate"), "refund.status") != "SUCCEEDED" {
				t.Fatalf("refund: %v", d)
			}
		}
		if fake.Refunds != 1 {
			t.Fatalf("%d refunds at Stripe, want 1", fake.Refunds)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestStripeDeclineAndSecondStep(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w, fake := stripeWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		c := readyCart(t, w, "anonymous", v, 1, s)
		if d := checkoutAs(t, w, "anonymous", c, key("decl", 1), "stripe", "pm_card_chargeDeclined"); userCodes(d, "checkoutComplete") != "PAYMENT_DECLINED" ||
			!strings.Contains(str(d, "checkoutComplete.userErrors.0.message"), "Your card was declined") {
			t.Fatalf("decline: %v", d)
		}
		d := checkoutAs(t, w, "anonymous", c, key("decl", 2), "stripe", "pm_card_threeDSecure2Required")
		o := str(d, "checkoutComplete.order.id")
		if str(d, "checkoutComplete.payment.nextAction") != "CONFIRM" || !strings.HasSuffix(str(d, "checkoutComplete.payment.clientSecret"), "_secret_x") {
			t.Fatalf("3DS: %v", d)
		}
		const confirm = `mutation($id: ID!, $t: String) { paymentConfirm(input: {orderId: $id, accessToken: $t}) { order { status } userErrors { code } } }`
		tok := str(d, "checkoutComplete.orderAccessToken")
		// Not yet authenticated at Stripe: still pending.
		dd, e := gql(t, w, "anonymous", confirm, map[string]any{"id": o, "t": tok})
		if str(mustOK(t, dd, e, "paymentConfirm"), "order.status") != "PENDING_PAYMENT" {
			t.Fatalf("early confirm: %v", dd)
		}
		p := st.Client.Payment.Query().Where(entpayment.OrderID(pulid.ID(o))).OnlyX(context.Background())
		fake.Succeed(p.ProviderRef)
		dd, e = gql(t, w, "anonymous", confirm, map[string]any{"id": o, "t": tok})
		if str(mustOK(t, dd, e, "paymentConfirm"), "order.status") != "PAID" {
			t.Fatalf("confirm: %v", dd)
		}

		// A failure reported by webhook cancels a pending order and frees its stock.
		c2 := readyCart(t, w, "anonymous", v, 2, s)
		d = checkoutAs(t, w, "anonymous", c2, key("decl", 3), "stripe", "pm_card_threeDSecure2Required")
		o2 := str(d, "checkoutComplete.order.id")
		p2 := st.Client.Payment.Query().Where(entpayment.OrderID(pulid.ID(o2))).OnlyX(context.Background())
		in := fake.Intent(p2.ProviderRef)
		in.Status = "requires_payment_method"
		if code, _ := fake.Deliver(w.c.URL+"/webhooks/stripe", stripetest.Event("evt_fail_1", "payment_intent.payment_failed", &in)); code != 200 {
			t.Fatalf("failure webhook: %d", code)
		}
		dd, _ = gql(t, w, "anonymous", `query($id: ID!) { order(id: $id, email: "buyer@example.com") { status paymentStatus } }`, map[string]any{"id": o2})
		if str(dd, "order.status") != "CANCELLED" || str(dd, "order.paymentStatus") != "FAILED" {
			t.Fatalf("after failure webhook: %v", dd)
		}
		if _, res := stock(t, w, v); res != 0 {
			t.Fatalf("reserved %d after failure", res)
		}
	})
}

// The webhook endpoint checks Stripe-Signature: HMAC-SHA256 of "t.body"
// with the endpoint secret, any of several v1 values, within 5 minutes
// either way.
func TestStripeWebhookSignature(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	w, _ := stripeWorld(t, st)
	body := stripetest.Event("evt_sig_1", "payment_intent.succeeded", &stripetest.Intent{ID: "pi_x", Object: "payment_intent", Status: "succeeded", Metadata: map[string]string{"comptoir_payment_id": "pay_01JZZZZZZZZZZZZZZZZZZZZZZZ"}})
	post := func(b []byte, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, w.c.URL+"/webhooks/stripe", bytes.NewReader(b))
		if sig != "" {
			req.Header.Set("Stripe-Signature", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	now := time.Now()
	cases := []struct {
		name string
		body []byte
		sig  string
		want int
	}{
		{"no signature", body, "", 400},
		{"wrong secret", body, stripetest.Sign(body, now, "whsec_other"), 400},
		{"tampered body", append([]byte(" "), body...), stripetest.Sign(body, now, whsec), 400},
		{"six minutes old", body, stripetest.Sign(body, now.Add(-6*time.Minute), whsec), 400},
		{"several v1, one right", body, stripetest.Sign(body, now, "whsec_old", whsec), 200},
		{"four minutes old", body, stripetest.Sign(body, now.Add(-4*time.Minute), whsec), 200},
		{"six minutes ahead", body, stripetest.Sign(body, now.Add(6*time.Minute), whsec), 400},
		{"a year ahead", body, stripetest.Sign(body, now.Add(365*24*time.Hour), whsec), 400},
		{"four minutes ahead", body, stripetest.Sign(body, now.Add(4*time.Minute), whsec), 200},
	}
	for _, c := range cases {
		if got := post(c.body, c.sig); got != c.want {
			t.Errorf("%s: HTTP %d, want %d", c.name, got, c.want)
		}
	}
	// Processed once: the event is recorded a single time.
	ok, err := w.c.Server.Orders().Processed(context.Background(), "stripe", "evt_sig_1")
	if err != nil || !ok {
		t.Fatalf("event not recorded: %v", err)
	}
}

// A signed event is applied only when its PaymentIntent is the payment's:
// another intent naming our payment in its metadata, or the right one with
// another amount or currency, is refused and changes nothing.
func TestStripeWebhookMustMatchThePayment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w, fake := stripeWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		c := readyCart(t, w, "anonymous", v, 1, s)
		d := checkoutAs(t, w, "anonymous", c, key("match", 1), "stripe", "pm_card_threeDSecure2Required")
		o := str(d, "checkoutComplete.order.id")
		p := st.Client.Payment.Query().Where(entpayment.OrderID(pulid.ID(o))).OnlyX(context.Background())
		right := fake.Intent(p.ProviderRef)
		right.Status = "succeeded"
		stranger, amount, currency := right, right, right
		stranger.ID = "pi_someone_else"
		amount.Amount = right.Amount - 1
		currency.Currency = "usd"
		for i, in := range []stripetest.Intent{stranger, amount, currency} {
			code, err := fake.Deliver(w.c.URL+"/webhooks/stripe", stripetest.Event(fmt.Sprintf("evt_mismatch_%d", i), "payment_intent.succeeded", &in))
			if err != nil || code != http.StatusBadRequest {
				t.Fatalf("mismatch %d (%s %d %s): HTTP %d %v", i, in.ID, in.Amount, in.Currency, code, err)
			}
		}
		if got := st.Client.Payment.GetX(context.Background(), p.ID); got.Status != entpayment.StatusPENDING || got.ProviderRef != p.ProviderRef {
			t.Fatalf("after mismatched events: %+v", got)
		}
		if code, _ := fake.Deliver(w.c.URL+"/webhooks/stripe", stripetest.Event("evt_match", "payment_intent.succeeded", &right)); code != 200 {
			t.Fatalf("matching event: HTTP %d", code)
		}
		if got := st.Client.Payment.GetX(context.Background(), p.ID); got.Status != entpayment.StatusCAPTURED {
			t.Fatalf("after the matching event: %+v", got)
		}
	})
}
