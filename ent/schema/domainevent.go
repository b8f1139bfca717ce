package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// DomainEvent is an event about something other than an order (a variant
// back in stock, a price dropped), written in the transaction of its
// change: the outbox of events the order timeline does not carry.
type DomainEvent struct{ ent.Schema }

// Mixin of the DomainEvent.
func (DomainEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("dev"), TimeMixin{}}
}

// Fields of the DomainEvent.
func (DomainEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("type").MaxRuneLen(50),
		field.String("subject_id").MaxRuneLen(40),
		field.JSON("data", map[string]string{}).Default(map[string]string{}),
		field.Time("published_at").Optional().Nillable(),
	}
}

// Indexes of the DomainEvent.
func (DomainEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("published_at", "created_at")}
}

// Annotations of the DomainEvent.
func (DomainEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
