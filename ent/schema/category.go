package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Category is a node of the catalog tree.
type Category struct{ ent.Schema }

// Mixin of the Category.
func (Category) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cat"), TimeMixin{}}
}

// Fields of the Category.
func (Category) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(200).
			Annotations(gql.OrderField("NAME")),
		field.String("slug").NotEmpty().MaxRuneLen(200).Unique(),
		field.Text("description").Default(""),
		// path is the materialized path "/<root id>/.../<own id>/": descendants
		// are the categories whose path starts with this one's, found with one
		// indexed prefix scan instead of a recursive walk.
		field.String("path").MaxRuneLen(1000).
			Annotations(gql.Skip()),
		field.Int("depth").NonNegative().Default(0),
		field.Int("position").Default(0).
			Annotations(gql.OrderField("POSITION")),
		field.String("parent_id").GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Edges of the Category.
func (Category) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Category.Type).
			Annotations(gql.RelayConnection()).
			From("parent").
			Field("parent_id").
			Unique(),
		edge.To("products", Product.Type).
			Annotations(gql.Skip(gql.SkipAll)),
	}
}

// Indexes of the Category: the orders its listings walk (categories,
// Category.children, topLevel, and the children counts by parent;
// internal/listings TestEveryListingUsesAnIndex).
func (Category) Indexes() []ent.Index {
	return []ent.Index{
		// text_pattern_ops: PostgreSQL reads a LIKE prefix through a btree
		// only in the C collation; with any other (C.UTF-8, en_US) the
		// category filter read every category (internal/listings
		// TestEveryListingUsesAnIndex, Category.products). SQLite ignores it.
		index.Fields("path").Annotations(entsql.OpClass("text_pattern_ops")),
		index.Fields("position", "id"),
		index.Fields("name", "id"),
		index.Fields("parent_id", "position", "id"),
		index.Fields("parent_id", "name", "id"),
	}
}

// Annotations of the Category.
func (Category) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
