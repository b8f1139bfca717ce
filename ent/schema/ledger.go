package schema

import (
	"context"
	"errors"

	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// SellerLedgerEntry is one movement of a seller's money. The ledger is
// append-only: entries are never changed or deleted (a hook refuses it), a
// correction is a new entry. Each entry moves amounts between the seller's
// three buckets: pending (sold, not yet delivered and past the return
// window), available (may be paid out) and paid out.
type SellerLedgerEntry struct{ ent.Schema }

// Mixin of the SellerLedgerEntry.
func (SellerLedgerEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("led")}
}

// Fields of the SellerLedgerEntry.
func (SellerLedgerEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("seller_id").GoType(pulid.ID("")).Immutable(),
		// SALE: a paid line, less commission (pending). REFUND: money given
		// back (from pending, or from available once released). RELEASE:
		// pending becomes available. PAYOUT: available is paid out.
		field.Enum("type").Values("SALE", "REFUND", "RELEASE", "PAYOUT").Immutable(),
		field.String("order_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("order_line_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("payout_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		// What the buyer paid (SALE) or got back (REFUND) for the line, and
		// the marketplace's commission on it (negative when reversed).
		field.Int64("gross").Default(0).Immutable(),
		field.Int64("commission").Default(0).Immutable(),
		field.Int("commission_ppm").Default(0).Immutable(),
		// Signed changes of the three buckets.
		field.Int64("pending").Default(0).Immutable(),
		field.Int64("available").Default(0).Immutable(),
		field.Int64("paid_out").Default(0).Immutable(),
		field.String("currency").MaxRuneLen(3).Immutable(),
		// Unique per cause ("sale:<line>", "refund:<refund>:<line>",
		// "release:<line>", "payout:<payout>"): an event handled twice
		// writes once.
		field.String("key").MaxRuneLen(100).Unique().Immutable().Annotations(gql.Skip()),
		field.Time("created_at").Default(now).Immutable().Annotations(gql.OrderField("CREATED_AT")),
	}
}

// Indexes of the SellerLedgerEntry.
func (SellerLedgerEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("seller_id", "created_at"), index.Fields("order_line_id")}
}

// Hooks of the SellerLedgerEntry: append-only.
func (SellerLedgerEntry) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return nil, errors.New("the seller ledger is append-only")
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// Annotations of the SellerLedgerEntry.
func (SellerLedgerEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// Payout records money paid to a seller: its available balance at the time.
type Payout struct{ ent.Schema }

// Mixin of the Payout.
func (Payout) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("pyo")}
}

// Fields of the Payout.
func (Payout) Fields() []ent.Field {
	return []ent.Field{
		field.String("seller_id").GoType(pulid.ID("")).Immutable(),
		field.Int64("amount").Immutable(),
		field.String("currency").MaxRuneLen(3).Immutable(),
		// The seller's payout reference (IBAN, account) when paid.
		field.String("reference").MaxRuneLen(100).Default("").Immutable(),
		field.String("idempotency_key").MaxRuneLen(100).Unique().Immutable().Annotations(gql.Skip()),
		field.String("actor").MaxRuneLen(60).Default("").Immutable().Annotations(gql.Skip()),
		field.Time("created_at").Default(now).Immutable().Annotations(gql.OrderField("CREATED_AT")),
	}
}

// Indexes of the Payout.
func (Payout) Indexes() []ent.Index {
	return []ent.Index{index.Fields("seller_id", "created_at")}
}

// Annotations of the Payout.
func (Payout) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
