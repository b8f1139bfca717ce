package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Customer is a person with an account: a shopper, a seller's member or staff.
type Customer struct{ ent.Schema }

// Mixin of the Customer.
func (Customer) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cus"), TimeMixin{}}
}

// Fields of the Customer.
func (Customer) Fields() []ent.Field {
	return []ent.Field{
		// email is kept as given; email_key (lower-cased) is what is unique,
		// so that emails are unique case-insensitively on every store.
		field.String("email").MaxRuneLen(254),
		field.String("email_key").MaxRuneLen(254).Unique().
			Annotations(gql.Skip()),
		field.String("password_hash").Sensitive().
			Annotations(gql.Skip()),
		field.String("first_name").MaxRuneLen(100).Default(""),
		field.String("last_name").MaxRuneLen(100).Default(""),
		field.Bool("accepts_marketing").Default(false),
		// The customer objected to behaviour analytics (GDPR art. 21):
		// nothing they do is recorded while it is set.
		field.Bool("analytics_opt_out").Default(false),
		field.Enum("role").Values("CUSTOMER", "ADMIN").Default("CUSTOMER"),
		field.Time("email_verified_at").Optional().Nillable(),
		// deleted_at marks an anonymised account (GDPR erasure).
		field.Time("deleted_at").Optional().Nillable().
			Annotations(gql.Skip()),
		field.String("default_shipping_address_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("default_billing_address_id").GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Edges of the Customer.
func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sessions", Session.Type).
			Annotations(gql.Skip(gql.SkipAll)),
		edge.To("memberships", SellerMember.Type).
			Annotations(gql.Skip(gql.SkipAll)),
		edge.To("addresses", Address.Type).
			Annotations(gql.RelayConnection()),
		edge.To("default_shipping_address", Address.Type).Unique().Field("default_shipping_address_id"),
		edge.To("default_billing_address", Address.Type).Unique().Field("default_billing_address_id"),
	}
}

// Annotations of the Customer.
func (Customer) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}
