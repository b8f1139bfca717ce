// Package loader batches per-row lookups of a GraphQL request into one
// statement per kind (graph-gophers/dataloader/v7). Loaders live for one
// request: Middleware builds them, For fetches them.
//
// Lists prime the loaders (prime.go) for the rows they return, so that a page
// of products costs the same number of statements whatever its size, without
// depending on a batching window; a lone object falls back to the loader's
// short batching wait.
package loader

import (
	"context"
	"net/http"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/inventory"
)

// wait is how long a loader collects keys before it queries.
const wait = time.Millisecond

type ctxKey struct{}

// Loaders are the request-scoped loaders.
type Loaders struct {
	client *ent.Client
	// VariantStock is units available per variant.
	VariantStock *dataloader.Loader[pulid.ID, int]
	// ProductStock is units available per product, all variants together.
	ProductStock *dataloader.Loader[pulid.ID, int]
	// Category is a category by ID.
	Category *dataloader.Loader[pulid.ID, *ent.Category]
	// CartCost is the current price of a cart.
	CartCost *dataloader.Loader[cart.Key, cart.Cost]
}

// New builds a fresh set of loaders.
func New(c *ent.Client) *Loaders {
	opts := func() []dataloader.Option[pulid.ID, int] {
		return []dataloader.Option[pulid.ID, int]{dataloader.WithWait[pulid.ID, int](wait)}
	}
	return &Loaders{
		client:       c,
		VariantStock: dataloader.NewBatchedLoader(counts(c, inventory.AvailableByVariant), opts()...),
		ProductStock: dataloader.NewBatchedLoader(counts(c, inventory.AvailableByProduct), opts()...),
		Category: dataloader.NewBatchedLoader(categories(c),
			dataloader.WithWait[pulid.ID, *ent.Category](wait)),
		CartCost: dataloader.NewBatchedLoader(cartCosts(c),
			dataloader.WithWait[cart.Key, cart.Cost](wait)),
	}
}

// Middleware attaches fresh loaders to every request.
func Middleware(c *ent.Client, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(With(r.Context(), New(c))))
	})
}

// With returns ctx carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders; it panics if Middleware is missing,
// which is a wiring bug, not a runtime condition.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loader: no loaders in context (loader.Middleware missing)")
	}
	return l
}

type countFn func(context.Context, *ent.Client, []pulid.ID) (map[pulid.ID]int, error)

// counts adapts a map-returning query to dataloader's positional results.
func counts(c *ent.Client, fn countFn) dataloader.BatchFunc[pulid.ID, int] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[int] {
		m, err := fn(ctx, c, keys)
		out := make([]*dataloader.Result[int], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[int]{Data: m[k], Error: err}
		}
		return out
	}
}

func categories(c *ent.Client) dataloader.BatchFunc[pulid.ID, *ent.Category] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*ent.Category] {
		rows, err := c.Category.Query().Where(category.IDIn(keys...)).All(ctx)
		byID := make(map[pulid.ID]*ent.Category, len(rows))
		for _, r := range rows {
			byID[r.ID] = r
		}
		out := make([]*dataloader.Result[*ent.Category], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*ent.Category]{Data: byID[k], Error: err}
		}
		return out
	}
}

func cartCosts(c *ent.Client) dataloader.BatchFunc[cart.Key, cart.Cost] {
	return func(ctx context.Context, keys []cart.Key) []*dataloader.Result[cart.Cost] {
		m, err := cart.PriceMany(ctx, c, keys)
		out := make([]*dataloader.Result[cart.Cost], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[cart.Cost]{Data: m[k.ID], Error: err}
		}
		return out
	}
}
