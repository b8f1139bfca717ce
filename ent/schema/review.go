package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Review is a verified buyer's rating and text about a product: one per
// customer and product. Text is stored as given and never rendered as HTML.
type Review struct{ ent.Schema }

// Mixin of the Review.
func (Review) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rev"), TimeMixin{}}
}

// Fields of the Review.
func (Review) Fields() []ent.Field {
	return []ent.Field{
		field.String("product_id").GoType(pulid.ID("")).Immutable(),
		field.String("seller_id").GoType(pulid.ID("")).Immutable().Annotations(gql.Skip()),
		field.String("customer_id").GoType(pulid.ID("")).Immutable().Annotations(gql.Skip()),
		// The delivered order line that makes it a verified purchase.
		field.String("order_line_id").GoType(pulid.ID("")).Immutable().Annotations(gql.Skip()),
		field.String("author_name").MaxRuneLen(100).Default(""),
		field.Int("rating").Range(1, 5).Annotations(gql.OrderField("RATING")),
		field.String("title").MaxRuneLen(200).Default(""),
		field.Text("body").MaxRuneLen(5000).Default(""),
		field.Enum("status").Values("PENDING", "APPROVED", "REJECTED").Default("PENDING"),
		field.Int("helpful_count").Default(0).Annotations(gql.OrderField("HELPFUL_COUNT")),
		field.Text("reply").MaxRuneLen(5000).Default("").Annotations(gql.Skip()),
		field.Time("replied_at").Optional().Nillable().Annotations(gql.Skip()),
	}
}

// Indexes of the Review.
func (Review) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "customer_id").Unique(),
		index.Fields("product_id", "status", "created_at"),
		index.Fields("status", "created_at"),
		// A customer's reviews, newest first.
		index.Fields("customer_id", "created_at", "id"),
	}
}

// Annotations of the Review.
func (Review) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// ReviewVote is a customer finding a review helpful: once each.
type ReviewVote struct{ ent.Schema }

// Mixin of the ReviewVote.
func (ReviewVote) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rvv"), TimeMixin{}}
}

// Fields of the ReviewVote.
func (ReviewVote) Fields() []ent.Field {
	return []ent.Field{
		field.String("review_id").GoType(pulid.ID("")).Immutable(),
		field.String("customer_id").GoType(pulid.ID("")).Immutable(),
	}
}

// Indexes of the ReviewVote.
func (ReviewVote) Indexes() []ent.Index {
	return []ent.Index{index.Fields("review_id", "customer_id").Unique()}
}

// Annotations of the ReviewVote.
func (ReviewVote) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
