package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/pricing"
)

// ProductPromotionSource finds the live promotions covering products
// (internal/promotion.Service, the pricer's promotion source).
type ProductPromotionSource interface {
	ForProducts(ctx context.Context, products []*ent.Product) (map[pulid.ID][]*pricing.Promotion, error)
}

// productPromotions batches Product.activePromotions over a page of
// products: the promotions are in memory, so a page costs no statement,
// or one for the categories when a promotion has category conditions.
func productPromotions(pricer *cart.Pricer) dataloader.BatchFunc[*ent.Product, []*pricing.Promotion] {
	return func(ctx context.Context, keys []*ent.Product) []*dataloader.Result[[]*pricing.Promotion] {
		out := make([]*dataloader.Result[[]*pricing.Promotion], len(keys))
		var m map[pulid.ID][]*pricing.Promotion
		var err error
		if src, ok := pricerSource(pricer); ok {
			m, err = src.ForProducts(ctx, keys)
		}
		for i, k := range keys {
			out[i] = &dataloader.Result[[]*pricing.Promotion]{Data: m[k.ID], Error: err}
		}
		return out
	}
}

// ProductPromotions returns the live promotions covering a product.
func (l *Loaders) ProductPromotions(ctx context.Context, p *ent.Product) ([]*pricing.Promotion, error) {
	return l.productPromos.Load(ctx, p)()
}

func pricerSource(p *cart.Pricer) (ProductPromotionSource, bool) {
	if p == nil {
		return nil, false
	}
	src, ok := p.Promotions.(ProductPromotionSource)
	return src, ok
}
