// Package inventory knows how much of each variant can be sold: stock on hand
// minus reservations, per warehouse, summed.
package inventory

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// availableExpr is what one warehouse can sell of a variant (never negative).
const availableExpr = "SUM(CASE WHEN %[1]s > %[2]s THEN %[1]s - %[2]s ELSE 0 END)"

type row struct {
	Key   pulid.ID `json:"key"`
	Total int      `json:"total"`
}

// AvailableByVariant returns the units available of each variant, in one
// statement. Variants without stock are absent (read them as 0).
func AvailableByVariant(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []row
	err := c.InventoryLevel.Query().
		Where(inventorylevel.VariantIDIn(ids...)).
		Modify(func(s *entsql.Selector) {
			s.Select(
				entsql.As(s.C(inventorylevel.FieldVariantID), "key"),
				entsql.As(fmt.Sprintf(availableExpr, s.C(inventorylevel.FieldOnHand), s.C(inventorylevel.FieldReserved)), "total"),
			).GroupBy(s.C(inventorylevel.FieldVariantID))
		}).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("available stock by variant: %w", err)
	}
	return toMap(rows), nil
}

// AvailableByProduct returns the units available across all variants of each
// product, in one statement.
func AvailableByProduct(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []row
	err := c.InventoryLevel.Query().
		Modify(func(s *entsql.Selector) {
			v := entsql.Table(productvariant.Table).As("v")
			s.Join(v).On(s.C(inventorylevel.FieldVariantID), v.C(productvariant.FieldID)).
				Where(entsql.In(v.C(productvariant.FieldProductID), anys(ids)...)).
				Select(
					entsql.As(v.C(productvariant.FieldProductID), "key"),
					entsql.As(fmt.Sprintf(availableExpr, s.C(inventorylevel.FieldOnHand), s.C(inventorylevel.FieldReserved)), "total"),
				).GroupBy(v.C(productvariant.FieldProductID))
		}).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("available stock by product: %w", err)
	}
	return toMap(rows), nil
}

// InStock is a predicate on inventory levels: the warehouse can sell some.
func InStock() func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.ColumnsGT(s.C(inventorylevel.FieldOnHand), s.C(inventorylevel.FieldReserved)))
	}
}

func toMap(rows []row) map[pulid.ID]int {
	m := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		m[r.Key] = r.Total
	}
	return m
}

func anys(ids []pulid.ID) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
