package loader

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/wishlist"
)

// PrimeProducts fills the stock loaders for a page of products, one statement
// in all, when the GraphQL selection under edges.node asks for stock. The
// product variants must already be eager-loaded (entgql field collection
// does that when the selection asks for them).
func PrimeProducts(ctx context.Context, conn *ent.ProductConnection) error {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok || conn == nil || len(conn.Edges) == 0 {
		return nil
	}
	node := selected(ctx, "edges", "node")
	if node == nil {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFields(oc, node.Selections, []string{"Product"})
	if anyNamed(fields, "inWishlist") {
		if err := l.primeWishlist(ctx, conn); err != nil {
			return err
		}
	}
	if anyNamed(fields, "recommendations") {
		page := make([]*ent.Product, len(conn.Edges))
		for i, e := range conn.Edges {
			page[i] = e.Node
		}
		if err := l.primeRecommendations(ctx, oc, fields, page); err != nil {
			return err
		}
	}
	if anyNamed(fields, "options", "variantBySelectedOptions") {
		ids := make([]pulid.ID, len(conn.Edges))
		for i, e := range conn.Edges {
			ids[i] = e.Node.ID
		}
		if err := l.primeVariants(ctx, ids); err != nil {
			return err
		}
	}
	wantLevels := false
	for _, f := range fields {
		wantLevels = wantLevels || (f.Name == "variants" && variantsWant(oc, f, "inventoryLevels"))
	}
	if wantLevels {
		if err := l.primeLevels(ctx, eagerVariants(conn, fields)); err != nil {
			return err
		}
	}
	wantProduct := anyNamed(fields, "totalInventory", "availableForSale")
	wantVariant := false
	for _, f := range fields {
		wantVariant = wantVariant || (f.Name == "variants" && variantsWant(oc, f, "quantityAvailable", "availableForSale"))
	}
	if !wantProduct && !wantVariant {
		return nil
	}
	ids := make([]pulid.ID, len(conn.Edges))
	for i, e := range conn.Edges {
		ids[i] = e.Node.ID
	}
	byVariant, byProduct, err := inventory.AvailableForProducts(ctx, l.client, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		l.ProductStock.Prime(id, byProduct[id], len(ids))
	}
	if !wantVariant {
		return nil
	}
	// Every variant of these products, shown or not: a variant absent from
	// byVariant has no stock at all.
	for _, e := range conn.Edges {
		for _, f := range fields {
			if f.Name != "variants" {
				continue
			}
			vs, err := e.Node.NamedVariants(f.Alias)
			if err != nil {
				continue // not eager-loaded: the loader batches them lazily
			}
			for _, v := range vs {
				l.VariantStock.Prime(v.ID, byVariant[v.ID], len(byVariant))
			}
		}
	}
	return nil
}

// eagerVariants lists the variants eager-loaded under a page's variants
// selections (their aliases).
func eagerVariants(conn *ent.ProductConnection, fields []graphql.CollectedField) []pulid.ID {
	var ids []pulid.ID
	for _, e := range conn.Edges {
		for _, f := range fields {
			if f.Name != "variants" {
				continue
			}
			vs, err := e.Node.NamedVariants(f.Alias)
			if err != nil {
				continue // not eager-loaded: the loader batches them lazily
			}
			for _, v := range vs {
				ids = append(ids, v.ID)
			}
		}
	}
	return ids
}

// variantsWant reports whether a variants connection's nodes select any of
// these fields.
func variantsWant(oc *graphql.OperationContext, variants graphql.CollectedField, names ...string) bool {
	for _, e := range graphql.CollectFields(oc, variants.Selections, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(oc, e.Selections, nil) {
			if n.Name == "node" && anyNamed(graphql.CollectFields(oc, n.Selections, []string{"ProductVariant"}), names...) {
				return true
			}
		}
	}
	return false
}

func anyNamed(fields []graphql.CollectedField, names ...string) bool {
	for _, f := range fields {
		for _, n := range names {
			if f.Name == n {
				return true
			}
		}
	}
	return false
}

// selected walks the current field's selection down a path of field names.
func selected(ctx context.Context, path ...string) *graphql.CollectedField {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	field := fc.Field
walk:
	for _, name := range path {
		for _, f := range graphql.CollectFields(oc, field.Selections, nil) {
			if f.Name == name {
				field = f
				continue walk
			}
		}
		return nil
	}
	return &field
}

// primeWishlist answers inWishlist for the whole page in one statement (none
// for a signed-out viewer).
func (l *Loaders) primeWishlist(ctx context.Context, conn *ent.ProductConnection) error {
	ids := make([]pulid.ID, len(conn.Edges))
	for i, e := range conn.Edges {
		ids[i] = e.Node.ID
	}
	var in map[pulid.ID]bool
	if v, err := account.CurrentViewer(ctx); err != nil {
		return err
	} else if v != nil {
		if in, err = wishlist.InWishlist(ctx, l.client, v.Customer.ID, ids); err != nil {
			return err
		}
	}
	for _, id := range ids {
		l.InWishlist.Prime(ctx, id, in[id])
	}
	return nil
}

// PrimeOrderLines loads the products and variants behind one order's page
// of lines, one statement each, when the selection under edges.node asks
// for them (product, variant, image), so that the page costs the same
// whatever its number of lines.
func PrimeOrderLines(ctx context.Context, conn *ent.OrderLineConnection) error {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok || conn == nil || len(conn.Edges) == 0 {
		return nil
	}
	node := selected(ctx, "edges", "node")
	if node == nil {
		return nil
	}
	rows := make([]*ent.OrderLine, len(conn.Edges))
	for i, e := range conn.Edges {
		rows[i] = e.Node
	}
	return l.primeLines(ctx, graphql.CollectFields(graphql.GetOperationContext(ctx), node.Selections, []string{"OrderLine"}), rows)
}
