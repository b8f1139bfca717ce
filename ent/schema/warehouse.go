package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Warehouse is a stock location. There is one default warehouse today; the
// model holds several.
type Warehouse struct{ ent.Schema }

// Mixin of the Warehouse.
func (Warehouse) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("wh"), TimeMixin{}}
}

// Fields of the Warehouse.
func (Warehouse) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxRuneLen(50).Unique(),
		field.String("name").NotEmpty().MaxRuneLen(200),
		field.Bool("is_default").Default(false),
	}
}

// Edges of the Warehouse.
func (Warehouse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("inventory_levels", InventoryLevel.Type).
			Annotations(entgql.Skip()),
	}
}
