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

// Order is a completed checkout. Everything the buyer agreed to (prices,
// names, addresses, totals) is copied into it, so later catalog edits never
// change a past order.
type Order struct{ ent.Schema }

// Mixin of the Order.
func (Order) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ord"), TimeMixin{}}
}

// Fields of the Order.
func (Order) Fields() []ent.Field {
	return []ent.Field{
		// The number customers read (#10042).
		field.Int64("number").Unique().Immutable(),
		field.String("customer_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("email").MaxRuneLen(254),
		field.String("phone").MaxRuneLen(30).Default(""),
		field.String("cart_id").GoType(pulid.ID("")).Immutable(),
		field.String("idempotency_key").MaxRuneLen(100).Unique().Immutable().Annotations(gql.Skip()),
		field.Enum("status").Values("PENDING_PAYMENT", "PAID", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED").
			Default("PENDING_PAYMENT"),
		field.Enum("payment_status").Values("PENDING", "AUTHORIZED", "CAPTURED", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED").
			Default("PENDING"),
		field.Enum("fulfillment_status").Values("UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED").Default("UNFULFILLED"),
		field.String("currency").MaxRuneLen(3),
		field.Bool("prices_include_tax").Default(false),
		field.Int64("subtotal"),
		field.Int64("discount_total").Default(0),
		field.Int64("shipping_total").Default(0),
		field.Int64("tax_total").Default(0),
		field.Int64("total"),
		field.Int64("refunded_total").Default(0),
		field.JSON("shipping_address", &CartAddress{}).Optional(),
		field.JSON("discount_codes", []string{}).Default([]string{}),
		// One parcel per seller, with the shipping chosen: a snapshot read
		// with the order (no table of its own: one insert less at checkout).
		field.JSON("shipments", []OrderShipment{}).Default([]OrderShipment{}),
		field.Text("note").Default(""),
		field.Time("paid_at").Optional().Nillable(),
		field.Time("cancelled_at").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
		// The affiliate the order is attributed to (last click).
		field.String("affiliate_id").GoType(pulid.ID("")).Optional().Nillable().Immutable().Annotations(gql.Skip()),
	}
}

// Edges of the Order.
func (Order) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("lines", OrderLine.Type).Annotations(gql.RelayConnection()),
		edge.To("events", OrderEvent.Type).Annotations(gql.RelayConnection()),
		edge.To("payments", Payment.Type).Annotations(gql.Skip(gql.SkipAll)),
		edge.To("fulfillments", Fulfillment.Type).Annotations(gql.Skip(gql.SkipAll)),
		edge.To("refunds", Refund.Type).Annotations(gql.Skip(gql.SkipAll)),
		edge.To("returns", OrderReturn.Type).Annotations(gql.Skip(gql.SkipAll)),
		edge.To("discount_allocations", OrderDiscountAllocation.Type).Annotations(gql.Skip(gql.SkipAll)),
	}
}

// Indexes of the Order.
func (Order) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at"), index.Fields("cart_id"), index.Fields("status", "created_at"),
		// The admin's listing of every order, newest first.
		index.Fields("created_at", "id")}
}

// Annotations of the Order.
func (Order) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// OrderLine is a variant bought, with the prices paid.
type OrderLine struct{ ent.Schema }

// Mixin of the OrderLine.
func (OrderLine) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("oln"), TimeMixin{}}
}

// Fields of the OrderLine.
func (OrderLine) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		// Not foreign keys: the catalog may drop the variant; the line stays.
		field.String("variant_id").GoType(pulid.ID("")),
		field.String("product_id").GoType(pulid.ID("")),
		field.String("seller_id").GoType(pulid.ID("")),
		field.String("product_name").MaxRuneLen(300),
		field.String("variant_title").MaxRuneLen(300).Default(""),
		field.String("sku").MaxRuneLen(100),
		field.Int("quantity").Positive(),
		field.Int64("unit_price"),
		field.Int64("subtotal"),
		field.Int64("discount").Default(0),
		field.Int64("tax").Default(0),
		field.Int64("total"),
		field.Int("tax_rate_ppm").Default(0),
		field.Int("weight_grams").Default(0),
		field.Int("fulfilled_quantity").NonNegative().Default(0),
		field.Int("refunded_quantity").NonNegative().Default(0),
		field.Int("returned_quantity").NonNegative().Default(0),
		// When the seller's credit for the line became available (delivered
		// and past the return window); see internal/ledger.
		field.Time("ledger_released_at").Optional().Nillable().Annotations(gql.Skip()),
	}
}

