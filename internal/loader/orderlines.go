package loader

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/pagination"
)

// linePageKey names one order's lines field: the same order may show up
// twice in a query with different pages.
type linePageKey struct {
	order pulid.ID
	alias string
	first int
}

// LinesFetcher loads the lines of orders that the viewer sees, by order.
type LinesFetcher func(context.Context, []*ent.Order) (map[pulid.ID][]*ent.OrderLine, error)

// PrimeOrders builds, for a page of orders whose selection asks for their
// first lines (no cursor), every order's page of lines from one statement,
// and loads the products and variants those lines show (one statement
// each): the page costs the same whatever its number of orders and lines.
// Order.lines takes its page with OrderLinePage.
func PrimeOrders(ctx context.Context, conn *ent.OrderConnection, fetch LinesFetcher) error {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok || conn == nil || len(conn.Edges) == 0 {
		return nil
	}
	node := selected(ctx, "edges", "node")
	if node == nil {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	orders := make([]*ent.Order, len(conn.Edges))
	for i, e := range conn.Edges {
		orders[i] = e.Node
	}
	var all map[pulid.ID][]*ent.OrderLine
	for _, f := range graphql.CollectFields(oc, node.Selections, []string{"Order"}) {
		if f.Name != "lines" {
			continue
		}
		args := f.ArgumentMap(oc.Variables)
		if args["after"] != nil || args["before"] != nil || args["last"] != nil {
			continue // cursors: Order.lines pages itself
		}
		first, ok := intArg(args["first"])
		if !ok {
			continue
		}
		n, _, err := pagination.Normalize(first, nil)
		if err != nil {
			continue // Order.lines reports it
		}
		if all == nil {
			if all, err = fetch(ctx, orders); err != nil {
				return err
			}
		}
		var shown []*ent.OrderLine
		for _, o := range orders {
			rows := all[o.ID]
			page := rows[:min(*n, len(rows))]
			c := &ent.OrderLineConnection{Edges: make([]*ent.OrderLineEdge, len(page)), TotalCount: len(rows)}
			for i, r := range page {
				// The cursor Paginate gives in the created_at order Lines uses.
				c.Edges[i] = &ent.OrderLineEdge{Node: r, Cursor: ent.Cursor{ID: r.ID, Value: r.CreatedAt}}
			}
			c.PageInfo.HasNextPage = len(rows) > len(page)
			if k := len(c.Edges); k > 0 {
				c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[k-1].Cursor
			}
			l.linePages.Store(linePageKey{o.ID, f.Alias, *n}, c)
			shown = append(shown, page...)
		}
		if err := l.primeLineRefs(ctx, oc, f, shown); err != nil {
			return err
		}
	}
	return nil
}

// OrderLinePage returns the page of lines PrimeOrders built for the
// current Order.lines field, if it did.
func (l *Loaders) OrderLinePage(ctx context.Context, orderID pulid.ID, first *int) (*ent.OrderLineConnection, bool) {
	n, _, err := pagination.Normalize(first, nil)
	if err != nil {
		return nil, false
	}
	c, ok := l.linePages.Load(linePageKey{orderID, graphql.GetFieldContext(ctx).Field.Alias, *n})
	if !ok {
		return nil, false
	}
	return c.(*ent.OrderLineConnection), true
}

// primeLineRefs loads the products and variants of lines when the lines
// field's selection (edges.node) asks for them.
func (l *Loaders) primeLineRefs(ctx context.Context, oc *graphql.OperationContext, lines graphql.CollectedField, rows []*ent.OrderLine) error {
	var fields []graphql.CollectedField
	for _, e := range graphql.CollectFields(oc, lines.Selections, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(oc, e.Selections, nil) {
			if n.Name == "node" {
				fields = append(fields, graphql.CollectFields(oc, n.Selections, []string{"OrderLine"})...)
			}
		}
	}
	return l.primeLines(ctx, fields, rows)
}

func (l *Loaders) primeLines(ctx context.Context, fields []graphql.CollectedField, rows []*ent.OrderLine) error {
	if len(rows) == 0 {
		return nil
	}
	if anyNamed(fields, "product", "image") {
		ids := make([]pulid.ID, 0, len(rows))
		for _, r := range rows {
			ids = append(ids, r.ProductID)
		}
		ids = unique(ids)
		for i, r := range readableProducts(l.client)(ctx, ids) {
			if r.Error != nil {
				return r.Error
			}
			l.product.Prime(ctx, ids[i], r.Data)
		}
	}
	if anyNamed(fields, "variant") {
		ids := make([]pulid.ID, 0, len(rows))
		for _, r := range rows {
			ids = append(ids, r.VariantID)
		}
		ids = unique(ids)
		for i, r := range readableVariants(l.client)(ctx, ids) {
			if r.Error != nil {
				return r.Error
			}
			l.Variant.Prime(ctx, ids[i], r.Data)
		}
	}
	return nil
}

// intArg reads an optional Int argument.
func intArg(v any) (*int, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case int:
		return &x, true
	case int64:
		n := int(x)
		return &n, true
	case float64:
		n := int(x)
		return &n, float64(n) == x
	case json.Number:
		i, err := x.Int64()
		n := int(i)
		return &n, err == nil
	}
	return nil, false
}

func unique(ids []pulid.ID) []pulid.ID {
	seen := make(map[pulid.ID]bool, len(ids))
	out := make([]pulid.ID, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
