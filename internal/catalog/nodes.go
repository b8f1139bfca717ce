package catalog

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/policy"
)

// ProductsByID loads the products the viewer may read (policy.Reader),
// eager-loading the edges the GraphQL selection asks for: node(id:) and
// _entities.
func (s *Service) ProductsByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.Product, error) {
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.client.Product.Query().Where(product.IDIn(ids...), view.Products()).CollectFields(ctx, "Product")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

// VariantsByID loads the variants of the products the viewer may read.
func (s *Service) VariantsByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.ProductVariant, error) {
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.client.ProductVariant.Query().Where(productvariant.IDIn(ids...), view.Variants()).CollectFields(ctx, "ProductVariant")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

// SellersByID loads active sellers.
func (s *Service) SellersByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.Seller, error) {
	q, err := s.client.Seller.Query().Where(seller.IDIn(ids...), policy.PublicSeller()).CollectFields(ctx, "Seller")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

// CategoriesByID loads categories.
func (s *Service) CategoriesByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.Category, error) {
	q, err := s.client.Category.Query().Where(category.IDIn(ids...)).CollectFields(ctx, "Category")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

type identified interface {
	comparable
	ent.Noder
}

func index[T identified](rows []T, err error) (map[pulid.ID]T, error) {
	if err != nil {
		return nil, fmt.Errorf("load nodes: %w", err)
	}
	m := make(map[pulid.ID]T, len(rows))
	for _, r := range rows {
		m[nodeID(r)] = r
	}
	return m, nil
}

func nodeID(n ent.Noder) pulid.ID {
	switch v := n.(type) {
	case *ent.Product:
		return v.ID
	case *ent.ProductVariant:
		return v.ID
	case *ent.Seller:
		return v.ID
	case *ent.Category:
		return v.ID
	}
	return ""
}

// Ordered returns the values of m for ids, in order, nil where absent.
func Ordered[T any](ids []pulid.ID, m map[pulid.ID]*T) []*T {
	out := make([]*T, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}
