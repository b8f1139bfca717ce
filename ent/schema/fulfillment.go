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

// Fulfillment is a parcel a seller sent: some of its lines of an order, with
// the carrier's tracking.
type Fulfillment struct{ ent.Schema }

// Mixin of the Fulfillment.
func (Fulfillment) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ful"), TimeMixin{}}
}

// Fields of the Fulfillment.
func (Fulfillment) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.String("seller_id").GoType(pulid.ID("")),
		field.String("carrier").MaxRuneLen(100).Default(""),
		field.String("tracking_number").MaxRuneLen(100).Default(""),
		field.String("tracking_url").MaxRuneLen(500).Default(""),
		field.Enum("status").Values("SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILURE").Default("SHIPPED"),
		field.JSON("lines", []LineQuantity{}).Default([]LineQuantity{}),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

// Edges of the Fulfillment.
func (Fulfillment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("fulfillments").Field("order_id").Unique().Required(),
		edge.To("tracking_events", TrackingEvent.Type).Annotations(gql.Skip(gql.SkipAll)),
	}
}

// Indexes of the Fulfillment.
func (Fulfillment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id")}
}

// Annotations of the Fulfillment.
func (Fulfillment) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// TrackingEvent is a carrier's report on a parcel.
type TrackingEvent struct{ ent.Schema }

// Mixin of the TrackingEvent.
func (TrackingEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("tev"), TimeMixin{}}
}

// Fields of the TrackingEvent.
func (TrackingEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("fulfillment_id").GoType(pulid.ID("")),
		field.Enum("status").Values("SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILURE"),
		field.String("message").MaxRuneLen(500).Default(""),
		field.String("location").MaxRuneLen(200).Default(""),
		field.Time("occurred_at"),
	}
}

// Edges of the TrackingEvent.
func (TrackingEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("fulfillment", Fulfillment.Type).Ref("tracking_events").Field("fulfillment_id").Unique().Required(),
	}
}

// Annotations of the TrackingEvent.
func (TrackingEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// OrderReturn is a customer's request to send delivered lines back.
type OrderReturn struct{ ent.Schema }

// Mixin of the OrderReturn.
func (OrderReturn) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ret"), TimeMixin{}}
}

// Fields of the OrderReturn.
func (OrderReturn) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.Enum("status").Values("REQUESTED", "APPROVED", "REFUSED").Default("REQUESTED"),
		field.JSON("lines", []LineQuantity{}).Default([]LineQuantity{}),
		field.String("reason").MaxRuneLen(500).Default(""),
		field.String("decision_note").MaxRuneLen(500).Default(""),
		field.String("refund_id").GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Edges of the OrderReturn.
func (OrderReturn) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("returns").Field("order_id").Unique().Required(),
	}
}

// Indexes of the OrderReturn.
func (OrderReturn) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id")}
}

// Annotations of the OrderReturn.
func (OrderReturn) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}
