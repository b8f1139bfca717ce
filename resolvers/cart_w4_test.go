package resolvers_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/internal/bench"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The W4 workload's statement budget: a guest cart created with its lines
// and returned priced (the lines' variants for sale with their stock; the
// cart; its lines; the lines with variants and products, for the payload),
// then read back (the cart; the lines with variants and products).
const (
	wantW4CreateStatements = 4
	wantW4ReadStatements   = 2
)

type w4Cart struct {
	ID            string
	TotalQuantity int
	Cost          struct {
		SubtotalAmount struct{ Amount, CurrencyCode string }
		TotalAmount    struct{ Amount, CurrencyCode string }
	}
	Lines struct {
		Edges []struct {
			Node struct {
				ID          string
				Quantity    int
				Merchandise struct {
					ID, SKU, Title string
					Price          struct{ Amount, CurrencyCode string }
				}
				Cost struct {
					AmountPerQuantity struct{ Amount string }
					TotalAmount       struct{ Amount string }
				}
			}
		}
	}
}

// statementLog records the SQL of the statements fn sends, for a failure
// message that says which statement is one too many.
func statementLog(w *world, fn func()) (int64, string) {
	var mu sync.Mutex
	var log []string
	stop := w.st.Counter.Watch(func(q string, _ []any) {
		mu.Lock()
		defer mu.Unlock()
		log = append(log, q)
	})
	n := w.c.Statements(fn)
	stop()
	mu.Lock()
	defer mu.Unlock()
	return n, "\n\t" + strings.Join(log, "\n\t")
}

// TestW4GuestCartStatements: creating a guest cart with lines costs
// wantW4CreateStatements and reading it back wantW4ReadStatements, whatever
// the number of lines, with the W4 benchmark's own documents; and both
// answer with the lines, their merchandise and the prices.
func TestW4GuestCartStatements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		for _, n := range []int{1, 3} {
			var lines []any
			var variants []string
			for i := 0; i < n; i++ {
				v := w.stocked(t, 5)
				variants = append(variants, v)
				lines = append(lines, line(v, i+1))
			}
			var created struct {
				CartCreate struct {
					Cart       *w4Cart
					UserErrors []userError
				}
			}
			stmts, log := statementLog(w, func() {
				w.c.Query(t, bench.W4CreateCart, map[string]any{"input": map[string]any{"lines": lines}}).Decode(t, &created)
			})
			c := created.CartCreate.Cart
			if c == nil || len(created.CartCreate.UserErrors) > 0 {
				t.Fatalf("%d lines: cartCreate refused: %+v", n, created.CartCreate.UserErrors)
			}
			check := func(what string, c *w4Cart) {
				t.Helper()
				wantQty := n * (n + 1) / 2
				if c.TotalQuantity != wantQty || c.Cost.SubtotalAmount.Amount != decimal(wantQty*1000) ||
					c.Cost.TotalAmount.CurrencyCode != "EUR" || len(c.Lines.Edges) != n {
					t.Fatalf("%s, %d lines: %+v", what, n, c)
				}
				for i, e := range c.Lines.Edges {
					l := e.Node
					if l.Merchandise.ID != variants[i] || l.Quantity != i+1 || l.Merchandise.SKU == "" ||
						l.Merchandise.Price.Amount != "10.00" || l.Cost.TotalAmount.Amount != decimal((i+1)*1000) {
						t.Fatalf("%s, %d lines: line %d: %+v", what, n, i, l)
					}
				}
			}
			check("created", c)
			if stmts != wantW4CreateStatements {
				t.Errorf("%d lines: cartCreate ran %d statements, want %d:%s", n, stmts, wantW4CreateStatements, log)
			}
			var read struct{ Cart *w4Cart }
			stmts, log = statementLog(w, func() {
				w.c.Query(t, bench.W4ReadCart, map[string]any{"id": c.ID}).Decode(t, &read)
			})
			if read.Cart == nil {
				t.Fatalf("%d lines: cart %s not read back", n, c.ID)
			}
			check("read", read.Cart)
			if stmts != wantW4ReadStatements {
				t.Errorf("%d lines: cart read ran %d statements, want %d:%s", n, stmts, wantW4ReadStatements, log)
			}
		}
	})
}

// decimal renders minor units as the API's Decimal.
func decimal(minor int) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

// TestCartLinesPages: the lines connection, cut from the cart's quote, pages
// forward and backward by cursor like any connection, refuses a foreign
// cursor, and a cartCreate note beyond the limit is refused.
func TestCartLinesPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		var lines []any
		var variants []string
		for i := 0; i < 3; i++ {
			v := w.stocked(t, 5)
			variants = append(variants, v)
			lines = append(lines, line(v, 1))
		}
		c := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"lines": lines}}).Cart
		const page = `query($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) { cart(id: $id) {
			lines(first: $first, after: $after, last: $last, before: $before) { totalCount
				pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { merchandise { id } } } } } }`
		type conn struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       string
			}
			Edges []struct {
				Node struct{ Merchandise struct{ ID string } }
			}
		}
		get := func(vars map[string]any) conn {
			t.Helper()
			vars["id"] = c.ID
			var out struct{ Cart struct{ Lines conn } }
			w.c.Query(t, page, vars).Decode(t, &out)
			return out.Cart.Lines
		}
		ids := func(c conn) string {
			var s []string
			for _, e := range c.Edges {
				s = append(s, e.Node.Merchandise.ID)
			}
			return strings.Join(s, ",")
		}
		p1 := get(map[string]any{"first": 2})
		if ids(p1) != strings.Join(variants[:2], ",") || !p1.PageInfo.HasNextPage || p1.PageInfo.HasPreviousPage || p1.TotalCount != 3 {
			t.Fatalf("first page: %+v", p1)
		}
		p2 := get(map[string]any{"first": 2, "after": p1.PageInfo.EndCursor})
		if ids(p2) != variants[2] || p2.PageInfo.HasNextPage || !p2.PageInfo.HasPreviousPage {
			t.Fatalf("second page: %+v", p2)
		}
		back := get(map[string]any{"last": 1, "before": p2.PageInfo.StartCursor})
		if ids(back) != variants[1] || !back.PageInfo.HasNextPage || !back.PageInfo.HasPreviousPage {
			t.Fatalf("page before: %+v", back)
		}
		// A products cursor (its value a name, not a time) is refused.
		var products struct {
			Products struct{ PageInfo struct{ EndCursor string } }
		}
		w.c.Query(t, `{ products(first: 1) { pageInfo { endCursor } } }`, nil).Decode(t, &products)
		r := w.c.Query(t, page, map[string]any{"id": c.ID, "first": 1, "after": products.Products.PageInfo.EndCursor})
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Fatalf("foreign cursor: %s", r.Raw)
		}
		long := cartCall(t, w, "anonymous", "cartCreate", "CartCreateInput", map[string]any{"in": map[string]any{"note": strings.Repeat("é", 5001)}})
		if long.Cart != nil || codes(long.UserErrors) != "INVALID" {
			t.Fatalf("a note of 5001 characters: %s", long.Raw)
		}
	})
}
