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

// Seller is a marketplace merchant that lists products.
type Seller struct{ ent.Schema }

// Mixin of the Seller.
func (Seller) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sel"), TimeMixin{}}
}

// Fields of the Seller.
func (Seller) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(200).
			Annotations(gql.OrderField("NAME")),
		field.String("slug").NotEmpty().MaxRuneLen(200).Unique(),
		// PENDING: applied, waiting for an admin; REJECTED: refused.
		field.Enum("status").Values("PENDING", "ACTIVE", "SUSPENDED", "REJECTED").Default("ACTIVE"),
		field.Text("description").MaxRuneLen(5000).Default(""),
		field.String("logo_url").MaxRuneLen(500).Default(""),
		// Private to the seller's members and admins.
		field.String("contact_email").MaxRuneLen(254).Default("").Annotations(gql.Skip()),
		field.String("payout_reference").MaxRuneLen(100).Default("").Annotations(gql.Skip()),
		field.String("status_reason").MaxRuneLen(500).Default("").Annotations(gql.Skip()),
		// Commission in parts per million of a line's amount; nil: the
		// configured default.
		field.Int("commission_ppm").Optional().Nillable().Min(0).Max(1_000_000).Annotations(gql.Skip()),
		// The balance, kept equal to the sums of the ledger's entries: each
		// entry's amounts are added here in the entry's transaction.
		field.Int64("balance_pending").Default(0).Annotations(gql.Skip()),
		field.Int64("balance_available").Default(0).Annotations(gql.Skip()),
		field.Int64("balance_paid_out").Default(0).Annotations(gql.Skip()),
	}
}

// Edges of the Seller.
func (Seller) Edges() []ent.Edge {
	return []ent.Edge{
		// The public products of a seller are listed by the catalog package
		// (visibility and filters apply), never eager-loaded wholesale.
		edge.To("products", Product.Type).
			Annotations(gql.Skip(gql.SkipAll)),
		edge.To("members", SellerMember.Type).
			Annotations(gql.Skip(gql.SkipAll)),
	}
}

// Indexes of the Seller: the orders its listings are read in (internal/listings
// TestEveryListingUsesAnIndex).
func (Seller) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "name", "id"), index.Fields("created_at", "id")}
}

// Annotations of the Seller.
func (Seller) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// SellerInvitation asks someone, by email, to join a seller's members: a
// mailed single-use link (only the token's digest is kept), accepted by the
// signed-in account with that email within 7 days.
type SellerInvitation struct{ ent.Schema }

// Mixin of the SellerInvitation.
func (SellerInvitation) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sinv"), TimeMixin{}}
}

// Fields of the SellerInvitation.
func (SellerInvitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("seller_id").GoType(pulid.ID("")).Immutable(),
		// The invitee's email key (lowercased).
		field.String("email").MaxRuneLen(254).Immutable(),
		field.Enum("role").Values("OWNER", "STAFF").Immutable(),
		field.String("token_hash").MaxRuneLen(64).Unique().Immutable().Sensitive(),
		field.Time("expires_at").Immutable(),
		field.Time("accepted_at").Optional().Nillable(),
		field.String("invited_by").GoType(pulid.ID("")).Immutable(),
	}
}

// Indexes of the SellerInvitation.
func (SellerInvitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("seller_id", "email")}
}

// Annotations of the SellerInvitation.
func (SellerInvitation) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
