package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

// repetitions of each concurrency scenario: 20 on PostgreSQL (the issue's
// bar, under -race in CI), fewer on SQLite whose writers are serialized
// anyway.
func repetitions(st *testdb.Store) int {
	if st.Dialect == dialect.Postgres {
		return 20
	}
	return 3
}

// checkoutRaw posts checkoutComplete as a guest and returns the raw payload.
func checkoutRaw(t *testing.T, w *world, cartID, key string) (string, error) {
	in := map[string]any{"cartId": cartID, "idempotencyKey": key, "payment": map[string]any{"provider": "test", "token": "tok_success"}}
	body, _ := json.Marshal(map[string]any{"query": checkoutMutation, "variables": map[string]any{"in": in}})
	r := w.c.Post(t, body)
	if len(r.Errors) > 0 {
		return "", fmt.Errorf("errors: %s", r.Raw)
	}
	return string(r.Data), nil
}

// Separate carts race for the last units: a variant with stock 10 and 200
// concurrent checkouts of one unit each give exactly 10 orders, 190
// INSUFFICIENT_STOCK userErrors and a stock of 0, never below.
func TestConcurrentCheckoutsNeverOversell(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		for rep := 0; rep < repetitions(st); rep++ {
			v := w.stocked(t, 10)
			carts := make([]string, 200)
			for i := range carts {
				carts[i] = directCart(t, w, v, 1, s.flat, w.seller.ID)
			}
			var mu sync.Mutex
			placed, short := 0, 0
			var wg sync.WaitGroup
			for i, c := range carts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					raw, err := checkoutRaw(t, w, c, key(fmt.Sprintf("race%d", rep), i))
					var d map[string]any
					_ = json.Unmarshal([]byte(raw), &d)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err != nil:
						t.Errorf("checkout %d: %v", i, err)
					case str(d, "checkoutComplete.order.status") == "PAID":
						placed++
					case userCodes(d, "checkoutComplete") == "INSUFFICIENT_STOCK":
						short++
					default:
						t.Errorf("checkout %d: unexpected %s", i, raw)
					}
				}()
			}
			wg.Wait()
			on, res := stock(t, w, v)
			orders := st.Client.Order.Query().Where(entorder.HasLinesWith()).Where(entorder.CartIDIn(ids(carts)...)).CountX(context.Background())
			if placed != 10 || short != 190 || on != 0 || res != 0 || orders != 10 {
				t.Fatalf("rep %d: %d placed, %d short, %d orders, stock %d/%d; want 10, 190, 10, 0/0", rep, placed, short, orders, on, res)
			}
		}
	})
}

// One cart, one key, 50 concurrent calls: one order, and every caller gets
// the same answer.
func TestConcurrentCheckoutsWithOneKeyPlaceOneOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 1000)
		for rep := 0; rep < repetitions(st); rep++ {
			c := directCart(t, w, v, 2, s.flat, w.seller.ID)
			k := key(fmt.Sprintf("same%d", rep), 0)
			answers := make([]string, 50)
			var wg sync.WaitGroup
			for i := range answers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					raw, err := checkoutRaw(t, w, c, k)
					if err != nil {
						t.Errorf("call %d: %v", i, err)
					}
					answers[i] = raw
				}()
			}
			wg.Wait()
			for i, a := range answers {
				if a != answers[0] {
					t.Fatalf("rep %d: answer %d differs:\n%s\n%s", rep, i, a, answers[0])
				}
			}
			var d map[string]any
			_ = json.Unmarshal([]byte(answers[0]), &d)
			if str(d, "checkoutComplete.order.status") != "PAID" {
				t.Fatalf("rep %d: %s", rep, answers[0])
			}
			if n := st.Client.Order.Query().Where(entorder.CartID(pulid.ID(c))).CountX(context.Background()); n != 1 {
				t.Fatalf("rep %d: %d orders for one cart", rep, n)
			}
		}
		if on, res := stock(t, w, v); on != 1000-2*repetitions(st) || res != 0 {
			t.Fatalf("stock %d/%d", on, res)
		}
	})
}

func ids(ss []string) []pulid.ID {
	out := make([]pulid.ID, len(ss))
	for i, s := range ss {
		out[i] = pulid.ID(s)
	}
	return out
}
