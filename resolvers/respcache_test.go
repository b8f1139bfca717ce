package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/domainevent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/testsrv"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/migrations"
)

const cachedProduct = `query($slug: String!) { product(slug: $slug) { name variants(first: 5) { edges { node { price { amount } quantityAvailable } } } } }`

// getGraphQL sends a query by GET, as a CDN sees it.
func getGraphQL(t *testing.T, c *apitest.Client, query string, vars map[string]any, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	v, _ := json.Marshal(vars)
	u := c.URL + "/graphql?query=" + url.QueryEscape(query) + "&variables=" + url.QueryEscape(string(v))
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for k, val := range hdr {
		req.Header.Set(k, val)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// GET answers to PUBLIC queries are cacheable by CDNs, with a strong ETag
// and 304; with a viewer, or by POST, or PRIVATE, they are private,
// no-store. Whatever the order, a viewer never gets the shared entry (a
// seller's draft product is null for the public, there for its owner), and
// errors, partial and PRIVATE answers are never kept.
func TestResponseCacheHTTPAndViewers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		p, _ := w.product(t)
		draft := st.Client.Product.Create().SetName("Draft").SetSlug("draft-thing").SetSellerID(w.seller.ID).
			SetStatus(product.StatusDRAFT).SaveX(ctx)
		st.Client.ProductVariant.Create().SetProductID(draft.ID).SetSku("DRAFT-1").SetPrice(500).SetCurrency("EUR").ExecX(ctx)
		vars := map[string]any{"slug": p.Slug}
		// The fixtures' purges are published before the answers are
		// cached (one coming meanwhile keeps an answer out).
		drained(t, st)

		resp, body := getGraphQL(t, w.c, cachedProduct, vars, nil)
		cc, etag := resp.Header.Get("Cache-Control"), resp.Header.Get("ETag")
		if resp.StatusCode != 200 || cc != "public, max-age=10, stale-while-revalidate=10" || !strings.HasPrefix(etag, `"`) {
			t.Fatalf("GET of a PUBLIC query: %d, Cache-Control %q, ETag %q: %s", resp.StatusCode, cc, etag, body)
		}
		if !strings.Contains(body, `"10.00"`) {
			t.Fatalf("body: %s", body)
		}
		if v := resp.Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Authorization") {
			t.Fatalf("Vary %v lacks Authorization", v)
		}
		// Served from the cache: no SQL, same bytes, same ETag.
		var again string
		if n := w.c.Statements(func() { resp, again = getGraphQL(t, w.c, cachedProduct, vars, nil) }); n != 0 || again != body || resp.Header.Get("ETag") != etag {
			t.Fatalf("second GET: %d statements, same body %v, ETag %q (first %q)", n, again == body, resp.Header.Get("ETag"), etag)
		}
		resp, again = getGraphQL(t, w.c, cachedProduct, vars, map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || again != "" || resp.Header.Get("ETag") != etag {
			t.Fatalf("If-None-Match: %d %q", resp.StatusCode, again)
		}
		resp, _ = getGraphQL(t, w.c, cachedProduct, vars, map[string]string{"If-None-Match": `"other"`})
		if resp.StatusCode != 200 {
			t.Fatalf("If-None-Match of another ETag: %d", resp.StatusCode)
		}
		// A viewer: private, no-store, computed for them.
		resp, _ = getGraphQL(t, w.c, cachedProduct, vars, map[string]string{"Authorization": "Bearer " + w.tokens["customer"]})
		if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" || resp.Header.Get("ETag") != "" {
			t.Fatalf("GET with a viewer: Cache-Control %q, ETag %q", cc, resp.Header.Get("ETag"))
		}
		// PRIVATE fields, and POST: private, no-store.
		resp, _ = getGraphQL(t, w.c, `query($slug: String!) { product(slug: $slug) { name inWishlist } }`, vars, nil)
		if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Fatalf("GET of a PRIVATE field: Cache-Control %q", cc)
		}
		body2, _ := json.Marshal(map[string]any{"query": cachedProduct, "variables": vars})
		preq, _ := http.NewRequest(http.MethodPost, w.c.URL+"/graphql", strings.NewReader(string(body2)))
		preq.Header.Set("Content-Type", "application/json")
		presp, err := http.DefaultClient.Do(preq)
		if err != nil {
			t.Fatal(err)
		}
		presp.Body.Close()
		if cc := presp.Header.Get("Cache-Control"); cc != "private, no-store" || presp.Header.Get("ETag") != "" {
			t.Fatalf("POST: Cache-Control %q", cc)
		}

		// The draft: the public's null is kept; its owner still sees it,
		// and the public never sees the owner's answer.
		dv := map[string]any{"slug": "draft-thing"}
		const name = `query($slug: String!) { product(slug: $slug) { name } }`
		if d := gqlOK(t, w, "anonymous", name, dv); get(d, "product") != nil {
			t.Fatalf("the public sees a draft: %v", d)
		}
		if d := gqlOK(t, w, "owner", name, dv); get(d, "product.name") != "Draft" {
			t.Fatalf("the owner got the public's entry: %v", d)
		}
		if d := gqlOK(t, w, "anonymous", name, dv); get(d, "product") != nil {
			t.Fatalf("the public got the owner's answer: %v", d)
		}

		cache := w.c.Server.ResponseCache()
		kept := cache.Len()
		for _, q := range []struct {
			query string
			vars  map[string]any
		}{
			{`query($slug: String!) { product(slug: $slug) { name inWishlist } }`, vars},                                                              // PRIVATE
			{`{ product(slug: "x", id: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV") { name } }`, nil},                                                            // an error
			{`query($slug: String!) { a: product(slug: $slug) { name } b: product(slug: "x", id: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV") { name } }`, vars}, // partial
		} {
			getGraphQL(t, w.c, q.query, q.vars, nil)
			w.c.Query(t, q.query, q.vars)
			if n := cache.Len(); n != kept {
				t.Fatalf("%s was kept (%d entries, had %d)", q.query, n, kept)
			}
		}
	})
}

