package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// ProductPair is how strongly two products go together, one row per
// direction (product_a → product_b) so that "the best partners of A" walks
// one index. Kept by internal/recommend's worker, never edited: scores only
// grow (forward decay, see internal/recommend).
type ProductPair struct{ ent.Schema }

// Mixin of the ProductPair.
func (ProductPair) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ppr")}
}

// Fields of the ProductPair.
func (ProductPair) Fields() []ent.Field {
	return []ent.Field{
		// BOUGHT: in the same paid order; VIEWED: viewed by the same
		// visitor within a visit.
		field.Enum("kind").Values("BOUGHT", "VIEWED").Immutable(),
		field.String("product_a").GoType(pulid.ID("")).Immutable(),
		field.String("product_b").GoType(pulid.ID("")).Immutable(),
		// The sum of the forward-decayed weights of the pair's
		// occurrences: comparable between pairs whatever their age.
		field.Float("score").Default(0),
	}
}

// Indexes of the ProductPair.
func (ProductPair) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("kind", "product_a", "product_b").Unique(),
		index.Fields("product_a", "kind", "score"),
	}
}

// Annotations of the ProductPair.
func (ProductPair) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// RecommendCursor is how far internal/recommend's worker has read a source
// (paid orders, product views): each run reads only what is past it.
type RecommendCursor struct{ ent.Schema }

// Mixin of the RecommendCursor.
func (RecommendCursor) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rcu")}
}

// Fields of the RecommendCursor.
func (RecommendCursor) Fields() []ent.Field {
	return []ent.Field{
		field.String("source").MaxRuneLen(20).Unique().Immutable(),
		// The last row read: its time and ID (ties on time are ordered by ID).
		field.Time("at"),
		field.String("last_id").MaxRuneLen(40).Default(""),
	}
}

// Annotations of the RecommendCursor.
func (RecommendCursor) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
