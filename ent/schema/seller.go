package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Seller is a marketplace merchant that lists products.
type Seller struct{ ent.Schema }

// Mixin of the Seller.
func (Seller) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sel"), TimeMixin{}}
}

// Fields of the Seller.
func (Seller) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").NotEmpty().MaxLen(200).Unique(),
		field.Enum("status").Values("PENDING", "ACTIVE", "SUSPENDED").Default("ACTIVE"),
	}
}

// Edges of the Seller.
func (Seller) Edges() []ent.Edge {
	return []ent.Edge{
		// The public products of a seller are listed by the catalog package
		// (visibility and filters apply), never eager-loaded wholesale.
		edge.To("products", Product.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("members", SellerMember.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the Seller.
func (Seller) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
