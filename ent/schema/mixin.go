package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/comptoir/comptoir/ent/schema/gql"
)

// now is the time at the precision the stores keep (PostgreSQL timestamps
// hold microseconds), so that an entity a write returns shows the times it
// will be read back with: a payload and a later read of one object agree.
func now() time.Time { return time.Now().Truncate(time.Microsecond) }

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(now).
			Immutable().
			Annotations(gql.OrderField("CREATED_AT")),
		field.Time("updated_at").
			Default(now).
			UpdateDefault(now),
	}
}
