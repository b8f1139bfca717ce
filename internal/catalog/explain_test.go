package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

// recorder keeps the queries a client sends, with their arguments.
type recorder struct {
	dialect.Driver
	queries []recorded
}

type recorded struct {
	sql  string
	args []any
}

func (r *recorder) Query(ctx context.Context, query string, args, v any) error {
	a, _ := args.([]any)
	r.queries = append(r.queries, recorded{query, a})
	return r.Driver.Query(ctx, query, args, v)
}

// plan is the database's plan for a query, one line per node; on
// PostgreSQL with sequential scans and sorts priced out, so that a tiny
// table shows the plan an index makes possible, and a Sort or Seq Scan that
// remains is one that no index avoids.
func plan(t *testing.T, st *store.Store, q recorded) string {
	t.Helper()
	ctx := context.Background()
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if st.Dialect == dialect.Postgres {
		prefix = "EXPLAIN "
		for _, set := range []string{"SET enable_seqscan = off", "SET enable_sort = off"} {
			if _, err := conn.ExecContext(ctx, set); err != nil {
				t.Fatal(err)
			}
		}
		defer func() {
			_, _ = conn.ExecContext(ctx, "RESET enable_seqscan")
			_, _ = conn.ExecContext(ctx, "RESET enable_sort")
		}()
	}
	rows, err := conn.QueryContext(ctx, prefix+q.sql, q.args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q.sql, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n")
}

// listingQuery runs a listing through a recording client and returns its
// page query (the one with ORDER BY).
func listingQuery(t *testing.T, st *store.Store, a catalog.ProductArgs) recorded {
	t.Helper()
	rec := &recorder{Driver: entsql.OpenDB(st.Dialect, st.DB)}
	rst := &store.Store{DB: st.DB, Dialect: st.Dialect, Client: ent.NewClient(ent.Driver(rec)), Counter: &store.Counter{}}
	if _, err := catalog.New(rst, money.Currency("EUR")).Products(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, q := range rec.queries {
		if strings.Contains(q.sql, "ORDER BY") && strings.Contains(q.sql, "products") {
			return q
		}
	}
	t.Fatalf("no page query among %v", rec.queries)
	return recorded{}
}

// TestNewSortsAndMinRatingUseTheirIndexes: the RATING and BEST_SELLING
// sorts read products in order from (status, key, id), with no sort of the
// catalog, and minRating narrows through an index, not a full scan.
func TestNewSortsAndMinRatingUseTheirIndexes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		buildCatalog(t, st, 40)
		if st.Dialect == dialect.SQLite {
			if _, err := st.DB.Exec("ANALYZE"); err != nil {
				t.Fatal(err)
			}
		} else if _, err := st.DB.Exec("ANALYZE products"); err != nil {
			t.Fatal(err)
		}
		first := 20
		cases := []struct {
			name  string
			args  catalog.ProductArgs
			index string
		}{
			{"RATING DESC", catalog.ProductArgs{First: &first, Order: &catalog.Order{Key: catalog.SortRating, Direction: entgql.OrderDirectionDesc}}, "product_status_rating_average_id"},
			{"RATING ASC", catalog.ProductArgs{First: &first, Order: &catalog.Order{Key: catalog.SortRating, Direction: entgql.OrderDirectionAsc}}, "product_status_rating_average_id"},
			{"BEST_SELLING DESC", catalog.ProductArgs{First: &first, Order: &catalog.Order{Key: catalog.SortBestSelling, Direction: entgql.OrderDirectionDesc}}, "product_status_units_sold_id"},
			{"BEST_SELLING ASC", catalog.ProductArgs{First: &first, Order: &catalog.Order{Key: catalog.SortBestSelling, Direction: entgql.OrderDirectionAsc}}, "product_status_units_sold_id"},
			{"minRating by rating", catalog.ProductArgs{First: &first, Filter: &catalog.Filter{MinRating: ptr(4.0)},
				Order: &catalog.Order{Key: catalog.SortRating, Direction: entgql.OrderDirectionDesc}}, "product_status_rating_average_id"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := plan(t, st, listingQuery(t, st, tc.args))
				if !strings.Contains(p, tc.index) {
					t.Fatalf("plan does not use %s:\n%s", tc.index, p)
				}
				for _, bad := range []string{"TEMP B-TREE", "Sort  (", "Sort (", "Seq Scan on products"} {
					if strings.Contains(p, bad) {
						t.Fatalf("plan has %q:\n%s", bad, p)
					}
				}
				for _, line := range strings.Split(p, "\n") {
					if strings.Contains(line, "SCAN products") && !strings.Contains(line, "INDEX") {
						t.Fatalf("plan scans the products table:\n%s", p)
					}
				}
			})
		}
	})
}
