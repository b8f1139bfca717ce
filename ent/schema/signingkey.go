package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"github.com/comptoir/comptoir/ent/schema/gql"
)

// SigningKey is the access-token key generated for development, persisted so
// that restarts keep sessions. Production keys come from configuration.
type SigningKey struct{ ent.Schema }

// Fields of the SigningKey.
func (SigningKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").MaxRuneLen(64).Immutable(),
		// seed is the Ed25519 seed, base64url.
		field.String("seed").Sensitive(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Annotations of the SigningKey.
func (SigningKey) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
