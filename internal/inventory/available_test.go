package inventory_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/testcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestStockPlans checks, on the 5,000-product reference catalog, the plans
// PostgreSQL keeps for the stock statements as the API sends them (see
// inventory.in).
func TestStockPlans(t *testing.T) {
	st := testdb.Open(t, dialect.Postgres)
	testcatalog.Import(t, st)
	t.Run("ListingGenericPlanUsesIndexes", func(t *testing.T) { listingGenericPlanUsesIndexes(t, st) })
	t.Run("ShortListsKeepAGenericPlan", func(t *testing.T) { shortListsKeepAGenericPlan(t, st) })
}

// listingGenericPlanUsesIndexes: the stock of a listing's 50 products keeps
// index probes in the plan PostgreSQL settles on for a prepared statement
// (its generic plan, forced here). Written as IN ($1, …, $50), that plan
// hash-joined a sequential scan of every inventory level (2.1 ms per
// listing instead of 0.6).
func listingGenericPlanUsesIndexes(t *testing.T, st *testdb.Store) {
	ctx := context.Background()
	ids := st.Client.Product.Query().Where(product.StatusEQ(product.StatusACTIVE)).
		Order(product.ByName(), product.ByID()).Limit(50).IDsX(ctx)
	var err error
	var stock map[pulid.ID]int
	stmts := testdb.Capture(st, func() {
		if stock, err = inventory.AvailableByProduct(ctx, st.Client, ids); err != nil {
			t.Fatal(err)
		}
	}, "inventory_levels")
	if len(stmts) != 1 || len(stock) == 0 {
		t.Fatalf("%d statements read the stock of %d products (%d in stock), want 1", len(stmts), len(ids), len(stock))
	}
	refused, plan, err := testdb.RefusedGenericPlan(ctx, st, stmts[0], testdb.Plan{Tables: []string{"inventory_levels", "product_variants"}})
	if err != nil {
		t.Fatal(err)
	}
	if refused != "" {
		t.Fatalf("the generic plan of\n%s\nmakes a %s:\n%s", stmts[0].Query, refused, plan)
	}
}

// shortListsKeepAGenericPlan: a cart's stock check (one variant, or a
// few) gets a generic plan once PostgreSQL has planned it five times, so
// that later executions cost no planning. Written as = ANY($1), it was
// re-planned on every execution (0.8 ms each).
func shortListsKeepAGenericPlan(t *testing.T, st *testdb.Store) {
	ctx := context.Background()
	variants := st.Client.ProductVariant.Query().Order(productvariant.ByID()).Limit(3).IDsX(ctx)
	for _, ids := range [][]pulid.ID{variants[:1], variants} {
		stmts := testdb.Capture(st, func() {
			if _, err := inventory.OffersWhere(ctx, st.Client, ids, func(*entsql.Selector) {}); err != nil {
				t.Fatal(err)
			}
		}, "inventory_levels")
		if len(stmts) != 1 {
			t.Fatalf("%d statements checked the stock of %d variants, want 1", len(stmts), len(ids))
		}
		conn, err := st.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "PREPARE offers AS "+stmts[0].Query); err != nil {
			t.Fatal(err)
		}
		exec, err := testdb.Execute("offers", stmts[0].Args)
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			if _, err := conn.ExecContext(ctx, exec); err != nil {
				t.Fatal(err)
			}
		}
		var generic, custom int64
		if err := conn.QueryRowContext(ctx, "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'offers'").Scan(&generic, &custom); err != nil {
			t.Fatal(err)
		}
		_, _ = conn.ExecContext(ctx, "DEALLOCATE offers")
		conn.Close()
		if generic == 0 {
			t.Fatalf("the stock check of %d variants was planned anew on each of 10 executions (%d custom plans):\n%s", len(ids), custom, stmts[0].Query)
		}
	}
}