// drained waits until the outbox has published every domain event.
func drained(t *testing.T, st *store.Store) {
	t.Helper()
	waitfor.Cond(t, "the outbox to publish the domain events", func() bool {
		return st.Client.DomainEvent.Query().Where(domainevent.PublishedAtIsNil()).CountX(context.Background()) == 0
	})
}

// openTwice opens a fresh migrated database through two stores, as two
// instances would.
func openTwice(t *testing.T, dia string) (*store.Store, *store.Store) {
	t.Helper()
	u := testdb.URL(t, dia)
	var sts [2]*store.Store
	for i := range sts {
		st, err := store.Open(context.Background(), u, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		sts[i] = st
	}
	if dia == dialect.SQLite {
		if _, err := migrations.Apply(context.Background(), sts[0].DB, dia); err != nil {
			t.Fatal(err)
		}
	}
	return sts[0], sts[1]
}

// Two instances share one database and a Redis: a price change and a stock
// change committed through A show on B within a second of the commit,
// though B had the answer cached (in process and in Redis). With Redis
// killed, both keep answering, and correctly.
func TestResponseCacheAcrossInstances(t *testing.T) {
	testsrv.StartRedis(t) // skips now without redis-server
	for _, dia := range testdb.Dialects {
		t.Run(dia, func(t *testing.T) {
			rs := testsrv.StartRedis(t)
			stA, stB := openTwice(t, dia)
			ctx := context.Background()
			seller := stA.Client.Seller.Create().SetName("S").SetSlug("s").SaveX(ctx)
			p := stA.Client.Product.Create().SetName("Lamp").SetSlug("lamp").SetSellerID(seller.ID).SetStatus(product.StatusACTIVE).SaveX(ctx)
			v := stA.Client.ProductVariant.Create().SetProductID(p.ID).SetSku("L-1").SetPrice(1000).SetCurrency("EUR").SaveX(ctx)
			wh, err := inventory.DefaultWarehouse(ctx, stA.Client)
			if err != nil {
				t.Fatal(err)
			}
			stA.Client.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(wh.ID).SetOnHand(5).ExecX(ctx)

			withRedis := apitest.Config(func(c *config.Config) { c.RedisURL = rs.URL })
			a, b := apitest.New(t, stA, withRedis), apitest.New(t, stB, withRedis)
			vars := map[string]any{"slug": "lamp"}
			read := func(c *apitest.Client) string {
				// Behind one load balancer, every instance sees the same
				// Host (answers' media URLs are absolute against it).
				b, _ := json.Marshal(map[string]any{"query": cachedProduct, "variables": vars})
				req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", strings.NewReader(string(b)))
				req.Header.Set("Content-Type", "application/json")
				req.Host = "shop.example"
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var r apitest.Response
				if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
					t.Fatalf("errors: %v %v", err, r.Errors)
				}
				var d struct {
					Product struct {
						Variants struct {
							Edges []struct {
								Node struct {
									Price             struct{ Amount string }
									QuantityAvailable int
								}
							}
						}
					}
				}
				r.Decode(t, &d)
				n := d.Product.Variants.Edges[0].Node
				return fmt.Sprintf("%s/%d", n.Price.Amount, n.QuantityAvailable)
			}
			if got := read(a); got != "10.00/5" {
				t.Fatalf("A: %s", got)
			}
			// B's first answer comes from Redis (A stored it), its next ones
			// from its own process: no SQL either way.
			if n := b.Statements(func() {
				if got := read(b); got != "10.00/5" {
					t.Fatalf("B: %s", got)
				}
			}); n != 0 {
				t.Fatalf("B ran %d statements for an answer A had cached", n)
			}
			within := func(what string, committed time.Time, c *apitest.Client, want string) {
				t.Helper()
				var seen time.Time
				ok := waitfor.Try(time.Until(committed.Add(time.Second)), func() bool {
					if read(c) == want {
						seen = time.Now()
						return true
					}
					return false
				})
				if !ok || seen.Sub(committed) > time.Second {
					t.Fatalf("%s: %s not seen within 1 s of the commit (last %s)", what, want, read(c))
				}
				t.Logf("%s: seen %v after the commit", what, seen.Sub(committed).Round(time.Millisecond))
			}
			change := func(fn func(tx *ent.Tx) error) time.Time {
				t.Helper()
				if err := stA.WithTx(ctx, fn); err != nil {
					t.Fatal(err)
				}
				return time.Now()
			}
			committed := change(func(tx *ent.Tx) error { return tx.ProductVariant.UpdateOneID(v.ID).SetPrice(1250).Exec(ctx) })
			within("price on B", committed, b, "12.50/5")
			within("price on A", committed, a, "12.50/5")
			committed = change(func(tx *ent.Tx) error {
				return tx.InventoryLevel.Update().Where(inventorylevel.VariantID(v.ID)).SetOnHand(3).Exec(ctx)
			})
			within("stock on B", committed, b, "12.50/3")
			within("stock on A", committed, a, "12.50/3")

			// Redis gone: answers stay right (purges reach B through the
			// outbox), and nothing fails.
			rs.Kill(t)
			change(func(tx *ent.Tx) error { return tx.ProductVariant.UpdateOneID(v.ID).SetPrice(990).Exec(ctx) })
			for name, c := range map[string]*apitest.Client{"A": a, "B": b} {
				waitfor.Cond(t, "the new price on "+name+" with Redis down", func() bool { return read(c) == "9.90/3" })
			}
			rs.Start(t)
			waitfor.Cond(t, "B to subscribe to Redis again", func() bool { return strings.Contains(b.Logs.String(), "subscribed to Redis again") })
			committed = change(func(tx *ent.Tx) error { return tx.ProductVariant.UpdateOneID(v.ID).SetPrice(1100).Exec(ctx) })
			within("price on B after the outage", committed, b, "11.00/3")
		})
	}
}
