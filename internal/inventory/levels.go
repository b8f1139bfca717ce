package inventory

import (
	"context"
	"fmt"
	"slices"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/policy"
)

// VariantLevels is a variant's stock per warehouse, with the seller whose
// members may read it.
type VariantLevels struct {
	SellerID pulid.ID
	// Levels, with their warehouse loaded, in reservation order.
	Levels []*ent.InventoryLevel
}

// MayReadLevels decides who reads a variant's stock per warehouse: members
// of its product's seller and admins. With sellerID "" it only checks that
// the viewer could be one (a seller member or an admin), so that everyone
// else is refused before anything is loaded. Errors: UNAUTHENTICATED,
// FORBIDDEN.
func MayReadLevels(ctx context.Context, sellerID pulid.ID) error {
	if sellerID == "" {
		_, err := policy.Require(ctx, policy.Seller)
		return err
	}
	_, err := policy.ManageSeller(ctx, sellerID)
	return err
}

// LevelsByVariant loads the stock levels of these variants, and their
// products' sellers, in three statements whatever their number. It does not
// authorize: callers check MayReadLevels. Unknown variants are absent.
func LevelsByVariant(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]*VariantLevels, error) {
	var owners []struct {
		Variant pulid.ID `json:"variant_id"`
		Seller  pulid.ID `json:"seller_id"`
	}
	err := c.ProductVariant.Query().Where(productvariant.IDIn(ids...)).
		Modify(func(s *entsql.Selector) {
			p := entsql.Table(product.Table).As("p")
			s.Join(p).On(s.C(productvariant.FieldProductID), p.C(product.FieldID)).
				Select(entsql.As(s.C(productvariant.FieldID), "variant_id"), entsql.As(p.C(product.FieldSellerID), "seller_id"))
		}).Scan(ctx, &owners)
	if err != nil {
		return nil, fmt.Errorf("load variant sellers: %w", err)
	}
	out := make(map[pulid.ID]*VariantLevels, len(owners))
	for _, o := range owners {
		out[o.Variant] = &VariantLevels{SellerID: o.Seller, Levels: []*ent.InventoryLevel{}}
	}
	levels, err := c.InventoryLevel.Query().Where(inventorylevel.VariantIDIn(ids...)).WithWarehouse().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load stock levels: %w", err)
	}
	for _, l := range levels {
		if v := out[l.VariantID]; v != nil {
			v.Levels = append(v.Levels, l)
		}
	}
	for _, v := range out {
		slices.SortFunc(v.Levels, func(a, b *ent.InventoryLevel) int {
			return CompareWarehouses(a.Edges.Warehouse, b.Edges.Warehouse)
		})
	}
	return out, nil
}
