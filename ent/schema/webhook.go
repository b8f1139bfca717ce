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

// WebhookEndpoint is a third party's URL that receives events, signed with
// its secret.
type WebhookEndpoint struct{ ent.Schema }

// Mixin of the WebhookEndpoint.
func (WebhookEndpoint) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("whk"), TimeMixin{}}
}

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").MaxRuneLen(2000),
		field.JSON("event_types", []string{}).Default([]string{}),
		field.String("secret").MaxRuneLen(200).Sensitive(),
		field.Bool("active").Default(true),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", WebhookDelivery.Type).Annotations(gql.RelayConnection()),
	}
}

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}

// WebhookDelivery is one event sent (or to send) to one endpoint, with its
// attempts.
type WebhookDelivery struct{ ent.Schema }

// Mixin of the WebhookDelivery.
func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("whd"), TimeMixin{}}
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.String("endpoint_id").GoType(pulid.ID("")),
		field.String("event_id").MaxRuneLen(40),
		field.String("event_type").MaxRuneLen(60),
		field.Text("payload"),
		field.Enum("status").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.Int("last_status_code").Default(0),
		field.String("last_error").MaxRuneLen(500).Default(""),
		field.Time("next_attempt_at"),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").Unique().Required(),
	}
}

// Indexes of the WebhookDelivery: the webhookDeliveries listing walks
// (created_at, id) newest first, or an endpoint's (one endpoint may hold
// most of them; internal/listings TestEveryListingUsesAnIndex).
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("endpoint_id", "event_id").Unique(),
		index.Fields("status", "next_attempt_at"),
		index.Fields("created_at", "id"),
		index.Fields("endpoint_id", "created_at", "id"),
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
