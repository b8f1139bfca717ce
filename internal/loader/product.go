package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
)

// publicProducts loads ACTIVE products of ACTIVE sellers by ID (nil for the
// others): what a review links to.
func publicProducts(c *ent.Client) dataloader.BatchFunc[pulid.ID, *ent.Product] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*ent.Product] {
		rows, err := c.Product.Query().Where(product.IDIn(keys...), product.StatusEQ(product.StatusACTIVE),
			product.HasSellerWith(seller.StatusEQ(seller.StatusACTIVE))).All(ctx)
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

// Product is a public product by ID, or nil.
func (l *Loaders) Product(ctx context.Context, id pulid.ID) (*ent.Product, error) {
	return l.product.Load(ctx, id)()
}
