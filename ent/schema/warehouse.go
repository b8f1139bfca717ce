package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Warehouse is a stock location. Checkout reserves stock from active
// warehouses in order of priority, then code (see internal/inventory). The
// `default` warehouse (is_default) exists from the first migration on and
// takes stock changes that name no warehouse.
type Warehouse struct{ ent.Schema }

// Mixin of the Warehouse.
func (Warehouse) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("wh"), TimeMixin{}}
}

// Fields of the Warehouse.
func (Warehouse) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxRuneLen(50).Unique().
			Annotations(gql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxRuneLen(200),
		field.Bool("is_default").Default(false),
		// Street address, free text; empty when not given.
		field.String("address").Default("").MaxRuneLen(500),
		// ISO 3166-1 alpha-2; empty when not given.
		field.String("country_code").Default("").MaxRuneLen(2),
		// Lower reserves first.
		field.Int("priority").Default(0).
			Annotations(gql.OrderField("PRIORITY")),
		// An inactive warehouse keeps its stock but neither sells nor
		// counts in quantityAvailable.
		field.Bool("active").Default(true),
	}
}

// Edges of the Warehouse.
func (Warehouse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("inventory_levels", InventoryLevel.Type).
			Annotations(gql.Skip()),
	}
}

// Indexes of the Warehouse: the orders its listings are read in (internal/listings
// TestEveryListingUsesAnIndex).
func (Warehouse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("priority", "code", "id")}
}

// Annotations of the Warehouse.
func (Warehouse) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection(), gql.MultiOrder()}
}
