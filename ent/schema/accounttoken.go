package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// AccountToken is a single-use, expiring token mailed to a customer: to
// verify an email address or to reset a password. Only its SHA-256 is kept.
type AccountToken struct{ ent.Schema }

// Mixin of the AccountToken.
func (AccountToken) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("atk")}
}

// Fields of the AccountToken.
func (AccountToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(pulid.ID("")),
		field.Enum("purpose").Values("VERIFY_EMAIL", "RESET_PASSWORD"),
		field.String("token_hash").MaxRuneLen(64).Unique().Sensitive(),
		// email is the address the token was sent to: verifying proves that
		// address, not one the account has since changed to.
		field.String("email").MaxRuneLen(254),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at"),
		field.Time("used_at").Optional().Nillable(),
	}
}

// Indexes of the AccountToken.
func (AccountToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "purpose")}
}

// Annotations of the AccountToken.
func (AccountToken) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
