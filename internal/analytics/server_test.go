package analytics_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The server's own order events: once per order (for the shop and each
// seller), for the visitor the storefront named, in the caller's
// transaction, never for who opted out; a payment follows its placement.
func TestServerOrderEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		f := newFixture(t, st, analytics.Config{})
		placeIn := func(ctx context.Context, o *ent.Order, visitor string, fail error) error {
			return st.WithTx(ctx, func(tx *ent.Tx) error {
				if err := analytics.OrderPlaced(ctx, tx.Client(), o, []pulid.ID{f.sellerA.ID, f.sellerB.ID, f.sellerA.ID}, visitor, f.clock); err != nil {
					return err
				}
				return fail
			})
		}
		payIn := func(o *ent.Order) {
			t.Helper()
			if err := st.WithTx(ctx, func(tx *ent.Tx) error { return analytics.OrderPaid(ctx, tx.Client(), o.ID, f.clock) }); err != nil {
				t.Fatal(err)
			}
		}
		events := func(o *ent.Order, typ analyticsevent.Type) []*ent.AnalyticsEvent {
			evs := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(o.ID), analyticsevent.TypeEQ(typ)).AllX(ctx)
			seller := func(e *ent.AnalyticsEvent) string { // the shop's (no seller) first
				if e.SellerID == nil {
					return ""
				}
				return string(*e.SellerID)
			}
			slices.SortFunc(evs, func(a, b *ent.AnalyticsEvent) int { return strings.Compare(seller(a), seller(b)) })
			return evs
		}

		// A guest's order with the storefront's visitor id: the shop's
		// event and one per seller, the visitor's digest; a retry adds
		// nothing.
		o1 := f.order(t, 0, 1, nil, nil)
		for range 2 {
			if err := placeIn(f.as(""), o1, "cookie-1", nil); err != nil {
				t.Fatal(err)
			}
		}
		placed := events(o1, analyticsevent.TypeORDER_PLACED)
		if len(placed) != 3 || placed[0].SellerID != nil || *placed[1].SellerID != f.sellerA.ID || *placed[2].SellerID != f.sellerB.ID {
			t.Fatalf("placed: %+v", placed)
		}
		for _, e := range placed {
			if e.Visitor != analytics.Digest("cookie-1") || e.CustomerID != nil || !e.OccurredAt.Equal(f.clock) {
				t.Fatalf("placed event %+v", e)
			}
		}
		// Paid: the same visitor and sellers, once however often.
		payIn(o1)
		payIn(o1)
		paid := events(o1, analyticsevent.TypeORDER_PAID)
		if len(paid) != 3 || paid[0].Visitor != placed[0].Visitor || *paid[2].SellerID != f.sellerB.ID {
			t.Fatalf("paid: %+v", paid)
		}

		// Rolled back with the order: nothing.
		o2 := f.order(t, 0, 1, nil, nil)
		if err := placeIn(f.as(""), o2, "cookie-1", errors.New("the order write failed")); err == nil {
			t.Fatal("no error")
		}
		if n := len(events(o2, analyticsevent.TypeORDER_PLACED)); n != 0 {
			t.Fatalf("a rolled back order left %d events", n)
		}

		// A visitor who opted out: nothing, nor at payment.
		if _, ues, err := f.svc.ConsentSet(f.as(""), ptr("quiet"), true); err != nil || ues != nil {
			t.Fatal(err, ues)
		}
		o3 := f.order(t, 0, 1, nil, nil)
		if err := placeIn(f.as(""), o3, "quiet", nil); err != nil {
			t.Fatal(err)
		}
		payIn(o3)
		if n := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(o3.ID)).CountX(ctx); n != 0 {
			t.Fatalf("an opted-out visitor's order: %d events", n)
		}

		// A customer who opted out, whoever places the order (the viewer
		// or staff): nothing, even under a visitor id of its own.
		if _, ues, err := f.svc.ConsentSet(f.as("shopper"), nil, true); err != nil || ues != nil {
			t.Fatal(err, ues)
		}
		for _, who := range []string{"shopper", "admin"} {
			o := f.order(t, 0, 1, nil, &f.people["shopper"].ID)
			if err := placeIn(f.as(who), o, "cookie-9", nil); err != nil {
				t.Fatal(err)
			}
			if n := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(o.ID)).CountX(ctx); n != 0 {
				t.Fatalf("an opted-out customer's order placed by %s: %d events", who, n)
			}
		}

		// A customer without a visitor id: joined to the customer, under a
		// pseudonym of theirs that is no storefront visitor's digest.
		o4 := f.order(t, 0, 1, nil, &f.people["ownerA"].ID)
		if err := placeIn(f.as("ownerA"), o4, "", nil); err != nil {
			t.Fatal(err)
		}
		placed = events(o4, analyticsevent.TypeORDER_PLACED)
		if len(placed) != 3 || placed[0].CustomerID == nil || *placed[0].CustomerID != f.people["ownerA"].ID ||
			placed[0].Visitor == analytics.Digest(string(f.people["ownerA"].ID)) {
			t.Fatalf("a customer's order: %+v", placed)
		}
		// Their opt-out erases these too, and a later payment finds nothing
		// to follow.
		if _, ues, err := f.svc.ConsentSet(f.as("ownerA"), nil, true); err != nil || ues != nil {
			t.Fatal(err, ues)
		}
		payIn(o4)
		if n := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(o4.ID)).CountX(ctx); n != 0 {
			t.Fatalf("after the customer's opt-out: %d events", n)
		}

		// A storefront may not send the server's types.
		for _, typ := range []analyticsevent.Type{analyticsevent.TypeORDER_PLACED, analyticsevent.TypeORDER_PAID} {
			_, ues, err := f.svc.Record(f.as(""), "cookie-1", []analytics.EventInput{{EventID: f.uuid(9999), Type: typ, OccurredAt: f.clock}})
			if err != nil || len(ues) != 1 || ues[0].Code != analytics.CodeInvalid {
				t.Fatalf("a storefront's %s: %v %v", typ, ues, err)
			}
		}
		if !analytics.ValidVisitorID("cookie-1") || analytics.ValidVisitorID(" ") || analytics.ValidVisitorID(string(make([]byte, 201))) {
			t.Fatal("ValidVisitorID")
		}
	})
}

func ptr[T any](v T) *T { return &v }
