package recommend_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/recommend"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

// history is an order history with a known structure: products come in
// clusters (a category each) that customers buy together, over a few
// popular products everyone buys (the noise a popularity list catches).
// Each customer has a cluster; their held-out purchase is, four times in
// five, a product of their cluster they have not bought yet, else a
// popular one.
type history struct {
	clusters [][]*ent.Product
	popular  []*ent.Product
	bought   map[pulid.ID][]*ent.Product // customer → training purchases
	held     map[pulid.ID]*ent.Product   // customer → held-out purchase
	members  []*ent.Customer
}

const (
	evalClusters     = 12
	evalClusterSize  = 8
	evalPopular      = 6
	evalCustomers    = 150
	evalOrders       = 3 // per customer, before the held-out one
	evalK            = 10
	evalMinAdvantage = 0.3
)

func generate(t testing.TB, s *shop, rng *rand.Rand, now time.Time) *history {
	h := &history{bought: map[pulid.ID][]*ent.Product{}, held: map[pulid.ID]*ent.Product{}}
	for range evalClusters {
		cat := s.category("cluster")
		h.clusters = append(h.clusters, s.products(evalClusterSize, item{cat: &cat}))
	}
	pop := s.category("popular")
	h.popular = s.products(evalPopular, item{cat: &pop})
	notIn := func(pool, have []*ent.Product) []*ent.Product {
		var out []*ent.Product
		for _, p := range pool {
			if !containsP(have, p) {
				out = append(out, p)
			}
		}
		return out
	}
	for i := range evalCustomers {
		cu := s.customer()
		h.members = append(h.members, cu)
		cluster := h.clusters[rng.IntN(evalClusters)]
		var mine []*ent.Product
		for o := range evalOrders {
			var basket []*ent.Product
			for _, p := range pickN(rng, notIn(cluster, mine), 2) {
				basket = append(basket, p)
			}
			if rng.Float64() < 0.7 {
				basket = append(basket, h.popular[rng.IntN(evalPopular)])
			}
			paid := now.Add(-time.Duration(evalOrders-o)*24*time.Hour - time.Duration(i)*time.Minute)
			s.order(cu, &paid, basket...)
			mine = append(mine, basket...)
		}
		h.bought[cu.ID] = mine
		pool := notIn(cluster, mine)
		if rng.Float64() < 0.2 || len(pool) == 0 {
			pool = notIn(h.popular, mine)
		}
		if len(pool) > 0 {
			h.held[cu.ID] = pool[rng.IntN(len(pool))]
		}
	}
	return h
}

func pickN(rng *rand.Rand, pool []*ent.Product, n int) []*ent.Product {
	pool = append([]*ent.Product(nil), pool...)
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	return pool[:min(n, len(pool))]
}

func containsP(ps []*ent.Product, p *ent.Product) bool {
	for _, x := range ps {
		if x.ID == p.ID {
			return true
		}
	}
	return false
}

// TestOfflineHitRate holds out each customer's last purchase of a
// generated history and measures hit rate @10 (the share of customers
// whose held-out product is in their list of 10) of the personal list, on
// the store's own code path (the worker, then Service.ForCustomer), against
// a popularity baseline (the 10 best sellers they have not bought). Run
// with -v to see both figures:
//
//	go test ./internal/recommend -run TestOfflineHitRate -v
func TestOfflineHitRate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newShop(t, st)
		h := generate(t, s, rand.New(rand.NewPCG(1, 2)), t0)
		if err := (&recommend.Pairs{St: st, Now: func() time.Time { return t0 }}).RunAll(ctx); err != nil {
			t.Fatal(err)
		}
		if err := (&catalog.BestSellers{St: st, Window: 30 * 24 * time.Hour, Now: func() time.Time { return t0 }}).Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		popular, err := st.Client.Product.Query().Order(ent.Desc(product.FieldUnitsSold), ent.Asc(product.FieldID)).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		svc := &recommend.Service{Client: st.Client, Now: func() time.Time { return t0 }}
		var ours, base, n int
		for _, cu := range h.members {
			held, ok := h.held[cu.ID]
			if !ok {
				continue
			}
			n++
			list, err := svc.ForCustomer(account.AsViewer(ctx, &account.Viewer{Customer: cu}), cu.ID, ptr(evalK))
			if err != nil {
				t.Fatal(err)
			}
			if containsP(list, held) {
				ours++
			}
			var top []*ent.Product
			for _, p := range popular {
				if len(top) < evalK && !containsP(h.bought[cu.ID], p) {
					top = append(top, p)
				}
			}
			if containsP(top, held) {
				base++
			}
		}
		hrOurs, hrBase := float64(ours)/float64(n), float64(base)/float64(n)
		t.Logf("hit rate @%d over %d customers: recommendations %.3f, popularity baseline %.3f", evalK, n, hrOurs, hrBase)
		if hrOurs < hrBase+evalMinAdvantage {
			t.Fatalf("hit rate @%d %.3f does not beat the popularity baseline %.3f by %.2f", evalK, hrOurs, hrBase, evalMinAdvantage)
		}
	})
}
