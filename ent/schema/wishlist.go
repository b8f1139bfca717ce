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

// Wishlist is a customer's named list of variants. One is the default; a
// list is shared read-only through an unguessable token.
type Wishlist struct{ ent.Schema }

// Mixin of the Wishlist.
func (Wishlist) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("wsl"), TimeMixin{}}
}

// Fields of the Wishlist.
func (Wishlist) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(pulid.ID("")),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Bool("is_default").Default(false),
		field.String("share_token").MaxRuneLen(64).Unique().Annotations(gql.Skip()),
	}
}

// Edges of the Wishlist.
func (Wishlist) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("items", WishlistItem.Type).Annotations(gql.RelayConnection()),
	}
}

// Indexes of the Wishlist.
func (Wishlist) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at")}
}

// Annotations of the Wishlist.
func (Wishlist) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// WishlistItem is a variant in a wishlist.
type WishlistItem struct{ ent.Schema }

// Mixin of the WishlistItem.
func (WishlistItem) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("wsi"), TimeMixin{}}
}

// Fields of the WishlistItem.
func (WishlistItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("wishlist_id").GoType(pulid.ID("")),
		field.String("variant_id").GoType(pulid.ID("")),
		// Denormalized from the wishlist: "is it in my wishlists?" for a
		// page of products is one indexed query.
		field.String("customer_id").GoType(pulid.ID("")),
		field.String("product_id").GoType(pulid.ID("")),
	}
}

// Edges of the WishlistItem.
func (WishlistItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("wishlist", Wishlist.Type).Ref("items").Field("wishlist_id").Unique().Required(),
	}
}

// Indexes of the WishlistItem.
func (WishlistItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("wishlist_id", "variant_id").Unique(), index.Fields("customer_id", "product_id"), index.Fields("variant_id")}
}

// Annotations of the WishlistItem.
func (WishlistItem) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
