package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/policy"
)

// readableProducts loads by ID the products the request's viewer may read
// (policy.Reader; nil for the others): what a review or an order line links
// to.
func readableProducts(c *ent.Client) dataloader.BatchFunc[pulid.ID, *ent.Product] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*ent.Product] {
		var rows []*ent.Product
		view, err := policy.Reader(ctx)
		if err == nil {
			rows, err = c.Product.Query().Where(product.IDIn(keys...), view.Products()).All(ctx)
		}
		by := make(map[pulid.ID]*ent.Product, len(rows))
		for _, r := range rows {
			by[r.ID] = r
		}
		out := make([]*dataloader.Result[*ent.Product], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*ent.Product]{Data: by[k], Error: err}
		}
		return out
	}
}

// Product is a product the viewer may read, by ID, or nil.
func (l *Loaders) Product(ctx context.Context, id pulid.ID) (*ent.Product, error) {
	return l.product.Load(ctx, id)()
}
