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
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
)

// Nodes returns the public objects with these IDs, in the order given, with
// nil where an ID is unknown or not visible. It runs one statement per type
// present (plus one per selected edge), whatever the number of IDs.
// Errors: BAD_USER_INPUT for more than pagination.Max IDs.
func (s *Service) Nodes(ctx context.Context, ids []pulid.ID) ([]ent.Noder, error) {
	if len(ids) > pagination.Max {
		return nil, apperr.BadInput([]string{"ids"}, "at most %d ids", pagination.Max)
	}
	byPrefix := map[string][]pulid.ID{}
	for _, id := range ids {
		byPrefix[id.Prefix()] = append(byPrefix[id.Prefix()], id)
	}
	found := make(map[pulid.ID]ent.Noder, len(ids))
	for prefix, group := range byPrefix {
		var err error
		switch prefix {
		case ent.IDPrefix(product.Table):
			var m map[pulid.ID]*ent.Product
			m, err = s.ProductsByID(ctx, group)
			collect(found, m)
		case ent.IDPrefix(productvariant.Table):
			var m map[pulid.ID]*ent.ProductVariant
			m, err = s.VariantsByID(ctx, group)
			collect(found, m)
		case ent.IDPrefix(seller.Table):
			var m map[pulid.ID]*ent.Seller
			m, err = s.SellersByID(ctx, group)
			collect(found, m)
		case ent.IDPrefix(category.Table):
			var m map[pulid.ID]*ent.Category
			m, err = s.CategoriesByID(ctx, group)
			collect(found, m)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]ent.Noder, len(ids))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}

func collect[T ent.Noder](into map[pulid.ID]ent.Noder, m map[pulid.ID]T) {
	for id, n := range m {
		into[id] = n
	}
}

// ProductsByID loads public products, eager-loading the edges the GraphQL
// selection asks for.
func (s *Service) ProductsByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.Product, error) {
	q, err := s.client.Product.Query().Where(product.IDIn(ids...), publicProduct()).CollectFields(ctx, "Product")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

// VariantsByID loads variants of public products.
func (s *Service) VariantsByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.ProductVariant, error) {
	q, err := s.client.ProductVariant.Query().Where(productvariant.IDIn(ids...), publicVariant()).CollectFields(ctx, "ProductVariant")
	if err != nil {
		return nil, err
	}
	return index(q.All(ctx))
}

// SellersByID loads active sellers.
func (s *Service) SellersByID(ctx context.Context, ids []pulid.ID) (map[pulid.ID]*ent.Seller, error) {
	q, err := s.client.Seller.Query().Where(seller.IDIn(ids...), publicSeller()).CollectFields(ctx, "Seller")
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
