package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
)

// CategoryArgs are the arguments of a category listing.
type CategoryArgs struct {
	After, Before *ent.Cursor
	First, Last   *int
	TopLevel      bool
	Order         *ent.CategoryOrder
}

// Categories lists categories, by default ordered by position.
func (s *Service) Categories(ctx context.Context, a CategoryArgs) (*ent.CategoryConnection, error) {
	first, last, err := pagination.Normalize(a.First, a.Last)
	if err != nil {
		return nil, err
	}
	q := s.client.Category.Query()
	if a.TopLevel {
		q = q.Where(category.ParentIDIsNil())
	}
	conn, err := q.Paginate(ctx, a.After, first, a.Before, last, ent.WithCategoryOrder(a.Order))
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return conn, nil
}

// Category finds one category by ID or slug (exactly one must be given);
// nil when there is none.
func (s *Service) Category(ctx context.Context, id *pulid.ID, slug *string) (*ent.Category, error) {
	if err := exactlyOne(id, slug); err != nil {
		return nil, err
	}
	q := s.client.Category.Query()
	if id != nil {
		q = q.Where(category.ID(*id))
	} else {
		q = q.Where(category.Slug(*slug))
	}
	q, err := q.CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return maskNotFound(q.Only(ctx))
}

// AncestorIDs returns the IDs of a category's ancestors, root first, read
// from its materialized path.
func AncestorIDs(c *ent.Category) []pulid.ID {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	if len(parts) <= 1 {
		return nil
	}
	out := make([]pulid.ID, 0, len(parts)-1)
	for _, p := range parts[:len(parts)-1] {
		out = append(out, pulid.ID(p))
	}
	return out
}

// ProductsInCategory lists the public products of a category and of its
// descendants, with the other listing arguments as for Products.
func (s *Service) ProductsInCategory(ctx context.Context, c *ent.Category, a ProductArgs) (*ProductConnection, error) {
	f := Filter{}
	if a.Filter != nil {
		f = *a.Filter
	}
	if f.CategoryID != nil || f.CategorySlug != nil {
		return nil, apperr.BadInput([]string{"where", "categoryId"}, "the category is already given by the parent field")
	}
	f.CategoryID = &c.ID
	a.Filter = &f
	return s.Products(ctx, a)
}

// exactlyOne checks the arguments of a lookup by ID or slug.
func exactlyOne(id *pulid.ID, slug *string) error {
	if (id == nil) == (slug == nil) {
		return apperr.BadInput([]string{"id"}, "give exactly one of id and slug")
	}
	return nil
}

func maskNotFound[T any](v *T, err error) (*T, error) {
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lookup: %w", err)
	}
	return v, nil
}
