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
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"
	"go.opentelemetry.io/otel/trace"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/pricing"
)

// wait is how long a loader collects keys before it queries.
const wait = time.Millisecond

type ctxKey struct{}

// Loaders are the request-scoped loaders.
type Loaders struct {
	client *ent.Client
	// VariantStock is units available per variant.
	VariantStock *Stock
	// ProductStock is units available per product, all variants together.
	ProductStock *Stock
	// Category is a category by ID.
	Category *dataloader.Loader[pulid.ID, *ent.Category]
	// cartQuote prices carts now: lines, discounts, shipping, tax. Use Quote.
	cartQuote *dataloader.Loader[pulid.ID, *cart.Quote]
	carts     sync.Map // pulid.ID → *ent.Cart already loaded by the request
	// Orders batch the lists hanging off orders.
	Orders *OrderChildren
	// InWishlist is whether the viewer's wishlists hold a product.
	InWishlist *dataloader.Loader[pulid.ID, bool]
	// Variant is a variant the viewer may read (policy.Reader), by ID.
	Variant *dataloader.Loader[pulid.ID, *ent.ProductVariant]
	product *dataloader.Loader[pulid.ID, *ent.Product]
	// affiliateStats are affiliates' clicks, conversions and earnings.
	affiliateStats *dataloader.Loader[pulid.ID, *affiliate.Stats]
	sellerMembers  *dataloader.Loader[pulid.ID, []*ent.SellerMember]
	linePages      sync.Map // linePageKey → *ent.OrderLineConnection (orderlines.go)
	// productVariants are all variants of a product (options.go).
	productVariants *dataloader.Loader[pulid.ID, []*ent.ProductVariant]
	// levels are variants' stock per warehouse (levels.go).
	levels *dataloader.Loader[pulid.ID, *inventory.VariantLevels]
	// productPromos are the live promotions covering products (promotions.go).
	productPromos *dataloader.Loader[*ent.Product, []*pricing.Promotion]
	// rec batches Product.recommendations (recommend.go).
	rec recLoader
}

// New builds a fresh set of loaders.
func New(c *ent.Client, pricer *cart.Pricer) *Loaders { return build(c, pricer, false) }

// build builds the loaders; with tr, each batch fetch gets a span.
func build(c *ent.Client, pricer *cart.Pricer, tr bool) *Loaders {
	opts := func() []dataloader.Option[pulid.ID, int] {
		return []dataloader.Option[pulid.ID, int]{dataloader.WithWait[pulid.ID, int](wait),
			dataloader.WithTracer[pulid.ID, int](countTracer{})}
	}
	l := &Loaders{
		client:          c,
		Orders:          newOrderChildren(c, tr),
		InWishlist:      dataloader.NewBatchedLoader(traced(tr, "inWishlist", inWishlist(c)), dataloader.WithWait[pulid.ID, bool](wait)),
		Variant:         dataloader.NewBatchedLoader(traced(tr, "variant", readableVariants(c)), dataloader.WithWait[pulid.ID, *ent.ProductVariant](wait)),
		product:         dataloader.NewBatchedLoader(traced(tr, "product", readableProducts(c)), dataloader.WithWait[pulid.ID, *ent.Product](wait)),
		affiliateStats:  dataloader.NewBatchedLoader(traced(tr, "affiliateStats", affiliateStats(c)), dataloader.WithWait[pulid.ID, *affiliate.Stats](wait)),
		sellerMembers:   dataloader.NewBatchedLoader(traced(tr, "sellerMembers", sellerMembers(c)), dataloader.WithWait[pulid.ID, []*ent.SellerMember](wait)),
		productVariants: dataloader.NewBatchedLoader(traced(tr, "productVariants", allVariants(c)), dataloader.WithWait[pulid.ID, []*ent.ProductVariant](wait)),
		levels:          dataloader.NewBatchedLoader(traced(tr, "inventoryLevels", variantLevels(c)), dataloader.WithWait[pulid.ID, *inventory.VariantLevels](wait)),
		VariantStock:    newStock(dataloader.NewBatchedLoader(traced(tr, "variantStock", counts(c, inventory.AvailableByVariant)), opts()...)),
		ProductStock:    newStock(dataloader.NewBatchedLoader(traced(tr, "productStock", counts(c, inventory.AvailableByProduct)), opts()...)),
		Category: dataloader.NewBatchedLoader(traced(tr, "category", categories(c)),
			dataloader.WithWait[pulid.ID, *ent.Category](wait)),
	}
	l.productPromos = dataloader.NewBatchedLoader(traced(tr, "productPromotions", productPromotions(pricer)),
		dataloader.WithWait[*ent.Product, []*pricing.Promotion](wait))
	l.rec.loader = dataloader.NewBatchedLoader(traced(tr, "recommendations", l.recBatch),
		dataloader.WithWait[recKey, []*ent.Product](wait))
	l.cartQuote = dataloader.NewBatchedLoader(traced(tr, "cartQuote", l.cartQuotes(pricer)), dataloader.WithWait[pulid.ID, *cart.Quote](wait))
	return l
}

