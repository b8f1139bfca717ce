package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// InventoryLevel is the stock of one variant in one warehouse. Available
// stock is on_hand minus reserved (reservations arrive with checkout).
type InventoryLevel struct{ ent.Schema }

// Mixin of the InventoryLevel.
func (InventoryLevel) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("inv"), TimeMixin{}}
}

// Fields of the InventoryLevel.
func (InventoryLevel) Fields() []ent.Field {
	return []ent.Field{
		field.String("variant_id").GoType(pulid.ID("")),
		field.String("warehouse_id").GoType(pulid.ID("")),
		field.Int("on_hand").NonNegative().Default(0),
		field.Int("reserved").NonNegative().Default(0),
	}
}

// Edges of the InventoryLevel.
func (InventoryLevel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("variant", ProductVariant.Type).Ref("inventory_levels").Field("variant_id").Unique().Required(),
		edge.From("warehouse", Warehouse.Type).Ref("inventory_levels").Field("warehouse_id").Unique().Required(),
	}
}

// Indexes of the InventoryLevel.
func (InventoryLevel) Indexes() []ent.Index {
	return []ent.Index{index.Fields("variant_id", "warehouse_id").Unique()}
}
