package catalog

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
)

// Sellers lists active sellers by name.
func (s *Service) Sellers(ctx context.Context, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.SellerConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	conn, err := s.client.Seller.Query().Where(policy.PublicSeller()).
		Paginate(ctx, after, first, before, last, ent.WithSellerOrder(&ent.SellerOrder{Field: ent.SellerOrderFieldName, Direction: entgqlrt.OrderDirectionAsc}))
	if err != nil {
		return nil, fmt.Errorf("list sellers: %w", err)
	}
	return conn, nil
}

// Seller finds an active seller by ID or slug (exactly one); nil if none.
func (s *Service) Seller(ctx context.Context, id *pulid.ID, slug *string) (*ent.Seller, error) {
	if err := exactlyOne(id, slug); err != nil {
		return nil, err
	}
	q := s.client.Seller.Query().Where(policy.PublicSeller())
	if id != nil {
		q = q.Where(seller.ID(*id))
	} else {
		q = q.Where(seller.Slug(*slug))
	}
	q, err := q.CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return maskNotFound(q.Only(ctx))
}

// ProductsOfSeller lists a seller's products as the viewer may see them
// (policy.Reader): its members and admins see every status, everyone else
// the public ones. a.Status narrows to one status (nothing for the public
// but ACTIVE). Errors as for Products.
func (s *Service) ProductsOfSeller(ctx context.Context, sel *ent.Seller, a ProductArgs) (*ProductConnection, error) {
	f := Filter{}
	if a.Filter != nil {
		f = *a.Filter
	}
	if f.SellerID != nil || f.SellerSlug != nil {
		return nil, apperr.BadInput([]string{"where", "sellerId"}, "the seller is already given by the parent field")
	}
	f.SellerID = &sel.ID
	a.Filter = &f
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, view, a)
}