// Quote returns a cart's price, computed once per request however many
// fields need it. c may be nil when only the ID is known (a cart line).
func (l *Loaders) Quote(ctx context.Context, id pulid.ID, c *ent.Cart) (*cart.Quote, error) {
	if c != nil {
		l.carts.LoadOrStore(id, c)
	}
	return l.cartQuote.Load(ctx, id)()
}

// Middleware attaches fresh loaders to every request. A traced request
// (its context carries a recording span) gets loaders whose batches are
// traced too.
func Middleware(c *ent.Client, pricer *cart.Pricer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		next.ServeHTTP(w, r.WithContext(With(ctx, build(c, pricer, trace.SpanFromContext(ctx).IsRecording()))))
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

func (l *Loaders) cartQuotes(pricer *cart.Pricer) dataloader.BatchFunc[pulid.ID, *cart.Quote] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*cart.Quote] {
		carts := make([]*ent.Cart, 0, len(keys))
		var unknown []pulid.ID
		for _, k := range keys {
			if c, ok := l.carts.Load(k); ok {
				carts = append(carts, c.(*ent.Cart))
			} else {
				unknown = append(unknown, k)
			}
		}
		var err error
		if len(unknown) > 0 {
			var more []*ent.Cart
			more, err = l.client.Cart.Query().Where(entcart.IDIn(unknown...)).All(ctx)
			carts = append(carts, more...)
		}
		var m map[pulid.ID]*cart.Quote
		if err == nil {
			m, err = pricer.QuoteMany(ctx, l.client, carts)
		}
		out := make([]*dataloader.Result[*cart.Quote], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*cart.Quote]{Data: m[k], Error: err}
			if err == nil && m[k] == nil {
				out[i].Error = fmt.Errorf("no cart %s", k)
			}
			if err == nil && m[k] != nil && m[k].Overflow != nil {
				// Never a wrapped-around amount: the cart's price fields
				// fail with what the buyer can fix.
				out[i] = &dataloader.Result[*cart.Quote]{Error: cart.OverflowError(m[k].Overflow)}
			}
		}
		return out
	}
}

// Clear forgets everything the request's loaders cached, if ctx has any. A
// subscription lives as long as its connection: it clears the loaders before
// each update so that the update is read afresh.
func Clear(ctx context.Context) {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		return
	}
	l.VariantStock.ClearAll()
	l.ProductStock.ClearAll()
	l.Category.ClearAll()
	l.cartQuote.ClearAll()
	l.carts.Clear()
	l.Orders.Payments.ClearAll()
	l.Orders.Fulfillments.ClearAll()
	l.Orders.Refunds.ClearAll()
	l.Orders.Returns.ClearAll()
	l.InWishlist.ClearAll()
	l.Variant.ClearAll()
	l.productVariants.ClearAll()
	l.linePages.Clear()
}
