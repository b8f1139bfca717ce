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

// PromotionTier is one threshold of a tiered promotion: from this subtotal
// of the covered lines, this value (hundredths of a percent, or minor units).
type PromotionTier struct {
	Threshold int64 `json:"threshold"`
	Value     int64 `json:"value"`
}

// Promotion is an automatic discount: no code to enter, it applies to every
// cart that meets its conditions. A seller's promotion covers only that
// seller's products; the platform's (seller_id null) is run by admins.
type Promotion struct{ ent.Schema }

// Mixin of the Promotion.
func (Promotion) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("prm"), TimeMixin{}}
}

// Fields of the Promotion.
func (Promotion) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().MaxRuneLen(200),
		field.String("seller_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.Bool("active").Default(true),
		// Higher first; ties by id.
		field.Int("priority").Default(0),
		// When false and the promotion applies, the cart's discount codes do not.
		field.Bool("combines_with_codes").Default(true),
		// When true it applies alone: not after another promotion, and none after it.
		field.Bool("exclusive").Default(false),
		field.Time("starts_at").Optional().Nillable(),
		field.Time("ends_at").Optional().Nillable(),
		field.Enum("kind").Values("PERCENTAGE", "FIXED_AMOUNT", "BUY_X_GET_Y", "FREE_SHIPPING", "TIERED_PERCENTAGE", "TIERED_FIXED_AMOUNT"),
		// Hundredths of a percent or minor units; 0 for kinds without a value.
		field.Int64("value").NonNegative().Default(0),
		field.String("currency").MaxRuneLen(3),
		// Conditions on the covered lines.
		field.Int64("minimum_subtotal").NonNegative().Default(0),
		field.Int("minimum_quantity").NonNegative().Default(0),
		field.JSON("product_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.JSON("category_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.JSON("seller_ids", []pulid.ID{}).Default([]pulid.ID{}),
		field.Enum("customer_segment").Values("ALL", "SIGNED_IN", "FIRST_ORDER").Default("ALL"),
		// Buy X get Y: of every buy+get covered units, the get cheapest are
		// get_percentage (hundredths of a percent) off.
		field.Int("buy_quantity").NonNegative().Default(0),
		field.Int("get_quantity").NonNegative().Default(0),
		field.Int64("get_percentage").NonNegative().Default(0),
		field.JSON("tiers", []PromotionTier{}).Default([]PromotionTier{}),
	}
}

// Indexes of the Promotion.
func (Promotion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("seller_id"), index.Fields("active"), index.Fields("created_at", "id")}
}

// Annotations of the Promotion.
func (Promotion) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// OrderDiscountAllocation is what one promotion or discount code took off
// one line (order_line_id) or the shipping (target SHIPPING) of an order,
// with the promotion's title as it was at checkout: revenue and orders per
// promotion are sums over these rows.
type OrderDiscountAllocation struct{ ent.Schema }

// Mixin of the OrderDiscountAllocation.
func (OrderDiscountAllocation) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("oda")}
}

// Fields of the OrderDiscountAllocation.
func (OrderDiscountAllocation) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("target").Values("LINE", "SHIPPING").Immutable(),
		field.String("order_line_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		// The seller of the line or parcel, so that a seller's members see
		// their own shares only.
		field.String("seller_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("source").Values("PROMOTION", "DISCOUNT_CODE").Immutable(),
		// No foreign keys: a deleted promotion or code keeps its history.
		field.String("promotion_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("discount_code_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("title").MaxRuneLen(200).Immutable(),
		field.Int64("amount").NonNegative().Immutable(),
		field.String("currency").MaxRuneLen(3).Immutable(),
		// The allocation's rank in the order (pricing order), for stable reads.
		field.Int("position").NonNegative().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Edges of the OrderDiscountAllocation.
func (OrderDiscountAllocation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("discount_allocations").Field("order_id").Unique().Required().Immutable(),
	}
}

// Indexes of the OrderDiscountAllocation.
func (OrderDiscountAllocation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("promotion_id")}
}

// Annotations of the OrderDiscountAllocation.
func (OrderDiscountAllocation) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
