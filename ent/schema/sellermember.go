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

// SellerMember makes a customer a member of a seller: OWNER or STAFF. Members
// manage the seller's products and stock.
type SellerMember struct{ ent.Schema }

// Mixin of the SellerMember.
func (SellerMember) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("mem")}
}

// Fields of the SellerMember.
func (SellerMember) Fields() []ent.Field {
	return []ent.Field{
		field.String("seller_id").GoType(pulid.ID("")),
		field.String("customer_id").GoType(pulid.ID("")),
		field.Enum("role").Values("OWNER", "STAFF"),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Edges of the SellerMember.
func (SellerMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("seller", Seller.Type).Ref("members").Field("seller_id").Unique().Required(),
		edge.From("customer", Customer.Type).Ref("memberships").Field("customer_id").Unique().Required(),
	}
}

// Indexes of the SellerMember.
func (SellerMember) Indexes() []ent.Index {
	return []ent.Index{index.Fields("seller_id", "customer_id").Unique(), index.Fields("customer_id")}
}

// Annotations of the SellerMember.
func (SellerMember) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
