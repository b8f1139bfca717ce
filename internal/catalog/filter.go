package catalog

import (
	"context"
	"fmt"
	"math"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

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
	// MinRating keeps products whose approved ratings average at least
	// this, 0 to 5.
	MinRating *float64
}

// Attribute is a key that must have exactly Value.
type Attribute struct{ Key, Value string }

// maxAttributeFilters bounds the JSON predicates one query may carry.
const maxAttributeFilters = 10

// Facet groups: each filter belongs to one, and a facet counts under every
// condition but its own group's (disjunctive faceting).
const (
	groupCategory     = "category"
	groupSeller       = "seller"
	groupPrice        = "price"
	groupRating       = "rating"
	groupAvailability = "availability"
	groupAttribute    = "attribute:" // + the attribute's key
)

// condition is one filter's predicate with its facet group.
type condition struct {
	group string
	pred  predicate.Product
}

// predicates turns a filter into SQL predicates for a listing in the order
// of sort. none is true when the filter names something that does not
// exist, so nothing can match.
func (s *Service) predicates(ctx context.Context, f *Filter, sort SortKey) (ps []predicate.Product, none bool, err error) {
	cs, err := s.conditions(ctx, f)
	if err != nil {
		return nil, false, err
	}
	for _, c := range cs {
		if c.pred == nil {
			return nil, true, nil
		}
		if c.group == groupRating && sort != SortRating {
			c.pred = ratingChecked(*f.MinRating)
		}
		ps = append(ps, c.pred)
	}
	return ps, false, nil
}

// ratingChecked is minRating as a check on each product the sort's index
// walks rather than a range to read: with a sort other than RATING, SQLite
// read every product rated above the bound through (status,
// rating_average, id) and sorted them all on every request (no index
// serves a range on one column and an order on another), where walking
// the sort's own index stops at the page (internal/catalog plans_test.go).
// The unary plus, valid on both stores, makes the column an expression no
// index matches.
func ratingChecked(r float64) predicate.Product {
	return func(s *entsql.Selector) {
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.WriteString("+").Ident(s.C(product.FieldRatingAverage)).WriteOp(entsql.OpGTE).Arg(r)
		}))
	}
}

// conditions turns a filter into predicates by facet group; a nil pred is a
// condition nothing can match (a category that does not exist).
func (s *Service) conditions(ctx context.Context, f *Filter) (cs []condition, err error) {
	if f == nil {
		return nil, nil
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
		switch {
		case ent.IsNotFound(err):
			cs = append(cs, condition{group: groupCategory})
		case err != nil:
			return nil, fmt.Errorf("category filter: %w", err)
		default:
			cs = append(cs, condition{groupCategory, product.HasCategoryWith(category.PathHasPrefix(c.Path))})
		}
	}
	if f.SellerID != nil {
		cs = append(cs, condition{groupSeller, product.SellerID(*f.SellerID)})
	}
	if f.SellerSlug != nil {
		cs = append(cs, condition{groupSeller, product.HasSellerWith(seller.Slug(*f.SellerSlug))})
	}
	var vps []predicate.ProductVariant
	if f.PriceMin != nil {
		v, err := f.PriceMin.MinorUnits(s.currency)
		if err != nil {
			return nil, apperr.BadInput([]string{"where", "price", "min"}, "price.min is not a valid %s amount: %v", s.currency, err)
		}
		vps = append(vps, productvariant.PriceGTE(v))
	}
	if f.PriceMax != nil {
		v, err := f.PriceMax.MinorUnits(s.currency)
		if err != nil {
			return nil, apperr.BadInput([]string{"where", "price", "max"}, "price.max is not a valid %s amount: %v", s.currency, err)
		}
		vps = append(vps, productvariant.PriceLTE(v))
	}
	if len(vps) > 0 {
		cs = append(cs, condition{groupPrice, product.HasVariantsWith(vps...)})
	}
	if f.InStock != nil {
		if *f.InStock {
			cs = append(cs, condition{groupAvailability, inStock()})
		} else {
			cs = append(cs, condition{groupAvailability, product.Not(inStock())})
		}
	}
	if f.MinRating != nil {
		r := *f.MinRating
		if math.IsNaN(r) || r < 0 || r > 5 {
			return nil, apperr.BadInput([]string{"where", "minRating"}, "minRating is between 0 and 5")
		}
		cs = append(cs, condition{groupRating, product.RatingAverageGTE(r)})
	}
	if len(f.Attributes) > maxAttributeFilters {
		return nil, apperr.BadInput([]string{"where", "attributes"}, "at most %d attribute filters", maxAttributeFilters)
	}
	for _, a := range f.Attributes {
		key, value := a.Key, a.Value
		cs = append(cs, condition{groupAttribute + key, attributeIs(key, value)})
	}
	return cs, nil
}

// attributeIs keeps products whose attribute key has the value, both bound
// as arguments and the key compared whole. ent's sqljson.Path writes path
// elements into the SQL text unescaped (and reads "[0]" as an index), so a
// client's key would have been SQL: an apostrophe answered INTERNAL and a
// crafted key read other tables. The facet counts read attributes the same
// way (jsonb_each_text / json_each), so a filter and its facet agree.
func attributeIs(key, value string) func(*entsql.Selector) {
	return func(sel *entsql.Selector) {
		col := sel.C(product.FieldAttributes)
		sel.Where(entsql.P(func(b *entsql.Builder) {
			if b.Dialect() == dialect.Postgres {
				b.WriteString(col + " ->> ").Arg(key).WriteString("::text = ").Arg(value)
				return
			}
			b.WriteString("EXISTS (SELECT 1 FROM json_each(" + col + ") AS fa WHERE fa.key = ").Arg(key).
				WriteString(" AND fa.value = ").Arg(value).WriteString(")")
		}))
	}
}

// inStock keeps products with a variant in stock in an active warehouse.
func inStock() predicate.Product { return inventory.ProductInStock() }
