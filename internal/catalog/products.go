package catalog

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/search"
)

// SortKey orders a product listing.
type SortKey string

// Sort keys.
const (
	SortName      SortKey = "NAME"
	SortPrice     SortKey = "PRICE"
	SortCreatedAt SortKey = "CREATED_AT"
	SortRelevance SortKey = "RELEVANCE"
	// SortBestSelling orders by units sold over the best-selling window
	// (products.units_sold, kept by BestSellers).
	SortBestSelling SortKey = "BEST_SELLING"
	// SortRating orders by the approved reviews' mean, unrated as 0.
	SortRating SortKey = "RATING"
)

// Order is a sort key and direction.
type Order struct {
	Key       SortKey
	Direction entgqlrt.OrderDirection
}

// ProductArgs are the arguments of a product listing.
type ProductArgs struct {
	After, Before *ent.Cursor
	First, Last   *int
	Filter        *Filter
	Order         *Order
	Search        *string
	// Status narrows to products in one status, within the view.
	Status *product.Status
}

// ProductConnection is a page of a product listing and what facets need to
// count the whole listing: the view and arguments it was listed with.
// Facets are counted only when asked for (Service.Facets).
type ProductConnection struct {
	*ent.ProductConnection
	view policy.ProductView
	args ProductArgs
	// ranked is the search's hits (nil without search), so that facets
	// count the same list without searching again.
	ranked []pulid.ID
}

// Products lists public products: filtered, sorted, searched and paginated.
// Without search the default order is NAME ASC; with search it is RELEVANCE.
// It shows the public view to every viewer (a storefront listing never mixes
// in a member's drafts). Errors: BAD_USER_INPUT for page sizes, search
// syntax limits, RELEVANCE without search and cursors that do not belong to
// the order.
func (s *Service) Products(ctx context.Context, a ProductArgs) (*ProductConnection, error) {
	return s.list(ctx, policy.Shopper(), a)
}

