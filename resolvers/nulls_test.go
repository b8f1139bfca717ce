package resolvers_test

import (
	"testing"

	"github.com/comptoir/comptoir/internal/testdb"
)

// TestPaymentAbsentTextIsNull: a payment with no client secret or failure
// reason answers null for them, not "" (the store keeps "" for absent text).
func TestPaymentAbsentTextIsNull(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		const read = `query($id: ID!) { order(id: $id) { payments { status clientSecret failureReason } } }`

		paid := checkoutAs(t, w, "anonymous", readyCart(t, w, "anonymous", v, 1, s), key("nulls", 1), "test", "tok_success")
		d, e := gql(t, w, "admin", read, map[string]any{"id": str(paid, "checkoutComplete.order.id")})
		if len(e) > 0 {
			t.Fatalf("read paid order: %v", e)
		}
		p, _ := get(d, "order.payments.0").(map[string]any)
		if p == nil || p["status"] != "CAPTURED" {
			t.Fatalf("paid order payments: %v", d)
		}
		for _, f := range []string{"clientSecret", "failureReason"} {
			if val, ok := p[f]; !ok || val != nil {
				t.Errorf("captured payment %s = %#v (present %v), want null", f, val, ok)
			}
		}
		if pay, _ := get(paid, "checkoutComplete.payment").(map[string]any); pay == nil || pay["clientSecret"] != nil {
			t.Errorf("checkoutComplete payment clientSecret = %#v, want null", pay)
		}

		// A pending second step has a secret and still no failure reason.
		pending := checkoutAs(t, w, "anonymous", readyCart(t, w, "anonymous", v, 1, s), key("nulls", 2), "test", "tok_confirm")
		d, e = gql(t, w, "admin", read, map[string]any{"id": str(pending, "checkoutComplete.order.id")})
		if len(e) > 0 {
			t.Fatalf("read pending order: %v", e)
		}
		if str(d, "order.payments.0.clientSecret") == "" || get(d, "order.payments.0.failureReason") != nil {
			t.Fatalf("pending payment: %v", d)
		}
	})
}
