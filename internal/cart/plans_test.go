package cart_test

import (
	"context"
	"os"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/testcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// TestLinesPlanProbesByKey: a cart's lines are read with their variants,
// products and sellers by primary key, whatever PostgreSQL knows of
// cart_lines. Here it knows nothing: 40,000 lines added after the table
// was analyzed empty, as in a shop whose carts outgrow autovacuum's last
// ANALYZE, or that runs without autovacuum. PostgreSQL then guesses 152
// lines per cart, and the plan it kept for a plain four-table join
// hash-joined a sequential scan of every variant (2.5 ms per cart read
// instead of 0.2, and W4 at half speed). A batch of carts keeps that join
// (see linesQuery), and must not be priced into JIT compilation.
func TestLinesPlanProbesByKey(t *testing.T) {
	st := testdb.Open(t, dialect.Postgres)
	testcatalog.Import(t, st)
	ctx := context.Background()
	for _, q := range []string{
		// Nothing may analyze the tables behind the test's back.
		"ALTER TABLE carts SET (autovacuum_enabled = false)",
		"ALTER TABLE cart_lines SET (autovacuum_enabled = false)",
		`INSERT INTO carts (id, created_at, updated_at, currency, discount_codes, shipping_methods)
		 SELECT 'cart' || g, now(), now(), 'EUR', '[]', '{}' FROM generate_series(1, 20000) g`,
		// Two lines per cart, of two different variants.
		`INSERT INTO cart_lines (id, created_at, updated_at, quantity, cart_id, variant_id)
		 SELECT 'line' || g, now(), now(), 1, 'cart' || ((g + 1) / 2), v.id FROM generate_series(1, 40000) g
		 JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM product_variants) v
		   ON v.n = g % (SELECT count(*) FROM product_variants) + 1`,
	} {
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	carts := st.Client.Cart.Query().Order(ent.Asc("id")).Limit(100).AllX(ctx)
	for _, tc := range []struct {
		batch []*ent.Cart
		plan  testdb.Plan
	}{
		{carts[:1], testdb.Plan{Tables: []string{"cart_lines", "product_variants", "products", "sellers"}}},
		{carts, testdb.Plan{}},
	} {
		stmts := testdb.Capture(st, func() {
			quotes, err := (&cart.Pricer{Now: time.Now}).QuoteMany(ctx, st.Client, tc.batch)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.batch {
				if n := len(quotes[c.ID].Lines); n != 2 {
					t.Fatalf("cart %s has %d lines, want 2", c.ID, n)
				}
			}
		}, "cart_lines")
		if len(stmts) != 1 {
			t.Fatalf("%d statements read the lines of %d carts, want 1", len(stmts), len(tc.batch))
		}
		refused, plan, err := testdb.RefusedGenericPlan(ctx, st, stmts[0], tc.plan)
		if err != nil {
			t.Fatal(err)
		}
		if refused != "" {
			t.Fatalf("the generic plan reading the lines of a batch of %d makes a %s:\n%s\n%s", len(tc.batch), refused, stmts[0].Query, plan)
		}
	}
}
