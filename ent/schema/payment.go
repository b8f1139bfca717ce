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

// Payment is money asked of the buyer for an order through a provider.
type Payment struct{ ent.Schema }

// Mixin of the Payment.
func (Payment) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("pay"), TimeMixin{}}
}

// Fields of the Payment.
func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.String("provider").MaxRuneLen(20),
		field.Enum("status").Values("PENDING", "AUTHORIZED", "CAPTURED", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED").Default("PENDING"),
		field.Int64("amount"),
		field.Int64("captured_amount").Default(0),
		field.Int64("refunded_amount").Default(0),
		field.String("currency").MaxRuneLen(3),
		// The provider's reference (a Stripe PaymentIntent ID).
		field.String("provider_ref").MaxRuneLen(100).Default(""),
		// What the buyer must do next, e.g. CONFIRM for a second step.
		field.String("next_action").MaxRuneLen(30).Default(""),
		field.String("client_secret").MaxRuneLen(200).Default("").Sensitive(),
		field.String("failure_reason").MaxRuneLen(200).Default(""),
		// Past this time a PENDING payment expires and its stock is released.
		field.Time("expires_at"),
	}
}

// Edges of the Payment.
func (Payment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("payments").Field("order_id").Unique().Required(),
	}
}

// Indexes of the Payment.
func (Payment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("status", "expires_at"), index.Fields("provider", "provider_ref")}
}

// Annotations of the Payment.
func (Payment) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// Refund gives money back on a payment; at most what was captured.
type Refund struct{ ent.Schema }

// Mixin of the Refund.
func (Refund) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rfd"), TimeMixin{}}
}

// Fields of the Refund.
func (Refund) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.String("payment_id").GoType(pulid.ID("")),
		field.Int64("amount"),
		field.Enum("status").Values("PENDING", "SUCCEEDED", "FAILED").Default("PENDING"),
		field.String("idempotency_key").MaxRuneLen(100).Annotations(gql.Skip()),
		// A digest of the request, to tell a replay from a reused key.
		field.String("request_hash").MaxRuneLen(64).Annotations(gql.Skip()),
		field.JSON("lines", []LineQuantity{}).Default([]LineQuantity{}),
		field.Bool("restock").Default(false),
		field.String("reason").MaxRuneLen(500).Default(""),
		field.String("provider_ref").MaxRuneLen(100).Default(""),
		field.String("failure_reason").MaxRuneLen(200).Default(""),
	}
}

// LineQuantity is a quantity of an order line (refunded, shipped,
// returned).
type LineQuantity struct {
	OrderLineID pulid.ID `json:"orderLineId"`
	Quantity    int      `json:"quantity"`
}

// Edges of the Refund.
func (Refund) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("refunds").Field("order_id").Unique().Required(),
	}
}

// Indexes of the Refund.
func (Refund) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id", "idempotency_key").Unique()}
}

// Annotations of the Refund.
func (Refund) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// WebhookEvent records a provider's event ID once it has been processed, in
// the same transaction as its effects: a redelivery finds it and does nothing.
type WebhookEvent struct{ ent.Schema }

// Mixin of the WebhookEvent.
func (WebhookEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("whe"), TimeMixin{}}
}

// Fields of the WebhookEvent.
func (WebhookEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("provider").MaxRuneLen(20),
		field.String("event_id").MaxRuneLen(100),
		field.String("type").MaxRuneLen(100),
	}
}

// Indexes of the WebhookEvent.
func (WebhookEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("provider", "event_id").Unique()}
}

// Annotations of the WebhookEvent.
func (WebhookEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
