package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/testdb"
)

// checkoutComplete records the order's events itself for the visitor the
// storefront names (once, however often retried); the report counts them
// as conversions, and revenue by promotion comes from the discounts the
// order recorded.
func TestCheckoutRecordsOrderEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "ten", discount: {kind: PERCENTAGE, value: "10"}}) { discountCode { id } userErrors { code message } } }`, nil)
		code := str(mustOK(t, d, e, "discountCodeCreate"), "discountCode.id")
		complete := func(cartID, k, visitor string) map[string]any {
			t.Helper()
			in := map[string]any{"cartId": cartID, "idempotencyKey": k, "payment": map[string]any{"provider": "test", "token": "tok_success"}, "visitorId": visitor}
			d, e := gql(t, w, "anonymous", checkoutMutation, map[string]any{"in": in})
			if len(e) > 0 {
				t.Fatalf("checkoutComplete: %v", e)
			}
			return d
		}

		// A visitor id too long: refused, nothing placed.
		cartID := readyCart(t, w, "anonymous", v, 2, s)
		d = complete(cartID, key("ev", 1), strings.Repeat("x", 201))
		if got := fmt.Sprint(get(d, "checkoutComplete.userErrors")); !strings.Contains(got, "code:INVALID field:[input visitorId]") || get(d, "checkoutComplete.order") != nil {
			t.Fatalf("long visitor id: %v", got)
		}
		gql(t, w, "anonymous", `mutation($c: ID!) { cartDiscountCodesUpdate(input: {cartId: $c, discountCodes: ["ten"]}) { userErrors { code } } }`, map[string]any{"c": cartID})
		// Placed, paid, then retried with the same key: one of each.
		var orderID string
		for range 2 {
			d = complete(cartID, key("ev", 1), "cookie-7")
			if orderID = str(d, "checkoutComplete.order.id"); orderID == "" || str(d, "checkoutComplete.order.status") != "PAID" {
				t.Fatalf("checkout: %v", d)
			}
		}
		for _, typ := range []analyticsevent.Type{analyticsevent.TypeORDER_PLACED, analyticsevent.TypeORDER_PAID} {
			evs := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(pulid.ID(orderID)), analyticsevent.TypeEQ(typ)).AllX(ctx)
			if len(evs) != 2 || evs[0].Visitor != analytics.Digest("cookie-7") || evs[1].Visitor != evs[0].Visitor {
				t.Fatalf("%s events: %v", typ, evs)
			}
		}
		// A visitor who opted out: nothing recorded.
		d, e = gql(t, w, "anonymous", `mutation { analyticsConsentSet(input: {visitorId: "quiet", optOut: true}) { optedOut userErrors { code } } }`, nil)
		mustOK(t, d, e, "analyticsConsentSet")
		quiet := str(complete(readyCart(t, w, "anonymous", v, 1, s), key("ev", 2), "quiet"), "checkoutComplete.order.id")
		if n := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(pulid.ID(quiet))).CountX(ctx); quiet == "" || n != 0 {
			t.Fatalf("an opted-out visitor's order %q: %d events", quiet, n)
		}

		if _, err := analytics.New(st, ratelimit.NewMemory(), analytics.Config{}).Rollup(ctx); err != nil {
			t.Fatal(err)
		}
		vars := map[string]any{"from": time.Now().UTC().Add(-48 * time.Hour).Format(time.RFC3339), "to": time.Now().UTC().Add(time.Hour).Format(time.RFC3339)}
		const q = `query($from: DateTime!, $to: DateTime!, $s: ID) { shopReport(from: $from, to: $to, interval: DAY, sellerId: $s) {
			totals { sessions orders sessionOrdersPlaced sessionOrdersPaid conversionRate }
			revenueByPromotion { source promotionId title orders revenue { amount } discount { amount } } } }`
		for _, tc := range []struct {
			actor string
			scope any
		}{{"admin", nil}, {"owner", w.seller.ID}, {"admin", w.seller.ID}} {
			vars["s"] = tc.scope
			d := gqlOK(t, w, tc.actor, q, vars)
			// Two paid orders; one of a visitor recorded (the opted-out
			// one is in neither sessions nor conversions).
			if got := fmt.Sprint(get(d, "shopReport.totals")); got != "map[conversionRate:1 orders:2 sessionOrdersPaid:1 sessionOrdersPlaced:1 sessions:1]" {
				t.Fatalf("%s %v totals: %s", tc.actor, tc.scope, got)
			}
			// 2 × 10.00 less 10% is 18.00, and 20% tax: 21.60.
			want := fmt.Sprintf("[map[discount:map[amount:2.00] orders:1 promotionId:%s revenue:map[amount:21.60] source:DISCOUNT_CODE title:TEN]]", code)
			if got := fmt.Sprint(get(d, "shopReport.revenueByPromotion")); got != want {
				t.Fatalf("%s %v by promotion: %s\nwant %s", tc.actor, tc.scope, got, want)
			}
		}
		// Another seller's member, a customer and a guest read nothing.
		for _, tc := range []struct {
			actor string
			scope any
			want  string
		}{{"stranger", w.seller.ID, "FORBIDDEN"}, {"stranger", nil, "FORBIDDEN"}, {"customer", w.seller.ID, "FORBIDDEN"}, {"anonymous", nil, "UNAUTHENTICATED"}} {
			vars["s"] = tc.scope
			d, e := gql(t, w, tc.actor, q, vars)
			if strings.Join(e, ",") != tc.want || get(d, "shopReport") != nil {
				t.Fatalf("%s reads the report of %v: %v %v", tc.actor, tc.scope, d, e)
			}
		}
	})
}
