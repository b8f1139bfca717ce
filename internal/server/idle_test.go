package server_test

import (
	"context"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent/domainevent"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/internal/worker"
)

// idleWindow is how long an idle instance is watched: the one test that
// observes a stretch of wall-clock time, since "nothing happens" has no
// event to wait for.
const idleWindow = 5 * time.Second

// settled waits until every background job of the server waits and none
// is due within the window (startup's first runs are done).
func settled(t *testing.T, w *worker.Runner) {
	t.Helper()
	if !waitfor.Try(waitfor.Bound, func() bool {
		idle, next := w.Idle()
		return idle && (next.IsZero() || time.Until(next) > idleWindow+10*time.Second)
	}) {
		t.Fatalf("the background jobs did not settle within %v: %v", waitfor.Bound, w)
	}
}

// An idle instance, with every background job running (outbox dispatch,
// mail and webhook delivery, payment sweep, marketplace settlement), sends
// no statement at all to the database: its jobs wait for a commit or for a
// due time found in their data, they do not poll.
func TestIdleInstanceRunsNoStatements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		w := c.Server.Workers()
		settled(t, w)
		bg := st.Background().Counter
		reqs, bgs, runs, rings := st.Counter.Load(), bg.Load(), w.Runs(), st.Wake.Rings()
		if bgs == 0 || runs == 0 {
			t.Fatalf("the jobs did not run at start (%d statements, %d runs)", bgs, runs)
		}
		<-time.NewTimer(idleWindow).C
		if n := st.Counter.Load() - reqs; n != 0 {
			t.Errorf("%d request-side statements while idle", n)
		}
		if n := bg.Load() - bgs; n != 0 {
			t.Errorf("%d background statements in %v while idle", n, idleWindow)
		}
		if n := w.Runs() - runs; n != 0 {
			t.Errorf("%d job runs while idle", n)
		}
		if n := st.Wake.Rings() - rings; n != 0 {
			t.Errorf("%d wakes while idle", n)
		}
	})
}

// A commit on one instance wakes the others' workers through PostgreSQL's
// LISTEN/NOTIFY: here only instance B dispatches the outbox, its safety
// interval is an hour, and an event committed through instance A is
// published by B.
func TestCommitWakesOtherInstance(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t, dialect.Postgres)
	open := func() *store.Store {
		st, err := store.Open(ctx, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	a, b := open(), open()
	hour := func(c *config.Config) { c.WorkerInterval = time.Hour }
	apitest.New(t, a, apitest.Config(hour), apitest.Config(func(c *config.Config) { c.OutboxDispatch = false }))
	cb := apitest.New(t, b, apitest.Config(hour))
	// Both instances LISTEN (their listeners connect in the background).
	waitfor.Cond(t, "both instances to LISTEN", func() bool {
		var n int
		err := a.DB.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
			`LISTEN "`+store.WakeChannel+`"`).Scan(&n)
		return err == nil && n == 2
	})
	settled(t, cb.Server.Workers())
	ev := a.Client.DomainEvent.Create().SetType("TEST").SetSubjectID("var_x").SaveX(ctx)
	waitfor.Cond(t, "instance B to publish the event committed on A", func() bool {
		return b.Client.DomainEvent.Query().Where(domainevent.ID(ev.ID), domainevent.PublishedAtNotNil()).ExistX(ctx)
	})
}

// A storefront's writes that give no job work (a guest cart with a line)
// wake none of the jobs that name their tables: under cart traffic the
// outbox dispatcher, mail and webhook senders and payment reconciler do
// not poll the database after every commit. A write to a job's table
// still wakes it.
func TestCartWritesWakeNoTableJob(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		w := c.Server.Workers()
		settled(t, w)
		jobs := []string{"outbox dispatch", "mail outbox", "webhook delivery", "payment reconcile"}
		before := map[string]int64{}
		for _, j := range jobs {
			before[j], _ = w.Job(j)
		}
		var variant struct {
			Products struct {
				Edges []struct {
					Node struct {
						Variants struct {
							Edges []struct{ Node struct{ ID string } }
						}
					}
				}
			}
		}
		c.Query(t, `{ products(first: 1) { edges { node { variants(first: 1) { edges { node { id } } } } } } }`, nil).Decode(t, &variant)
		id := variant.Products.Edges[0].Node.Variants.Edges[0].Node.ID
		rings := st.Wake.Rings()
		for range 3 {
			r := c.Query(t, `mutation($v: ID!) { cartCreate(input: {lines: [{merchandiseId: $v, quantity: 1}]}) { cart { id } userErrors { code } } }`,
				map[string]any{"v": id})
			var d struct {
				CartCreate struct{ Cart *struct{ ID string } }
			}
			r.Decode(t, &d)
			if d.CartCreate.Cart == nil {
				t.Fatalf("cartCreate: %s", r.Data)
			}
		}
		// The commits rang (synchronously, before the answers).
		if st.Wake.Rings() == rings {
			t.Fatal("the cart commits did not ring the bell")
		}
		for _, j := range jobs {
			if runs, woken := w.Job(j); runs != before[j] || woken {
				t.Errorf("%s: woken by cart writes (runs %d → %d, woken %v)", j, before[j], runs, woken)
			}
		}
		// A domain event does wake the dispatcher.
		st.Client.DomainEvent.Create().SetType("TEST").SetSubjectID("var_x").SaveX(context.Background())
		waitfor.Cond(t, "the dispatcher to run after a domain event", func() bool {
			runs, _ := w.Job("outbox dispatch")
			return runs > before["outbox dispatch"]
		})
	})
}
