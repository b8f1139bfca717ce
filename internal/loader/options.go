package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// allVariants loads every variant of products, by position: what options
// and variantBySelectedOptions are computed from. The products are ones
// the caller may already see.
func allVariants(c *ent.Client) dataloader.BatchFunc[pulid.ID, []*ent.ProductVariant] {
	return byOrder(func(ctx context.Context, ids []pulid.ID) ([]*ent.ProductVariant, error) {
		return c.ProductVariant.Query().Where(productvariant.ProductIDIn(ids...)).
			Order(ent.Asc(productvariant.FieldPosition), ent.Asc(productvariant.FieldID)).All(ctx)
	}, func(v *ent.ProductVariant) pulid.ID { return v.ProductID })
}

// ProductVariants returns all variants of a visible product, by position.
func (l *Loaders) ProductVariants(ctx context.Context, productID pulid.ID) ([]*ent.ProductVariant, error) {
	return l.productVariants.Load(ctx, productID)()
}

// primeVariants loads the variants of a page of products in one statement.
func (l *Loaders) primeVariants(ctx context.Context, ids []pulid.ID) error {
	res := allVariants(l.client)(ctx, ids)
	for i, id := range ids {
		if res[i].Error != nil {
			return res[i].Error
		}
		l.productVariants.Prime(ctx, id, res[i].Data)
	}
	return nil
}
