package inventory_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestStockGenericPlanUsesIndexes: the stock of a listing's 50 products,
// as the API reads it, keeps index probes in the plan PostgreSQL settles on
// for a prepared statement (its generic plan, forced here), on the
// 5,000-product reference catalog. Written as IN ($1, …, $50), that plan
// hash-joined a sequential scan of every inventory level (2.1 ms per
// listing instead of 0.6); see inventory.in.
func TestStockGenericPlanUsesIndexes(t *testing.T) {
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
	ids := st.Client.Product.Query().Where(product.StatusEQ(product.StatusACTIVE)).
		Order(product.ByName(), product.ByID()).Limit(50).IDsX(ctx)
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
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		if v, ok := a.(driver.Valuer); ok {
			if a, err = v.Value(); err != nil {
				t.Fatal(err)
			}
		}
		args[i] = pq.QuoteLiteral(fmt.Sprint(a))
	}
	for _, q := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE stock AS " + s.Query} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.ExecContext(context.Background(), "DEALLOCATE stock; RESET plan_cache_mode") //nolint:errcheck // the connection is closed next
	var raw []byte
	execute := "EXPLAIN (FORMAT JSON) EXECUTE stock"
	if len(args) > 0 {
		execute += "(" + strings.Join(args, ", ") + ")"
	}
	if err := conn.QueryRowContext(ctx, execute).Scan(&raw); err != nil {
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
