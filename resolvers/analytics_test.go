package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/testdb"
)

const recordEvents = `mutation($in: AnalyticsEventsRecordInput!) { analyticsEventsRecord(input: $in) {
	recorded optedOut userErrors { field code } } }`

const shopReportQuery = `query($from: DateTime!, $to: DateTime!, $s: ID) {
	shopReport(from: $from, to: $to, interval: DAY, sellerId: $s) {
		totals { sessions productViews addToCarts addToCartRate checkoutsStarted orders conversionRate revenue { amount } averageOrderValue { amount } }
		periods { start sessions }
		revenueByPromotion { promotionId title orders revenue { amount } }
		revenueBySeller { seller { id } orders revenue { amount } } }
	productPerformance(from: $from, to: $to, sellerId: $s) { product { id } views clicks addToCarts purchases revenue { amount } } }`

func event(typ string, fields map[string]any) map[string]any {
	e := map[string]any{"eventId": uuid.NewString(), "type": typ, "occurredAt": time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)}
	for k, v := range fields {
		e[k] = v
	}
	return e
}

// The storefront's events, through GraphQL, reach the shop's and the
// seller's reports once rolled up; opted-out customers are not recorded;
// strangers read nothing.
func TestAnalyticsEndToEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		p, v := w.product(t)
		send := func(actor, visitor string, evs ...any) map[string]any {
			t.Helper()
			d, e := gql(t, w, actor, recordEvents, map[string]any{"in": map[string]any{"visitorId": visitor, "events": evs}})
			return mustOK(t, d, e, "analyticsEventsRecord")
		}
		view := event("PRODUCT_VIEWED", map[string]any{"productId": p.ID, "variantId": v.ID})
		batch := []any{view, event("CART_LINE_ADDED", map[string]any{"productId": p.ID, "variantId": v.ID}),
			event("SEARCH_PERFORMED", map[string]any{"searchTerms": "Purple  Socks", "resultCount": 0}), event("CHECKOUT_STARTED", nil)}
		if d := send("anonymous", "cookie-1", batch...); get(d, "recorded") != float64(4) || get(d, "optedOut") != false {
			t.Fatalf("record: %v", d)
		}
		// A retry of the same batch stores nothing more.
		if d := send("anonymous", "cookie-1", batch...); get(d, "recorded") != float64(0) {
			t.Fatalf("retry: %v", d)
		}
		// Signed in: joined to the customer.
		send("customer", "cookie-2", event("PRODUCT_VIEWED", map[string]any{"productId": p.ID}))
		joined := st.Client.AnalyticsEvent.Query().Where(analyticsevent.CustomerIDNotNil()).CountX(context.Background())
		if joined != 1 {
			t.Fatalf("events joined to the customer: %d", joined)
		}
		// A bad event: a userError with its path, nothing stored.
		d, e := gql(t, w, "anonymous", recordEvents, map[string]any{"in": map[string]any{"visitorId": "cookie-1",
			"events": []any{event("PRODUCT_VIEWED", nil)}}})
		if len(e) > 0 || fmt.Sprint(get(d, "analyticsEventsRecord.userErrors")) != "[map[code:INVALID field:[input events 0 productId]]]" {
			t.Fatalf("bad event: %v %v", d, e)
		}
		// A wrong id type is refused before the service.
		_, e = gql(t, w, "anonymous", recordEvents, map[string]any{"in": map[string]any{"visitorId": "cookie-1",
			"events": []any{event("PRODUCT_VIEWED", map[string]any{"productId": v.ID})}}})
		if strings.Join(e, ",") != "BAD_USER_INPUT" {
			t.Fatalf("variant id as product id: %v", e)
		}

		// The customer opts out: told so, and nothing more is kept.
		d, e = gql(t, w, "customer", `mutation { analyticsConsentSet(input: {optOut: true}) { optedOut customer { analyticsOptOut } userErrors { code } } }`, nil)
		if len(e) > 0 || get(d, "analyticsConsentSet.customer.analyticsOptOut") != true {
			t.Fatalf("opt out: %v %v", d, e)
		}
		if d := send("customer", "cookie-2", event("PRODUCT_VIEWED", map[string]any{"productId": p.ID})); get(d, "optedOut") != true || get(d, "recorded") != float64(0) {
			t.Fatalf("after the opt-out: %v", d)
		}
		if n := st.Client.AnalyticsEvent.Query().CountX(context.Background()); n != 4 {
			t.Fatalf("events after the customer's opt-out: %d", n)
		}

		w.soldOrder(t, w.seller.ID, p, v, 2, 1500, ptr(time.Now().UTC().Add(-time.Hour)))
		// The worker's job, run here rather than waited for.
		if _, err := analytics.New(st, ratelimit.NewMemory(), analytics.Config{}).Rollup(context.Background()); err != nil {
			t.Fatal(err)
		}
		vars := map[string]any{"from": time.Now().UTC().Add(-48 * time.Hour).Format(time.RFC3339), "to": time.Now().UTC().Add(time.Hour).Format(time.RFC3339)}
		for _, scope := range []any{nil, w.seller.ID} {
			vars["s"] = scope
			actor := "admin"
			if scope != nil {
				actor = "owner"
			}
			d := gqlOK(t, w, actor, shopReportQuery, vars)
			totals := fmt.Sprint(get(d, "shopReport.totals"))
			// The order was written directly, not checked out: no server
			// event, so no conversion (TestCheckoutRecordsOrderEvents).
			want := "map[addToCartRate:1 addToCarts:1 averageOrderValue:map[amount:30.00] checkoutsStarted:1 conversionRate:0 orders:1 productViews:1 revenue:map[amount:30.00] sessions:1]"
			if scope != nil {
				// A seller's figures are its products': the checkout is
				// the shop's.
				want = strings.Replace(want, "checkoutsStarted:1", "checkoutsStarted:0", 1)
			}
			if totals != want {
				t.Fatalf("%v totals: %s\nwant %s", scope, totals, want)
			}
			if got := fmt.Sprint(get(d, "shopReport.revenueBySeller")); got != fmt.Sprintf("[map[orders:1 revenue:map[amount:30.00] seller:map[id:%s]]]", w.seller.ID) {
				t.Fatalf("by seller: %s", got)
			}
			if got := fmt.Sprint(get(d, "productPerformance")); got != fmt.Sprintf("[map[addToCarts:1 clicks:0 product:map[id:%s] purchases:2 revenue:map[amount:30.00] views:1]]", p.ID) {
				t.Fatalf("product performance: %s", got)
			}
		}
		d = gqlOK(t, w, "admin", `query($from: DateTime!, $to: DateTime!) { topSearches(from: $from, to: $to) { searches { terms searches zeroResultSearches } zeroResults { terms } } }`,
			map[string]any{"from": vars["from"], "to": vars["to"]})
		if got := fmt.Sprint(get(d, "topSearches")); got != "map[searches:[map[searches:1 terms:purple socks zeroResultSearches:1]] zeroResults:[map[terms:purple socks]]]" {
			t.Fatalf("top searches: %s", got)
		}

		// Refusals: the shop is the admins'; a seller's figures its members'.
		for _, tc := range []struct {
			actor string
			scope any
			want  string
		}{{"anonymous", nil, "UNAUTHENTICATED"}, {"customer", nil, "FORBIDDEN"}, {"owner", nil, "FORBIDDEN"},
			{"customer", w.seller.ID, "FORBIDDEN"}, {"stranger", w.seller.ID, "FORBIDDEN"}, {"anonymous", w.seller.ID, "UNAUTHENTICATED"}} {
			vars["s"] = tc.scope
			d, e := gql(t, w, tc.actor, shopReportQuery, vars)
			if !strings.Contains(strings.Join(e, ","), tc.want) || get(d, "shopReport") != nil {
				t.Fatalf("%s reads the report of %v: %v %v", tc.actor, tc.scope, d, e)
			}
		}
		for _, actor := range []string{"anonymous", "customer", "owner", "stranger"} {
			_, e := gql(t, w, actor, `query($from: DateTime!, $to: DateTime!) { topSearches(from: $from, to: $to) { searches { terms } } }`,
				map[string]any{"from": vars["from"], "to": vars["to"]})
			if len(e) == 0 {
				t.Fatalf("%s reads the top searches", actor)
			}
		}
	})
}

// Storefronts are throttled per visitor: RATE_LIMITED past the limit.
func TestAnalyticsThrottled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		var last []string
		for i := range 61 {
			_, last = gql(t, w, "anonymous", recordEvents, map[string]any{"in": map[string]any{"visitorId": "busy",
				"events": []any{event("SEARCH_PERFORMED", map[string]any{"searchTerms": "x", "resultCount": 1})}}})
			if i < 60 && len(last) > 0 {
				t.Fatalf("call %d: %v", i, last)
			}
		}
		if strings.Join(last, ",") != "RATE_LIMITED" {
			t.Fatalf("61st call in a minute: %v", last)
		}
	})
}
