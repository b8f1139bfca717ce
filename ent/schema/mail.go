package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// MailOutbox is an email to send, rendered and stored before it is sent:
// a crash loses none, and the key (an event and a kind) makes a redelivered
// event enqueue it once.
type MailOutbox struct{ ent.Schema }

// Mixin of the MailOutbox.
func (MailOutbox) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("mlo"), TimeMixin{}}
}

// Fields of the MailOutbox.
func (MailOutbox) Fields() []ent.Field {
	return []ent.Field{
		// What caused it: an order event ID and the kind of mail, or a unique
		// key for account mails.
		field.String("key").MaxRuneLen(120).Unique(),
		field.String("kind").MaxRuneLen(40),
		field.String("to").MaxRuneLen(254),
		field.String("subject").MaxRuneLen(300),
		field.Text("text"),
		field.Text("html"),
		field.Enum("status").Values("PENDING", "SENT", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.String("last_error").MaxRuneLen(500).Default(""),
		field.Time("next_attempt_at"),
		field.Time("sent_at").Optional().Nillable(),
	}
}

// Indexes of the MailOutbox.
func (MailOutbox) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "next_attempt_at")}
}

// Annotations of the MailOutbox.
func (MailOutbox) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
