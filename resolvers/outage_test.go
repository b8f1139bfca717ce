package resolvers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/testsrv"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/internal/wstest"
	"github.com/comptoir/comptoir/migrations"
)

// outageBound is how long a request may take while a server it depends on
// is down: a failure bound (it must not hang), not a latency target.
const outageBound = 15 * time.Second

// Redis is optional at run time. Two instances share one database and a
// redis-server of the test's own, which is killed: sign-in keeps working
// (throttled in process), a write commits at once (on SQLite the outbox no
// longer holds its write lock while calling Redis: "database is locked"),
// its event reaches the subscribers of both instances (this one directly,
// the other through the outbox), and the outage is logged once. Redis
// restarted, events cross instances through Redis again.
func TestRedisOutage(t *testing.T) {
	testsrv.StartRedis(t) // skips now, before any setup, without redis-server
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		rs := testsrv.StartRedis(t)
		withRedis := apitest.Config(func(c *config.Config) { c.RedisURL = rs.URL })
		w := newWorld(t, st, withRedis)
		// B dispatches no outbox: what its subscribers get comes through
		// Redis, or from the outbox while Redis is down.
		b := apitest.New(t, st, withRedis, apitest.Config(func(c *config.Config) { c.OutboxDispatch = false }))
		wb := &world{c: b, st: st, seller: w.seller, other: w.other, category: w.category, tokens: w.tokens}
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		orderID, lineID := manualOrder(t, w, s, v, 1)

		ctx := context.Background()
		const sub = `subscription($id: ID!) { orderUpdated(orderId: $id) { event { id type } order { id status } } }`
		onA, onB := dialAs(t, w, "customer", wstest.TransportWS), dialAs(t, wb, "customer", wstest.TransportWS)
		for _, c := range []*wstest.Client{onA, onB} {
			if err := c.Subscribe(ctx, "orderUpdated", sub, map[string]any{"id": orderID}); err != nil {
				t.Fatal(err)
			}
		}
		waitSubscribers(t, w, 1)
		waitSubscribers(t, wb, 1)

		rs.Kill(t)

		// Sign-in works on both instances, and is throttled in process.
		for _, c := range []*apitest.Client{w.c, b} {
			start := time.Now()
			login(t, c, "customer@example.com", "correct horse")
			if d := time.Since(start); d > outageBound {
				t.Fatalf("sign-in with Redis down took %v", d)
			}
		}
		for i := 0; i < 6; i++ {
			r := w.c.Query(t, signIn, map[string]any{"input": map[string]any{"email": "stranger@example.com", "password": "wrong"}})
			limited := len(r.Errors) == 1 && r.Errors[0].Code() == "RATE_LIMITED"
			if (i < 5 && (len(r.Errors) > 0 || !strings.Contains(string(r.Raw), "UNIDENTIFIED_CUSTOMER"))) || (i == 5 && !limited) {
				t.Fatalf("failed sign-in %d with Redis down: %s", i+1, r.Raw)
			}
		}

		// A write commits, and its event reaches both instances' subscribers.
		start := time.Now()
		d, e := gql(t, w, "admin", `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
		mustOK(t, d, e, "orderMarkPaid")
		if d := time.Since(start); d > outageBound {
			t.Fatalf("orderMarkPaid with Redis down took %v", d)
		}
		until(t, onA, "orderUpdated.event.type", orders.EventMarkedPaid)
		until(t, onB, "orderUpdated.event.type", orders.EventMarkedPaid)

		for name, c := range map[string]*apitest.Client{"A": w.c, "B": b} {
			logs := c.Logs.String()
			if n := strings.Count(logs, "Redis unavailable"); n != 1 {
				t.Fatalf("instance %s logged the outage %d times, want once:\n%s", name, n, logs)
			}
			for _, l := range strings.Split(logs, "\n") {
				if strings.Contains(l, "level=ERROR") {
					t.Fatalf("instance %s logged an error during the Redis outage: %s", name, l)
				}
			}
		}

		rs.Start(t)
		waitfor.Cond(t, "A to find Redis again and B to subscribe again", func() bool {
			return strings.Contains(w.c.Logs.String(), "Redis available again") &&
				strings.Contains(b.Logs.String(), "subscribed to Redis again")
		})
		// Through Redis again: A commits and publishes, B's subscriber hears it.
		d, e = gql(t, w, "owner", `mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}]}) { fulfillment { id } userErrors { code } } }`, map[string]any{"o": orderID, "l": lineID})
		mustOK(t, d, e, "fulfillmentCreate")
		until(t, onB, "orderUpdated.event.type", orders.EventFulfilled)
		until(t, onA, "orderUpdated.event.type", orders.EventFulfilled)
		if n := strings.Count(w.c.Logs.String(), "Redis available again"); n != 1 {
			t.Fatalf("the return of Redis logged %d times, want once", n)
		}
	})
}

// A PostgreSQL restart is survived without restarting Comptoir: while the
// cluster (of the test's own) is down, requests answer UNAVAILABLE within a
// bound, logged at WARN; once it is back, sign-in and writes work again.
func TestPostgresRestart(t *testing.T) {
	pg := testsrv.StartPostgres(t)
	ctx := context.Background()
	st, err := store.Open(ctx, pg.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := migrations.Apply(ctx, st.DB, dialect.Postgres); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, st)
	const products = `{ products(first: 1) { edges { node { id } } } }`
	if r := w.c.Query(t, products, nil); len(r.Errors) > 0 {
		t.Fatalf("before the outage: %s", r.Raw)
	}

	pg.Stop(t)
	for _, q := range []struct {
		name string
		do   func() *apitest.Response
	}{
		// One never answered before: the response cache may serve the
		// public answers it kept meanwhile, unchanged since.
		{"a query", func() *apitest.Response { return w.c.Query(t, `{ products(first: 2) { edges { node { id } } } }`, nil) }},
		{"a signed-in query", func() *apitest.Response { return w.c.QueryAs(t, w.tokens["customer"], `{ me { email } }`, nil) }},
		{"sign-in", func() *apitest.Response {
			return w.c.Query(t, signIn, map[string]any{"input": map[string]any{"email": "customer@example.com", "password": "correct horse"}})
		}},
		{"a write", func() *apitest.Response {
			return w.c.Query(t, createCustomer, map[string]any{"input": map[string]any{"email": "late@example.com", "password": "correct horse"}})
		}},
	} {
		start := time.Now()
		r := q.do()
		if d := time.Since(start); d > outageBound {
			t.Fatalf("%s with PostgreSQL down took %v", q.name, d)
		}
		if len(r.Errors) == 0 || r.Errors[0].Code() != "UNAVAILABLE" {
			t.Fatalf("%s with PostgreSQL down: %d %s", q.name, r.Status, r.Raw)
		}
		if r.Status != http.StatusOK && r.Status != http.StatusServiceUnavailable {
			t.Fatalf("%s: HTTP %d", q.name, r.Status)
		}
	}
	logs := w.c.Logs.String()
	if !strings.Contains(logs, "level=WARN msg=\"database unavailable\"") || strings.Contains(logs, "internal error") {
		t.Fatalf("want WARN \"database unavailable\" and no internal error:\n%s", logs)
	}

	pg.Start(t)
	waitfor.Cond(t, "a query to succeed after PostgreSQL restarted", func() bool {
		return len(w.c.Query(t, products, nil).Errors) == 0
	})
	login(t, w.c, "customer@example.com", "correct horse")
	register(t, w.c, "later@example.com", "correct horse")
}
