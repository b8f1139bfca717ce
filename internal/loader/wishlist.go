package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/wishlist"
)

// inWishlist answers Product.inWishlist for a page of products in one
// statement: the viewer is the request's.
func inWishlist(c *ent.Client) dataloader.BatchFunc[pulid.ID, bool] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[bool] {
		out := make([]*dataloader.Result[bool], len(keys))
		v, err := account.CurrentViewer(ctx)
		var m map[pulid.ID]bool
		if err == nil && v != nil {
			m, err = wishlist.InWishlist(ctx, c, v.Customer.ID, keys)
		}
		for i, k := range keys {
			out[i] = &dataloader.Result[bool]{Data: m[k], Error: err}
		}
		return out
	}
}

// readableVariants loads by ID the variants of the products the request's
// viewer may read (policy.Reader; nil for the others): what a wishlist item
// or an order line links to.
func readableVariants(c *ent.Client) dataloader.BatchFunc[pulid.ID, *ent.ProductVariant] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*ent.ProductVariant] {
		var rows []*ent.ProductVariant
		view, err := policy.Reader(ctx)
		if err == nil {
			rows, err = c.ProductVariant.Query().Where(productvariant.IDIn(keys...), view.Variants()).All(ctx)
		}
		by := make(map[pulid.ID]*ent.ProductVariant, len(rows))
		for _, r := range rows {
			by[r.ID] = r
		}
		out := make([]*dataloader.Result[*ent.ProductVariant], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*ent.ProductVariant]{Data: by[k], Error: err}
		}
		return out
	}
}
