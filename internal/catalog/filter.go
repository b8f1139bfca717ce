package catalog

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/money"
)

// Filter narrows a product listing; every set field must match.
type Filter struct {
	CategoryID   *pulid.ID
	CategorySlug *string
	SellerID     *pulid.ID
	SellerSlug   *string
	PriceMin     *money.Decimal
	PriceMax     *money.Decimal
	InStock      *bool
	Attributes   []Attribute
}

// Attribute is a key that must have exactly Value.
type Attribute struct{ Key, Value string }

// maxAttributeFilters bounds the JSON predicates one query may carry.
const maxAttributeFilters = 10

// predicates turns a filter into SQL predicates. none is true when the filter
// names something that does not exist, so nothing can match.
func (s *Service) predicates(ctx context.Context, f *Filter) (ps []predicate.Product, none bool, err error) {
	if f == nil {
		return nil, false, nil
	}
	if f.CategoryID != nil || f.CategorySlug != nil {
		q := s.client.Category.Query()
		if f.CategoryID != nil {
			q = q.Where(category.ID(*f.CategoryID))
		}
		if f.CategorySlug != nil {
			q = q.Where(category.Slug(*f.CategorySlug))
		}
		c, err := q.Select(category.FieldPath).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, true, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("category filter: %w", err)
		}
		ps = append(ps, product.HasCategoryWith(category.PathHasPrefix(c.Path)))
	}
	if f.SellerID != nil {
		ps = append(ps, product.SellerID(*f.SellerID))
	}
	if f.SellerSlug != nil {
		ps = append(ps, product.HasSellerWith(seller.Slug(*f.SellerSlug)))
	}
	var vps []predicate.ProductVariant
	if f.PriceMin != nil {
		v, err := f.PriceMin.MinorUnits(s.currency)
		if err != nil {
			return nil, false, apperr.BadInput([]string{"where", "price", "min"}, "price.min is not a valid %s amount", s.currency)
		}
		vps = append(vps, productvariant.PriceGTE(v))
	}
	if f.PriceMax != nil {
		v, err := f.PriceMax.MinorUnits(s.currency)
		if err != nil {
			return nil, false, apperr.BadInput([]string{"where", "price", "max"}, "price.max is not a valid %s amount", s.currency)
		}
		vps = append(vps, productvariant.PriceLTE(v))
	}
	if len(vps) > 0 {
		ps = append(ps, product.HasVariantsWith(vps...))
	}
	if f.InStock != nil {
		inStock := product.HasVariantsWith(productvariant.HasInventoryLevelsWith(inventory.InStock()))
		if *f.InStock {
			ps = append(ps, inStock)
		} else {
			ps = append(ps, product.Not(inStock))
		}
	}
	if len(f.Attributes) > maxAttributeFilters {
		return nil, false, apperr.BadInput([]string{"where", "attributes"}, "at most %d attribute filters", maxAttributeFilters)
	}
	for _, a := range f.Attributes {
		key, value := a.Key, a.Value
		ps = append(ps, func(sel *entsql.Selector) {
			sel.Where(sqljson.ValueEQ(sel.C(product.FieldAttributes), value, sqljson.Path(key)))
		})
	}
	return ps, false, nil
}
