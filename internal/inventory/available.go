// Package inventory knows how much of each variant can be sold: stock on hand
// minus reservations, per warehouse, summed over the active warehouses. It
// also manages the warehouses and reserves stock from them in a fixed order
// (priority, then code).
package inventory

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/warehouse"
)

// availableExpr is what one warehouse can sell of a variant (never negative).
const availableExpr = "SUM(CASE WHEN %[1]s > %[2]s THEN %[1]s - %[2]s ELSE 0 END)"

// AvailableByVariant returns the units available of each variant, in one
// statement. Variants without stock are absent (read them as 0).
func AvailableByVariant(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	rows, err := available(ctx, c, in(c.Dialect(), productvariant.FieldID, ids))
	if err != nil {
		return nil, fmt.Errorf("available stock by variant: %w", err)
	}
	m := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		m[r.Variant] = r.Total
	}
	return m, nil
}

// Offer is what a variant offers a cart: the units available and the unit
// price (minor units).
type Offer struct {
	Units int
	Price int64
}

// OffersWhere returns the units available and the price of each of the
// variants that also match where (such as a policy view's Variants), in
// one statement: the others, and those without stock, are absent (read
// them as no units). The price comes with the stock so that a cart checks
// what a line would cost without another statement.
func OffersWhere(ctx context.Context, c *ent.Client, ids []pulid.ID, where predicate.ProductVariant) (map[pulid.ID]Offer, error) {
	rows, err := available(ctx, c, productvariant.And(in(c.Dialect(), productvariant.FieldID, ids), where))
	if err != nil {
		return nil, fmt.Errorf("available stock by variant: %w", err)
	}
	m := make(map[pulid.ID]Offer, len(rows))
	for _, r := range rows {
		m[r.Variant] = Offer{Units: r.Total, Price: r.Price}
	}
	return m, nil
}

// AvailableByProduct returns the units available across all variants of each
// product, in one statement.
func AvailableByProduct(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	_, byProduct, err := AvailableForProducts(ctx, c, ids)
	return byProduct, err
}

// AvailableForProducts returns, in one statement, the units available of
// every variant of the given products and their totals per product.
func AvailableForProducts(ctx context.Context, c *ent.Client, ids []pulid.ID) (byVariant, byProduct map[pulid.ID]int, err error) {
	rows, err := available(ctx, c, in(c.Dialect(), productvariant.FieldProductID, ids))
	if err != nil {
		return nil, nil, fmt.Errorf("available stock by product: %w", err)
	}
	byVariant = make(map[pulid.ID]int, len(rows))
	byProduct = make(map[pulid.ID]int, len(ids))
	for _, r := range rows {
		byVariant[r.Variant] = r.Total
		byProduct[r.Product] += r.Total
	}
	return byVariant, byProduct, nil
}

// in is "column IN ids" on product variants, written for the plans
// PostgreSQL keeps. After five executions of a prepared statement it keeps
// the statement's generic plan unless re-planning looks cheaper:
//   - For IN ($1, …, $n) the generic plan counts n values. For a listing's
//     50 products it expects 150 variants and hash-joins a sequential scan
//     of every inventory level: 2.1 ms per listing on the 5,000-product
//     catalog, where probing the index for each variant takes 0.6 ms.
//   - For column = ANY($1), the ids bound as one array, it expects a short
//     list (10 values) and probes the index. But for fewer values than that
//     a custom plan looks cheaper, so PostgreSQL re-plans on every
//     execution: 0.8 ms of planning for a cart's one line, against 0.07 ms
//     to bind its IN ($1) statement's generic plan.
//
// So lists of anyFrom ids or more (listings) are an array; shorter ones
// (carts, a product's variants) stay IN lists, whose generic plans count
// right. TestStockPlans checks both.
const anyFrom = 16

// in is "column IN ids" on product variants (see anyFrom).
func in(dia, column string, ids []pulid.ID) predicate.ProductVariant {
	if dia != dialect.Postgres || len(ids) < anyFrom {
		return entsql.FieldIn(column, ids...)
	}
	arr := make(pq.StringArray, len(ids))
	for i, id := range ids {
		arr[i] = string(id)
	}
	return func(s *entsql.Selector) {
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.Ident(s.C(column)).WriteString(" = ANY(").Arg(arr).WriteByte(')')
		}))
	}
}

type row struct {
	Product pulid.ID
	Variant pulid.ID
	Price   int64
	Total   int
}

// available sums stock per variant over the active warehouses, starting from
// product_variants so that PostgreSQL probes inventory_levels by its
// (variant_id, warehouse_id) index instead of scanning it. The statement is
// ent's builder on product_variants (where applies as it would to a query of
// ent's), scanned by hand: ent's reflective Scan allocates every column of
// every row, some 1,200 allocations for a listing's 150 variants. It does
// not pass through ent's query interceptors: none is registered on
// product variants; one that is (a tenancy or soft-delete filter) must be
// applied here as well.
func available(ctx context.Context, c *ent.Client, where predicate.ProductVariant) ([]row, error) {
	b := entsql.Dialect(c.Dialect())
	s := b.Select().From(b.Table(productvariant.Table))
	where(s)
	l := entsql.Table(inventorylevel.Table).As("l")
	w := entsql.Table(warehouse.Table).As("w")
	s.Join(l).On(s.C(productvariant.FieldID), l.C(inventorylevel.FieldVariantID)).
		Join(w).OnP(entsql.And(
		entsql.ColumnsEQ(w.C(warehouse.FieldID), l.C(inventorylevel.FieldWarehouseID)),
		entsql.EQ(w.C(warehouse.FieldActive), true))).
		Select(
			s.C(productvariant.FieldProductID),
			s.C(productvariant.FieldID),
			s.C(productvariant.FieldPrice),
			fmt.Sprintf(availableExpr, l.C(inventorylevel.FieldOnHand), l.C(inventorylevel.FieldReserved)),
		).
		GroupBy(s.C(productvariant.FieldProductID), s.C(productvariant.FieldID), s.C(productvariant.FieldPrice))
	if err := s.Err(); err != nil {
		return nil, err
	}
	query, args := s.Query()
	rs, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var rows []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.Product, &r.Variant, &r.Price, &r.Total); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

// InStock is a predicate on inventory levels: the warehouse is active and
// can sell some.
func InStock() predicate.InventoryLevel {
	return inventorylevel.And(
		func(s *entsql.Selector) {
			s.Where(entsql.ColumnsGT(s.C(inventorylevel.FieldOnHand), s.C(inventorylevel.FieldReserved)))
		},
		inventorylevel.HasWarehouseWith(warehouse.Active(true)),
	)
}

// ProductInStock is a predicate on products: a variant of it is in stock in
// an active warehouse (the listing's availability filter, recommendations).
func ProductInStock() predicate.Product {
	return product.HasVariantsWith(productvariant.HasInventoryLevelsWith(InStock()))
}
