package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// ShippingZone is a set of countries that share shipping methods.
type ShippingZone struct{ ent.Schema }

// Mixin of the ShippingZone.
func (ShippingZone) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("shz"), TimeMixin{}}
}

// Fields of the ShippingZone.
func (ShippingZone) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.JSON("countries", []string{}).Default([]string{}),
	}
}

// Edges of the ShippingZone.
func (ShippingZone) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("methods", ShippingMethod.Type).Annotations(gql.Skip(gql.SkipAll)),
	}
}

// Annotations of the ShippingZone.
func (ShippingZone) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// ShippingMethod is a way to ship within a zone: a flat rate or a rate by
// weight, optionally free above a subtotal, for parcels within a weight range.
type ShippingMethod struct{ ent.Schema }

// Mixin of the ShippingMethod.
func (ShippingMethod) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("shm"), TimeMixin{}}
}

// Fields of the ShippingMethod.
func (ShippingMethod) Fields() []ent.Field {
	return []ent.Field{
		field.String("zone_id").GoType(pulid.ID("")),
		// The zone's countries, copied so that pricing reads methods alone.
		field.JSON("countries", []string{}).Default([]string{}),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Enum("kind").Values("FLAT", "WEIGHT"),
		// The price of a parcel (FLAT) or its base price (WEIGHT), in minor units.
		field.Int64("price").NonNegative().Default(0),
		// WEIGHT: added per started kilogram.
		field.Int64("price_per_kg").NonNegative().Default(0),
		field.Int64("free_above").Optional().Nillable(),
		field.String("currency").MaxRuneLen(3),
		field.Int("min_weight_grams").NonNegative().Default(0),
		field.Int("max_weight_grams").Optional().Nillable(),
		field.Int("min_days").NonNegative().Default(0),
		field.Int("max_days").NonNegative().Default(0),
		field.Bool("active").Default(true),
	}
}

// Edges of the ShippingMethod.
func (ShippingMethod) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("zone", ShippingZone.Type).Ref("methods").Field("zone_id").Unique().Required(),
	}
}

// Annotations of the ShippingMethod.
func (ShippingMethod) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}
