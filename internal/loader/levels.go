package loader

import (
	"context"
	"fmt"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/inventory"
)

// variantLevels loads stock levels per variant with the variant's seller.
func variantLevels(c *ent.Client) dataloader.BatchFunc[pulid.ID, *inventory.VariantLevels] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*inventory.VariantLevels] {
		m, err := inventory.LevelsByVariant(ctx, c, keys)
		out := make([]*dataloader.Result[*inventory.VariantLevels], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*inventory.VariantLevels]{Data: m[k], Error: err}
		}
		return out
	}
}

// InventoryLevels returns a variant's stock per warehouse to whoever
// inventory.MayReadLevels lets read it (FORBIDDEN otherwise). Everyone but
// seller members and admins is refused before any statement; the levels of
// many variants load together (primed for product pages).
func (l *Loaders) InventoryLevels(ctx context.Context, variantID pulid.ID) ([]*ent.InventoryLevel, error) {
	if err := inventory.MayReadLevels(ctx, ""); err != nil {
		return nil, err
	}
	vl, err := l.levels.Load(ctx, variantID)()
	if err != nil {
		return nil, err
	}
	if vl == nil {
		return nil, fmt.Errorf("stock levels of variant %s: the variant is gone", variantID)
	}
	if err := inventory.MayReadLevels(ctx, vl.SellerID); err != nil {
		return nil, err
	}
	return vl.Levels, nil
}

// primeLevels loads the stock levels of these variants in one batch, when
// the viewer could read some (a seller member or an admin).
func (l *Loaders) primeLevels(ctx context.Context, ids []pulid.ID) error {
	if len(ids) == 0 || inventory.MayReadLevels(ctx, "") != nil {
		return nil
	}
	m, err := inventory.LevelsByVariant(ctx, l.client, ids)
	if err != nil {
		return err
	}
	for id, vl := range m {
		l.levels.Prime(ctx, id, vl)
	}
	return nil
}
