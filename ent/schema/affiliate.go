package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Affiliate is a customer in the affiliate program: orders they refer earn
// them a commission.
type Affiliate struct{ ent.Schema }

// Mixin of the Affiliate.
func (Affiliate) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("aff"), TimeMixin{}}
}

// Fields of the Affiliate.
func (Affiliate) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(pulid.ID("")).Unique().Immutable(),
		field.String("code").MaxRuneLen(40).Unique().Immutable(),
		// nil: the program's rate.
		field.Int("commission_ppm").Optional().Nillable().Min(0).Max(1_000_000).Annotations(gql.Skip()),
	}
}

// Indexes of the Affiliate: the orders its listings are read in (internal/listings
// TestEveryListingUsesAnIndex).
func (Affiliate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at", "id")}
}

// Annotations of the Affiliate.
func (Affiliate) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// ReferralVisit is a click on an affiliate's link: one per visitor and day.
type ReferralVisit struct{ ent.Schema }

// Mixin of the ReferralVisit.
func (ReferralVisit) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rfv")}
}

// Fields of the ReferralVisit.
func (ReferralVisit) Fields() []ent.Field {
	return []ent.Field{
		field.String("affiliate_id").GoType(pulid.ID("")).Immutable(),
		// A digest of the visitor (account, or given visitor id, or address
		// and user agent): no personal data kept.
		field.String("visitor").MaxRuneLen(64).Immutable(),
		field.String("day").MaxRuneLen(10).Immutable(),
		// The attribution token handed back: unguessable.
		field.String("token").MaxRuneLen(64).Unique().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Indexes of the ReferralVisit.
func (ReferralVisit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("affiliate_id", "visitor", "day").Unique()}
}

// Annotations of the ReferralVisit.
func (ReferralVisit) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// AffiliateCommission is what an attributed order earns its affiliate:
// PENDING until the order is delivered and its return window has passed,
// then APPROVED, then PAID; REVERSED when the order is refunded in full (a
// partial refund lowers it).
type AffiliateCommission struct{ ent.Schema }

// Mixin of the AffiliateCommission.
func (AffiliateCommission) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("afc"), TimeMixin{}}
}

// Fields of the AffiliateCommission.
func (AffiliateCommission) Fields() []ent.Field {
	return []ent.Field{
		field.String("affiliate_id").GoType(pulid.ID("")).Immutable(),
		field.String("order_id").GoType(pulid.ID("")).Unique().Immutable(),
		// The order's net subtotal (after discounts, before tax and
		// shipping) and the rate applied to it.
		field.Int64("base").Immutable(),
		field.Int("rate_ppm").Immutable(),
		field.Int64("amount"),
		field.String("currency").MaxRuneLen(3).Immutable(),
		field.Enum("status").Values("PENDING", "APPROVED", "REVERSED", "PAID").Default("PENDING"),
		field.String("payout_id").GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Indexes of the AffiliateCommission.
func (AffiliateCommission) Indexes() []ent.Index {
	return []ent.Index{index.Fields("affiliate_id", "status"), index.Fields("status")}
}

// Annotations of the AffiliateCommission.
func (AffiliateCommission) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// AffiliatePayout records approved commissions paid to an affiliate.
type AffiliatePayout struct{ ent.Schema }

// Mixin of the AffiliatePayout.
func (AffiliatePayout) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("afp")}
}

// Fields of the AffiliatePayout.
func (AffiliatePayout) Fields() []ent.Field {
	return []ent.Field{
		field.String("affiliate_id").GoType(pulid.ID("")).Immutable(),
		field.Int64("amount").Immutable(),
		field.String("currency").MaxRuneLen(3).Immutable(),
		field.Int("commissions").Immutable(),
		field.String("actor").MaxRuneLen(60).Default("").Immutable().Annotations(gql.Skip()),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Indexes of the AffiliatePayout.
func (AffiliatePayout) Indexes() []ent.Index {
	return []ent.Index{index.Fields("affiliate_id", "created_at")}
}

// Annotations of the AffiliatePayout.
func (AffiliatePayout) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
