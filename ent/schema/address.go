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

// Address is an entry of a customer's address book.
type Address struct{ ent.Schema }

// Mixin of the Address.
func (Address) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("adr"), TimeMixin{}}
}

// Fields of the Address.
func (Address) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(pulid.ID("")),
		field.String("first_name").MaxRuneLen(100).Default(""),
		field.String("last_name").MaxRuneLen(100).Default(""),
		field.String("company").MaxRuneLen(200).Default(""),
		field.String("address1").MaxRuneLen(200),
		field.String("address2").MaxRuneLen(200).Default(""),
		field.String("city").MaxRuneLen(100),
		field.String("province_code").MaxRuneLen(10).Default(""),
		field.String("zip").MaxRuneLen(20).Default(""),
		field.String("country_code").MaxRuneLen(2),
		field.String("phone").MaxRuneLen(30).Default(""),
	}
}

// Edges of the Address.
func (Address) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("addresses").Field("customer_id").Unique().Required(),
	}
}

// Indexes of the Address.
func (Address) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id")}
}

// Annotations of the Address.
func (Address) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
