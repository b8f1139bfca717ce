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

// DiscountCode is a code a buyer enters at the cart: a percentage or a fixed
// amount off the lines it applies to, within dates and usage limits.
type DiscountCode struct{ ent.Schema }

// Mixin of the DiscountCode.
func (DiscountCode) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("dsc"), TimeMixin{}}
}

// Fields of the DiscountCode.
func (DiscountCode) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxRuneLen(64),
		// The code upper-cased: codes are matched case-insensitively.
		field.String("code_key").NotEmpty().MaxRuneLen(64).Unique().Annotations(gql.Skip()),
		field.Enum("kind").Values("PERCENTAGE", "FIXED_AMOUNT"),
		// Percentage in hundredths of a percent (1000 = 10%), or an amount in
		// minor units of currency.
		field.Int64("value").Positive(),
		field.String("currency").MaxRuneLen(3),
		field.Int64("minimum_subtotal").NonNegative().Default(0),
		field.Time("starts_at").Optional().Nillable(),
		field.Time("ends_at").Optional().Nillable(),
		field.Int("usage_limit").Optional().Nillable(),
		field.Int("per_customer_limit").Optional().Nillable(),
		field.Int("used_count").NonNegative().Default(0),
		// Restrictions: when any list is non-empty the code applies only to
		// lines whose product, category (or an ancestor) or seller is listed.
		field.JSON("product_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.JSON("category_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.JSON("seller_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.Bool("active").Default(true),
	}
}

// Indexes of the DiscountCode: the orders its listings are read in (internal/listings
// TestEveryListingUsesAnIndex).
func (DiscountCode) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at", "id")}
}

// Annotations of the DiscountCode.
func (DiscountCode) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// DiscountCustomerUse counts the orders of one customer (or guest email) that
// used a code, so that a per-customer limit is enforced by one conditional
// upsert.
type DiscountCustomerUse struct{ ent.Schema }

// Mixin of the DiscountCustomerUse.
func (DiscountCustomerUse) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("dcu")}
}

// Fields of the DiscountCustomerUse.
func (DiscountCustomerUse) Fields() []ent.Field {
	return []ent.Field{
		field.String("discount_id").GoType(pulid.ID("")),
		// A customer ID, or "email:" and the lower-cased email of a guest.
		field.String("customer_key").MaxRuneLen(260),
		field.Int("count").NonNegative().Default(0),
	}
}

// Edges of the DiscountCustomerUse.
func (DiscountCustomerUse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("discount", DiscountCode.Type).Field("discount_id").Unique().Required(),
	}
}

// Indexes of the DiscountCustomerUse.
func (DiscountCustomerUse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("discount_id", "customer_key").Unique()}
}

// Annotations of the DiscountCustomerUse.
func (DiscountCustomerUse) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
