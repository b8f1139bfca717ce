package inventory_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestStockPlans checks, on the 5,000-product reference catalog, the plans
// PostgreSQL keeps for the stock statements as the API sends them (see
// inventory.in).
func TestStockPlans(t *testing.T) {
	st := testdb.Open(t, dialect.Postgres)
	ctx := context.Background()
	f, err := refcatalog.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := catalog.Import(ctx, st, f); err != nil {
		t.Fatal(err)
	}
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
	s := stmts[0]

	conn, err := st.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE stock AS " + s.Query} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.ExecContext(context.Background(), "DEALLOCATE stock; RESET plan_cache_mode") //nolint:errcheck // the connection is closed next
	var raw []byte
	if err := conn.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+execute(t, "stock", s.Args)).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var plans []struct{ Plan node }
	if err := json.Unmarshal(raw, &plans); err != nil {
		t.Fatal(err)
	}
	if scanned := plans[0].Plan.seqScans(); len(scanned) > 0 {
		t.Fatalf("the generic plan of\n%s\nreads %v whole:\n%s", s.Query, scanned, raw)
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
		for range 10 {
			if _, err := conn.ExecContext(ctx, execute(t, "offers", stmts[0].Args)); err != nil {
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

// execute is EXECUTE name(args) with the arguments as literals.
func execute(t *testing.T, name string, args []any) string {
	t.Helper()
	lits := make([]string, len(args))
	for i, a := range args {
		if v, ok := a.(driver.Valuer); ok {
			var err error
			if a, err = v.Value(); err != nil {
				t.Fatal(err)
			}
		}
		lits[i] = pq.QuoteLiteral(fmt.Sprint(a))
	}
	if len(lits) == 0 {
		return "EXECUTE " + name
	}
	return "EXECUTE " + name + "(" + strings.Join(lits, ", ") + ")"
}

type node struct {
	NodeType string `json:"Node Type"`
	Relation string `json:"Relation Name"`
	Plans    []node `json:"Plans"`
}

// seqScans lists the catalog tables the plan reads whole.
func (n node) seqScans() []string {
	var out []string
	if n.NodeType == "Seq Scan" && (n.Relation == "inventory_levels" || n.Relation == "product_variants") {
		out = append(out, n.Relation)
	}
	for _, c := range n.Plans {
		out = append(out, c.seqScans()...)
	}
	return out
}
