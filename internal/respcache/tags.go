package respcache

import (
	"context"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent"
)

// Tags name what an answer was computed from, so that a change purges it:
// an entity's ID (a product's tag also covers its variants and reviews,
// whose changes purge it), "any:<Family>" for any entity of a family (what
// a change purges when it does not know which entity it touched), and
// "<Family>" for lists and lookups of a family, which a new, removed or
// changed member may enter or leave.
const (
	FamilyProduct  = "Product"
	FamilyCategory = "Category"
	FamilySeller   = "Seller"
	FamilyReview   = "Review"
)

// Any is the tag of every answer holding an entity of family.
func Any(family string) string { return "any:" + family }

// familyOf maps the GraphQL types whose values are cached to their family.
var familyOf = map[string]string{
	"Product": FamilyProduct, "ProductConnection": FamilyProduct, "ProductEdge": FamilyProduct,
	"ProductVariant": FamilyProduct, "ProductVariantConnection": FamilyProduct, "ProductVariantEdge": FamilyProduct,
	"Category": FamilyCategory, "CategoryConnection": FamilyCategory, "CategoryEdge": FamilyCategory,
	"Seller": FamilySeller, "SellerConnection": FamilySeller, "SellerEdge": FamilySeller,
	"Review": FamilyReview, "ReviewConnection": FamilyReview, "ReviewEdge": FamilyReview,
	"ProductRating": FamilyReview, "RatingHistogram": FamilyReview,
}

// Recorder collects the tags of the answer being computed.
type Recorder struct {
	mu   sync.Mutex
	tags map[string]struct{}
}

type recorderKey struct{}

// WithRecorder returns ctx whose resolved entities are recorded in r.
func WithRecorder(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// Add records tags.
func (r *Recorder) Add(tags ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tags == nil {
		r.tags = map[string]struct{}{}
	}
	for _, t := range tags {
		r.tags[t] = struct{}{}
	}
}

// Tags returns what was recorded.
func (r *Recorder) Tags() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.tags))
	for t := range r.tags {
		out = append(out, t)
	}
	return out
}

// FieldMiddleware records the tags of what fields of cached families
// resolve to, when the request records (WithRecorder); other fields cost a
// map lookup.
func FieldMiddleware(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return next(ctx)
	}
	t := fc.Field.Definition.Type
	family, ok := familyOf[t.Name()]
	if !ok {
		return next(ctx)
	}
	rec, _ := ctx.Value(recorderKey{}).(*Recorder)
	res, err := next(ctx)
	if rec == nil {
		return res, err
	}
	// A list, a connection, or a lookup may change with any member of the
	// family; the entities it holds are recorded as their fields resolve.
	// A product's own lists (variants, reviews) change only with changes
	// that purge the product's tag.
	owned := fc.Object == "Product" || fc.Object == "ProductVariant"
	if !owned && (t.Elem != nil || strings.HasSuffix(t.Name(), "Connection") || fc.Object == "Query" || res == nil) {
		rec.Add(family)
	}
	rec.Add(entityTags(res)...)
	return res, err
}

// entityTags are the tags of a resolved value.
func entityTags(v any) []string {
	switch e := v.(type) {
	case *ent.Product:
		if e != nil {
			return []string{string(e.ID), Any(FamilyProduct)}
		}
	case *ent.ProductVariant:
		if e != nil {
			return []string{string(e.ProductID), Any(FamilyProduct)}
		}
	case *ent.Review:
		if e != nil {
			return []string{string(e.ProductID), Any(FamilyProduct), Any(FamilyReview)}
		}
	case *ent.Category:
		if e != nil {
			return []string{string(e.ID), Any(FamilyCategory)}
		}
	case *ent.Seller:
		if e != nil {
			return []string{string(e.ID), Any(FamilySeller)}
		}
	case []*ent.Product:
		var out []string
		for _, p := range e {
			out = append(out, entityTags(p)...)
		}
		return out
	case []*ent.ProductVariant:
		var out []string
		for _, p := range e {
			out = append(out, entityTags(p)...)
		}
		return out
	case []*ent.Category:
		var out []string
		for _, p := range e {
			out = append(out, entityTags(p)...)
		}
		return out
	// A connection's edges: their nodes are written without field
	// middleware (cmd/gqlgenpatch -edge-nodes, see generate.go), so they
	// are recorded here, where the edges list resolves.
	case []*ent.ProductEdge:
		var out []string
		for _, edge := range e {
			if edge != nil {
				out = append(out, entityTags(edge.Node)...)
			}
		}
		return out
	case []*ent.ProductVariantEdge:
		var out []string
		for _, edge := range e {
			if edge != nil {
				out = append(out, entityTags(edge.Node)...)
			}
		}
		return out
	case []*ent.CategoryEdge:
		var out []string
		for _, edge := range e {
			if edge != nil {
				out = append(out, entityTags(edge.Node)...)
			}
		}
		return out
	case []*ent.SellerEdge:
		var out []string
		for _, edge := range e {
			if edge != nil {
				out = append(out, entityTags(edge.Node)...)
			}
		}
		return out
	case []*ent.ReviewEdge:
		var out []string
		for _, edge := range e {
			if edge != nil {
				out = append(out, entityTags(edge.Node)...)
			}
		}
		return out
	}
	return nil
}
