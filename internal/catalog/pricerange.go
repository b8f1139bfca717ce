package catalog

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// RefreshPriceRanges recomputes the stored price range of the given products
// from their variants, in one statement. Call it in the transaction that
// changed the variants.
func RefreshPriceRanges(ctx context.Context, c *ent.Client, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	agg := func(fn, column string) func(*entsql.UpdateBuilder) {
		return func(u *entsql.UpdateBuilder) {
			u.Set(column, entsql.Expr(fmt.Sprintf("(SELECT COALESCE(%s(v.%s), 0) FROM %s v WHERE v.%s = %s.%s)",
				fn, productvariant.FieldPrice, productvariant.Table, productvariant.FieldProductID, product.Table, product.FieldID)))
		}
	}
	err := c.Product.Update().Where(product.IDIn(ids...)).
		Modify(agg("MIN", product.FieldPriceMin), agg("MAX", product.FieldPriceMax)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("refresh price ranges: %w", err)
	}
	return nil
}