// list is Products within a view.
func (s *Service) list(ctx context.Context, view policy.ProductView, a ProductArgs) (*ProductConnection, error) {
	first, last, err := pagination.Normalize(a.First, a.Last)
	if err != nil {
		return nil, err
	}
	out := &ProductConnection{view: view, args: a}
	if a.Search != nil {
		parsed, err := search.Parse(*a.Search)
		if err != nil {
			return nil, err
		}
		if out.ranked, err = s.search.Search(ctx, parsed); err != nil {
			return nil, err
		}
		if out.ranked == nil {
			out.ranked = []pulid.ID{}
		}
	}
	out.ProductConnection, err = s.page(ctx, view, a, out.ranked, first, last)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// page lists one page within a view; ranked is the search's hits (nil
// without search).
func (s *Service) page(ctx context.Context, view policy.ProductView, a ProductArgs, ranked []pulid.ID, first, last *int) (*ent.ProductConnection, error) {
	order := Order{Key: SortName, Direction: entgqlrt.OrderDirectionAsc}
	searching := a.Search != nil
	if searching {
		order.Key = SortRelevance
	}
	if a.Order != nil {
		order = *a.Order
	}
	if order.Key == SortRelevance && !searching {
		return nil, apperr.BadInput([]string{"orderBy", "field"}, "RELEVANCE needs a search")
	}
	preds, none, err := s.predicates(ctx, a.Filter, order.Key)
	if err != nil {
		return nil, err
	}
	if none {
		return &ent.ProductConnection{Edges: []*ent.ProductEdge{}}, nil
	}
	q := s.client.Product.Query().Where(view.Products()).Where(preds...)
	if a.Status != nil {
		q = q.Where(product.StatusEQ(*a.Status))
	}
	if searching {
		if len(ranked) == 0 {
			return &ent.ProductConnection{Edges: []*ent.ProductEdge{}}, nil
		}
		if order.Key == SortRelevance {
			return s.rankedPage(ctx, q, ranked, a.After, first, a.Before, last, order.Direction)
		}
		q = q.Where(product.IDIn(ranked...))
	}
	conn, err := q.Paginate(ctx, a.After, first, a.Before, last, ent.WithProductOrder(&ent.ProductOrder{
		Direction: order.Direction,
		Field:     orderField(order.Key),
	}))
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	return conn, nil
}

// Product finds a product the viewer may read (policy.Reader: its seller's
// members and admins read it in every status) by ID or slug (exactly one);
// nil if none.
func (s *Service) Product(ctx context.Context, id *pulid.ID, slug *string) (*ent.Product, error) {
	if err := exactlyOne(id, slug); err != nil {
		return nil, err
	}
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	q := s.client.Product.Query().Where(view.Products())
	if id != nil {
		q = q.Where(product.ID(*id))
	} else {
		q = q.Where(product.Slug(*slug))
	}
	q, err = q.CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return maskNotFound(q.Only(ctx))
}

func orderField(k SortKey) *ent.ProductOrderField {
	switch k {
	case SortPrice:
		return ent.ProductOrderFieldPriceMin
	case SortCreatedAt:
		return ent.ProductOrderFieldCreatedAt
	case SortBestSelling:
		return ent.ProductOrderFieldUnitsSold
	case SortRating:
		return ent.ProductOrderFieldRatingAverage
	default:
		return ent.ProductOrderFieldName
	}
}

// rankedPage paginates search hits in rank order. The cursor carries the
// hit's position in the filtered ranking.
func (s *Service) rankedPage(ctx context.Context, q *ent.ProductQuery, ranked []pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int, dir entgqlrt.OrderDirection) (*ent.ProductConnection, error) {
	visible, err := q.Clone().Where(product.IDIn(ranked...)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("filter search hits: %w", err)
	}
	keep := make(map[pulid.ID]bool, len(visible))
	for _, id := range visible {
		keep[id] = true
	}
	hits := make([]pulid.ID, 0, len(visible))
	for _, id := range ranked {
		if keep[id] {
			hits = append(hits, id)
		}
	}
	if dir == entgqlrt.OrderDirectionDesc {
		for i, j := 0, len(hits)-1; i < j; i, j = i+1, j-1 {
			hits[i], hits[j] = hits[j], hits[i]
		}
	}
	lo, hi := 0, len(hits)
	if after != nil {
		n, err := cursorOffset(after, "after", hits)
		if err != nil {
			return nil, err
		}
		lo = n + 1
	}
	if before != nil {
		n, err := cursorOffset(before, "before", hits)
		if err != nil {
			return nil, err
		}
		hi = n
	}
	lo, hi = min(lo, len(hits)), max(min(hi, len(hits)), 0)
	if lo > hi {
		lo = hi
	}
	start, end := lo, hi
	if first != nil && end-start > *first {
		end = start + *first
	}
	if last != nil && end-start > *last {
		start = end - *last
	}
	conn := &ent.ProductConnection{Edges: []*ent.ProductEdge{}, TotalCount: len(hits)}
	conn.PageInfo.HasNextPage = end < hi || (before != nil && hi < len(hits))
	conn.PageInfo.HasPreviousPage = start > lo || (after != nil && lo > 0)
	page := hits[start:end]
	if len(page) == 0 {
		return conn, nil
	}
	// Paginate without bounds loads exactly these rows with the edges the
	// client selected (eager loading), in one statement per edge.
	loaded, err := s.client.Product.Query().Where(product.IDIn(page...)).Paginate(ctx, nil, nil, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("load search page: %w", err)
	}
	byID := make(map[pulid.ID]*ent.Product, len(loaded.Edges))
	for _, e := range loaded.Edges {
		byID[e.Node.ID] = e.Node
	}
	for i, id := range page {
		if p := byID[id]; p != nil {
			conn.Edges = append(conn.Edges, &ent.ProductEdge{Node: p, Cursor: ent.Cursor{ID: id, Value: int64(start + i)}})
		}
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// cursorOffset reads a ranked-page cursor; the position is checked against
// the hit's ID so that a stale or foreign cursor is an error, not a jump.
func cursorOffset(c *ent.Cursor, arg string, hits []pulid.ID) (int, error) {
	var n int
	switch v := c.Value.(type) {
	case nil:
		// Position 0: the cursor's encoding leaves a zero value out.
		n = 0
	case int64:
		n = int(v)
	case int8:
		n = int(v)
	case int16:
		n = int(v)
	case int32:
		n = int(v)
	case uint8:
		n = int(v)
	case uint16:
		n = int(v)
	case uint32:
		n = int(v)
	case uint64:
		n = int(v)
	case int:
		n = v
	default:
		return 0, apperr.BadInput([]string{arg}, "%s: the cursor does not belong to a RELEVANCE ordering", arg)
	}
	if n >= 0 && n < len(hits) && hits[n] == c.ID {
		return n, nil
	}
	for i, id := range hits {
		if id == c.ID {
			return i, nil
		}
	}
	return 0, apperr.BadInput([]string{arg}, "%s: the cursor no longer matches this search", arg)
}
