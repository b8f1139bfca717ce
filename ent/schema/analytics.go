package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// AnalyticsEventTypes are what a storefront (or the server) reports a
// visitor did. The ORDER_ ones are the server's own (internal/analytics
// ServerTypes): a storefront may not send them.
var AnalyticsEventTypes = []string{"PRODUCT_VIEWED", "SEARCH_PERFORMED", "PRODUCT_CLICKED", "CART_LINE_ADDED", "CHECKOUT_STARTED",
	"ORDER_PLACED", "ORDER_PAID"}

// AnalyticsEvent is one behaviour event, raw: kept for the retention period,
// then purged; the rollup worker folds it into AnalyticsDaily first. It is
// personal data (pseudonymous, and tied to the account when signed in):
// exported and erased with the account.
type AnalyticsEvent struct{ ent.Schema }

// Mixin of the AnalyticsEvent.
func (AnalyticsEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("aev")}
}

// Fields of the AnalyticsEvent.
func (AnalyticsEvent) Fields() []ent.Field {
	return []ent.Field{
		// The client's UUID of the event (lower case): a batch sent twice
		// is recorded once.
		field.String("event_id").MaxRuneLen(36).Unique().Immutable(),
		field.Enum("type").Values(AnalyticsEventTypes...).Immutable(),
		// A digest of the storefront's visitor id: the id itself (a cookie
		// value) is never stored.
		field.String("visitor").MaxRuneLen(64).Immutable(),
		field.String("customer_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("product_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("variant_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		// The product's seller when recorded, so that sellers' reports need
		// no join.
		field.String("seller_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("search_terms").MaxRuneLen(200).Default("").Immutable(),
		field.Int("result_count").Optional().Nillable().Immutable(),
		// The order of a server-side ORDER_ event: its payment is recorded
		// for the visitor its placement was recorded for.
		field.String("order_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.Time("occurred_at").Immutable(),
		field.Time("received_at").Default(now).Immutable(),
		// Folded into AnalyticsDaily by the worker.
		field.Bool("rolled_up").Default(false),
	}
}

// Indexes of the AnalyticsEvent.
func (AnalyticsEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("rolled_up", "id"),
		index.Fields("occurred_at"),
		index.Fields("customer_id"),
		index.Fields("visitor"),
		index.Fields("order_id"),
	}
}

// Annotations of the AnalyticsEvent.
func (AnalyticsEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// AnalyticsDaily is a daily rollup: how many times a metric happened on a
// UTC day, per seller, product and search. Anonymous; kept forever.
type AnalyticsDaily struct{ ent.Schema }

// Mixin of the AnalyticsDaily.
func (AnalyticsDaily) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ard")}
}

// Fields of the AnalyticsDaily.
func (AnalyticsDaily) Fields() []ent.Field {
	return []ent.Field{
		// YYYY-MM-DD (UTC): compares as text on every store.
		field.String("day").MaxRuneLen(10).Immutable(),
		// An event type, or SESSIONS (visitors seen that day) and
		// CART_SESSIONS (those of them who added to a cart).
		field.Enum("metric").Values(append([]string{"SESSIONS", "CART_SESSIONS"}, AnalyticsEventTypes...)...).Immutable(),
		// Empty: none (a search; or the whole shop, for sessions).
		field.String("seller_id").MaxRuneLen(40).Default("").Immutable(),
		field.String("product_id").MaxRuneLen(40).Default("").Immutable(),
		field.String("search_terms").MaxRuneLen(200).Default("").Immutable(),
		field.Int64("count").Default(0),
		// Searches that found nothing.
		field.Int64("zero_results").Default(0),
	}
}

// Indexes of the AnalyticsDaily.
func (AnalyticsDaily) Indexes() []ent.Index {
	return []ent.Index{index.Fields("day", "metric", "seller_id", "product_id", "search_terms").Unique()}
}

// Annotations of the AnalyticsDaily.
func (AnalyticsDaily) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// AnalyticsVisitorDay is a visitor seen on a day, for the shop (seller_id
// empty) or on a seller's products: what makes SESSIONS distinct.
// Pseudonymous; purged with the raw events.
type AnalyticsVisitorDay struct{ ent.Schema }

// Mixin of the AnalyticsVisitorDay.
func (AnalyticsVisitorDay) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("avd")}
}

// Fields of the AnalyticsVisitorDay.
func (AnalyticsVisitorDay) Fields() []ent.Field {
	return []ent.Field{
		field.String("day").MaxRuneLen(10).Immutable(),
		field.String("visitor").MaxRuneLen(64).Immutable(),
		field.String("seller_id").MaxRuneLen(40).Default("").Immutable(),
		field.Bool("carted").Default(false),
	}
}

// Indexes of the AnalyticsVisitorDay.
func (AnalyticsVisitorDay) Indexes() []ent.Index {
	return []ent.Index{index.Fields("day", "visitor", "seller_id").Unique(), index.Fields("visitor")}
}

// Annotations of the AnalyticsVisitorDay.
func (AnalyticsVisitorDay) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}

// AnalyticsOptOut is a visitor (a digest of the storefront's visitor id)
// who asked not to be recorded: kept so that the refusal is honoured.
type AnalyticsOptOut struct{ ent.Schema }

// Mixin of the AnalyticsOptOut.
func (AnalyticsOptOut) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("aoo")}
}

// Fields of the AnalyticsOptOut.
func (AnalyticsOptOut) Fields() []ent.Field {
	return []ent.Field{
		field.String("visitor").MaxRuneLen(64).Unique().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Annotations of the AnalyticsOptOut.
func (AnalyticsOptOut) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipAll)}
}
