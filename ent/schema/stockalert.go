package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// StockAlert is a shopper's request to be mailed when a sold-out variant is
// back in stock; it is used once.
type StockAlert struct{ ent.Schema }

// Mixin of the StockAlert.
func (StockAlert) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sta"), TimeMixin{}}
}

// Fields of the StockAlert.
func (StockAlert) Fields() []ent.Field {
	return []ent.Field{
		field.String("variant_id").GoType(pulid.ID("")),
		field.String("email").MaxRuneLen(254),
		field.Time("notified_at").Optional().Nillable(),
	}
}

// Indexes of the StockAlert.
func (StockAlert) Indexes() []ent.Index {
	return []ent.Index{index.Fields("variant_id", "email").Unique()}
}

// Annotations of the StockAlert.
func (StockAlert) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
