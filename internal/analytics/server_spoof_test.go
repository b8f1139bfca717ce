package analytics_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/testdb"
)

// A storefront chooses its event ids, and the server's are derived from
// public facts (a fixed namespace, the order's and sellers' ids): a buyer
// who records an event under the id its order's ORDER_PAID will have must
// not keep the payment out of the reports.
func TestServerEventIDsNotTakenByStorefront(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		f := newFixture(t, st, analytics.Config{})
		o := f.order(t, 0, 1, nil, nil)
		if err := st.WithTx(ctx, func(tx *ent.Tx) error {
			return analytics.OrderPlaced(ctx, tx.Client(), o, []pulid.ID{f.sellerA.ID}, "cookie-1", f.clock)
		}); err != nil {
			t.Fatal(err)
		}
		// The id server.go gives the shop's ORDER_PAID of o.
		ns := uuid.MustParse("6f0c6f8e-1d59-4f3c-9a51-0c5e3b1f7a20")
		taken := uuid.NewSHA1(ns, []byte(string(analyticsevent.TypeORDER_PAID)+"/"+string(o.ID)+"/")).String()
		terms, zero := "shoes", 0
		_, ues, err := f.svc.Record(f.as(""), "cookie-1", []analytics.EventInput{{EventID: taken,
			Type: analyticsevent.TypeSEARCH_PERFORMED, SearchTerms: &terms, ResultCount: &zero, OccurredAt: f.clock}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("storefront's event with the server's id: user errors %v", ues)
		if err := st.WithTx(ctx, func(tx *ent.Tx) error { return analytics.OrderPaid(ctx, tx.Client(), o.ID, f.clock) }); err != nil {
			t.Fatal(err)
		}
		n := st.Client.AnalyticsEvent.Query().Where(analyticsevent.OrderID(o.ID), analyticsevent.TypeEQ(analyticsevent.TypeORDER_PAID)).CountX(ctx)
		if n != 2 {
			t.Fatalf("ORDER_PAID events of the order: %d, want 2 (the shop's and the seller's)", n)
		}
	})
}
