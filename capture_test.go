package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"syscall"
	"testing"

	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderevent"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/payment/stripetest"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testbin"
)

// SIGKILL between Stripe's capture and its record: the process dies with
// the money taken and the order PENDING_PAYMENT. Restarted on the same
// SQLite file, the buyer's retry with the same key resumes the attempt in
// its own request: Stripe replays the one intent (same idempotency key),
// the capture is recorded, the order is PAID and its stock committed.
// COMPTOIR_TEST_HOLD_BEFORE_RECORD stops the first process at that very
// moment, so the kill lands there every time.
func TestCheckoutResumesAfterSIGKILLBetweenCaptureAndRecord(t *testing.T) {
	fake := stripetest.New("whsec_kill")
	t.Cleanup(fake.Close)
	dbURL := databaseURL(t, "sqlite3")
	env := []string{"DATABASE_URL=" + dbURL, "STRIPE_SECRET_KEY=sk_test_kill", "STRIPE_WEBHOOK_SECRET=whsec_kill", "STRIPE_API_URL=" + fake.URL}
	first := start(t, append(env, "COMPTOIR_TEST_HOLD_BEFORE_RECORD=true")...)

	// A guest cart of one unit, ready to pay.
	d := first.gql(t, "", `{ products(first: 1, where: {inStock: true}) { edges { node { variants(first: 1) { edges { node { id } } } } } } }`, nil)
	variant := testbin.At(d["products"].(map[string]any)["edges"].([]any)[0], "node", "variants")
	vid := testbin.At(variant.(map[string]any)["edges"].([]any)[0], "node", "id").(string)
	c := testbin.At(first.gql(t, "", `mutation($v: ID!) { cartCreate(input: {lines: [{merchandiseId: $v, quantity: 1}]}) { cart { id } } }`, map[string]any{"v": vid}), "cartCreate", "cart", "id").(string)
	first.gql(t, "", `mutation($c: ID!) { cartBuyerIdentityUpdate(input: {cartId: $c, buyerIdentity: {email: "buyer@example.com"}}) { userErrors { code } } }`, map[string]any{"c": c})
	d = first.gql(t, "", `mutation($c: ID!) { cartShippingAddressUpdate(input: {cartId: $c, address: {address1: "1 rue", city: "Lyon", countryCode: "FR"}}) { cart { availableShippingMethods { id } } } }`, map[string]any{"c": c})
	method := testbin.At(testbin.At(d, "cartShippingAddressUpdate", "cart", "availableShippingMethods").([]any)[0], "id").(string)
	first.gql(t, "", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`, map[string]any{"c": c, "m": method})

	const complete = `mutation($c: ID!) { checkoutComplete(input: {cartId: $c, idempotencyKey: "sigkill-attempt-0001", payment: {provider: "stripe", token: "pm_card_visa"}}) {
		order { id status paymentStatus } payment { status } userErrors { code message } } }`
	body, _ := json.Marshal(map[string]any{"query": complete, "variables": map[string]any{"c": c}})
	go func() {
		// Its answer never comes: the process dies first.
		if resp, err := http.Post(first.base+"/graphql", "application/json", bytes.NewReader(body)); err == nil {
			resp.Body.Close()
		}
	}()
	first.WaitLog(t, "checkout: holding before record")
	if err := first.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Cmd.Wait()

	st, err := store.Open(context.Background(), dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	o := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).OnlyX(ctx)
	p := st.Client.Payment.Query().Where(entpayment.OrderID(o.ID)).OnlyX(ctx)
	level := func() (int, int) {
		l := st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(pulid.ID(vid))).FirstX(ctx)
		return l.OnHand, l.Reserved
	}
	onHand, reserved := level()
	creates, captures, _ := fake.Counts()
	if o.Status != entorder.StatusPENDING_PAYMENT || p.Status != entpayment.StatusPENDING || reserved != 1 || creates != 1 || captures != 1 {
		t.Fatalf("after the kill: order %s, payment %s, reserved %d, Stripe %d intents %d captures", o.Status, p.Status, reserved, creates, captures)
	}

	second := start(t, env...)
	d = second.gql(t, "", complete, map[string]any{"c": c})
	if testbin.At(d, "checkoutComplete", "order", "status") != "PAID" || testbin.At(d, "checkoutComplete", "payment", "status") != "CAPTURED" || testbin.At(d, "checkoutComplete", "order", "id") != string(o.ID) {
		t.Fatalf("retry after the restart: %v", d)
	}
	creates, captures, _ = fake.Counts()
	if creates != 1 || captures != 1 {
		t.Fatalf("Stripe: %d intents, %d captures; want 1, 1", creates, captures)
	}
	if on, res := level(); on != onHand-1 || res != reserved-1 {
		t.Fatalf("stock %d/%d → %d/%d; want %d/%d", onHand, reserved, on, res, onHand-1, reserved-1)
	}
	if n := st.Client.OrderEvent.Query().Where(orderevent.OrderID(o.ID), orderevent.Type("PAYMENT_CAPTURED")).CountX(ctx); n != 1 {
		t.Fatalf("%d captures recorded, want 1", n)
	}
	if n := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).CountX(ctx); n != 1 {
		t.Fatalf("%d orders for the cart", n)
	}
	if cs := st.Client.Cart.GetX(ctx, pulid.ID(c)).Status; cs != entcart.StatusCOMPLETED {
		t.Fatalf("cart %s", cs)
	}
}