// Edges of the OrderLine.
func (OrderLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("lines").Field("order_id").Unique().Required(),
	}
}

// Indexes of the OrderLine.
func (OrderLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("seller_id")}
}

// Annotations of the OrderLine.
func (OrderLine) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// OrderEvent is an entry of an order's timeline, written in the same
// transaction as the change it records.
type OrderEvent struct{ ent.Schema }

// Mixin of the OrderEvent.
func (OrderEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("oev"), TimeMixin{}}
}

// Fields of the OrderEvent.
func (OrderEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.String("type").MaxRuneLen(50),
		field.String("message").MaxRuneLen(500).Default(""),
		// Who caused it: a customer ID, "system" or "provider:<name>".
		field.String("actor").MaxRuneLen(60).Default(""),
		// What it is about beyond the order, e.g. the fulfillment of a
		// tracking update.
		field.String("ref").MaxRuneLen(40).Default(""),
		// The timeline is also the transactional outbox: an event is written
		// with its change and published once committed (internal/outbox).
		field.Time("published_at").Optional().Nillable().Annotations(gql.Skip()),
	}
}

// Edges of the OrderEvent.
func (OrderEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("events").Field("order_id").Unique().Required(),
	}
}

// Indexes of the OrderEvent.
func (OrderEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id", "created_at"), index.Fields("published_at", "created_at")}
}

// Annotations of the OrderEvent.
func (OrderEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// StockReservation holds units of a variant in a warehouse for an order,
// from checkout until payment commits them or a failure releases them.
type StockReservation struct{ ent.Schema }

// Mixin of the StockReservation.
func (StockReservation) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rsv"), TimeMixin{}}
}

// Fields of the StockReservation.
func (StockReservation) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(pulid.ID("")),
		field.String("variant_id").GoType(pulid.ID("")),
		field.String("level_id").GoType(pulid.ID("")),
		field.Int("quantity").Positive(),
		// RESERVED: counted in inventory_levels.reserved. COMMITTED: taken
		// from on_hand (paid). RELEASED: given back before payment.
		// RESTOCKED: put back on hand after payment (cancellation).
		field.Enum("state").Values("RESERVED", "COMMITTED", "RELEASED", "RESTOCKED").Default("RESERVED"),
		// Units of a COMMITTED reservation already put back on hand by
		// returns, so that later restocks (and a cancellation) never give a
		// warehouse more than it supplied.
		field.Int("restocked").NonNegative().Default(0),
	}
}

// Indexes of the StockReservation.
func (StockReservation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id")}
}

// Annotations of the StockReservation.
func (StockReservation) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// Counter hands out numbers (order numbers on SQLite; PostgreSQL uses a
// sequence).
type Counter struct{ ent.Schema }

// Fields of the Counter.
func (Counter) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").MaxRuneLen(40).Immutable(),
		field.Int64("value").Default(0),
	}
}

// Annotations of the Counter.
func (Counter) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// OrderShipment is one seller's parcel of an order and how it ships.
type OrderShipment struct {
	SellerID    pulid.ID `json:"sellerId"`
	MethodID    pulid.ID `json:"methodId"`
	MethodName  string   `json:"methodName"`
	Price       int64    `json:"price"`
	Tax         int64    `json:"tax"`
	WeightGrams int      `json:"weightGrams"`
	MinDays     int      `json:"minDays"`
	MaxDays     int      `json:"maxDays"`
}
