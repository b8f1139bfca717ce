package cart

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
)

// productColumns are the product's columns read with a line, and its
// seller's status last (ForSale reads it as sellerStatusColumn).
var productColumns = append(append([]string{}, product.Columns...), sellerStatusColumn)

// loadLines reads the lines of carts, oldest first, each with its variant
// and the variant's product (and the product's seller's status, for
// ForSale), in one statement: a join, where ent's eager loading takes one
// statement per table. Every cart read and checkout prices from these rows,
// so a cart page costs the cart and this.
func loadLines(ctx context.Context, c *ent.Client, cartIDs []pulid.ID) ([]*ent.CartLine, error) {
	if len(cartIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(cartIDs))
	for i, id := range cartIDs {
		args[i] = id
	}
	query := linesQuery(c.Dialect(), len(cartIDs))
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("load cart lines: %w", err)
	}
	defer rows.Close()
	var out []*ent.CartLine
	for rows.Next() {
		line, err := scanLine(c, rows)
		if err != nil {
			return nil, fmt.Errorf("load cart lines: %w", err)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load cart lines: %w", err)
	}
	return out, nil
}

// linesQueries keeps loadLines' statement by dialect and number of carts:
// its text depends on nothing else, and building it (44 quoted columns, a
// join of four tables) cost hundreds of allocations on every cart read.
var linesQueries sync.Map // linesKey → string

type linesKey struct {
	dialect string
	n       int
}

// linesQuery is loadLines' statement for n carts.
func linesQuery(dia string, n int) string {
	key := linesKey{dia, n}
	if q, ok := linesQueries.Load(key); ok {
		return q.(string)
	}
	l := entsql.Table(cartline.Table).As("l")
	v := entsql.Table(productvariant.Table).As("v")
	p := entsql.Table(product.Table).As("p")
	s := entsql.Table(seller.Table).As("s")
	cols := make([]string, 0, len(cartline.Columns)+len(productvariant.Columns)+len(productColumns))
	for _, col := range cartline.Columns {
		cols = append(cols, l.C(col))
	}
	for _, col := range productvariant.Columns {
		cols = append(cols, v.C(col))
	}
	for _, col := range product.Columns {
		cols = append(cols, p.C(col))
	}
	cols = append(cols, s.C(seller.FieldStatus))
	ids := make([]any, n)
	for i := range ids {
		ids[i] = pulid.ID("") // a placeholder each (nil would be written NULL)
	}
	bd := entsql.Dialect(dia)
	// byKey joins a variant's product and the product's seller.
	byKey := func(sel *entsql.Selector) *entsql.Selector {
		return sel.Join(p).On(v.C(productvariant.FieldProductID), p.C(product.FieldID)).
			Join(s).On(p.C(product.FieldSellerID), s.C(seller.FieldID))
	}
	nl := len(cartline.Columns)
	var sel *entsql.Selector
	lateral := ""
	if dia == dialect.Postgres && n == 1 {
		// One cart (every cart page, cart mutation and checkout): each
		// line's variant, product and seller are read by primary key in a
		// LATERAL subquery that OFFSET 0 keeps PostgreSQL from flattening,
		// so the plan probes per line whatever the statistics of
		// cart_lines say. They are absent on a table that grows by every
		// cart and that autovacuum analyzes late, or never when it is off;
		// PostgreSQL then guesses 0.5% of all lines per cart (1,233 of
		// 147,000), and the plan it kept for the plain join hash-joined a
		// sequential scan of every variant: 2.5 ms per cart read instead
		// of 0.2, and W4 at half speed (TestLinesPlanProbesByKey).
		//
		// Several carts (a document naming several cart ids) keep the
		// plain join: the same guess, multiplied by the carts and by the
		// probes per line, priced the keyed read past jit_above_cost
		// (260 ms for 100 carts, against 22 ms for the join).
		inner, _ := byKey(bd.Select(cols[nl:]...).From(v)).
			Where(entsql.ColumnsEQ(v.C(productvariant.FieldID), l.C(cartline.FieldVariantID))).
			Offset(0).
			Query()
		lateral = " CROSS JOIN LATERAL (" + inner + `) AS "x"`
		sel = bd.Select(append(cols[:nl:nl], `"x".*`)...).From(l)
	} else {
		// SQLite's planner only nests loops, by index here.
		sel = byKey(bd.Select(cols...).From(l).Join(v).On(l.C(cartline.FieldVariantID), v.C(productvariant.FieldID)))
	}
	query, _ := sel.Where(entsql.In(l.C(cartline.FieldCartID), ids...)).
		OrderBy(l.C(cartline.FieldCreatedAt), l.C(cartline.FieldID)).
		Query()
	if lateral != "" {
		// entsql writes no LATERAL join: it goes right after the table.
		from := ` FROM "` + cartline.Table + `" AS "l"`
		if !strings.Contains(query, from) {
			panic("cart: no " + from + " in " + query)
		}
		query = strings.Replace(query, from, from+lateral, 1)
	}
	if n <= maxCachedLines {
		linesQueries.Store(key, query)
	}
	return query
}

// maxCachedLines bounds the statements kept: a batch of more carts than
// this (the loaders batch at most 100 keys) is built each time.
const maxCachedLines = 128

// scanLine builds one row of loadLines: the line, its variant, its product.
func scanLine(c *ent.Client, rows interface{ Scan(...any) error }) (*ent.CartLine, error) {
	lv, err := c.CartLine.ScanValues(cartline.Columns)
	if err != nil {
		return nil, err
	}
	vv, err := c.ProductVariant.ScanValues(productvariant.Columns)
	if err != nil {
		return nil, err
	}
	pv, err := c.Product.ScanValues(productColumns)
	if err != nil {
		return nil, err
	}
	dest := make([]any, 0, len(lv)+len(vv)+len(pv))
	dest = append(append(append(dest, lv...), vv...), pv...)
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	line, err := c.CartLine.FromValues(cartline.Columns, lv)
	if err != nil {
		return nil, err
	}
	variant, err := c.ProductVariant.FromValues(productvariant.Columns, vv)
	if err != nil {
		return nil, err
	}
	prod, err := c.Product.FromValues(productColumns, pv)
	if err != nil {
		return nil, err
	}
	variant.Edges.Product = prod
	line.Edges.Variant = variant
	return line, nil
}
