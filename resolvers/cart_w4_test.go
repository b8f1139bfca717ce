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
