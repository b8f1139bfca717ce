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

// ProductVariant is the purchasable unit: one combination of option values,
// with its own SKU, price and stock.
type ProductVariant struct{ ent.Schema }

// Mixin of the ProductVariant.
func (ProductVariant) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("var"), TimeMixin{}}
}

// Fields of the ProductVariant.
func (ProductVariant) Fields() []ent.Field {
	return []ent.Field{
		field.String("product_id").GoType(pulid.ID("")),
		field.String("sku").NotEmpty().MaxRuneLen(100).Unique(),
		field.String("title").MaxRuneLen(300).Default(""),
		field.JSON("options", map[string]string{}).Default(map[string]string{}).
			Annotations(gql.MapsTo("selectedOptions")),
		// Money is integer minor units in the variant's currency; never a float.
		// The GraphQL price fields need amount and currency together, and
		// entgql maps a GraphQL field to one column only: the ent fields
		// claim names no GraphQL field uses, and CollectColumns
		// (Annotations) selects both for price and compareAtPrice.
		field.Int64("price").NonNegative().
			Annotations(gql.MapsTo("priceMinorUnits")),
		field.Int64("compare_at_price").Optional().Nillable().
			Annotations(gql.MapsTo("compareAtPriceMinorUnits")),
		field.String("currency").MaxRuneLen(3).
			Annotations(gql.MapsTo("currencyOfPrices")),
		field.Int("weight_grams").NonNegative().Default(0),
		field.Int("position").Default(0).
			Annotations(gql.OrderField("POSITION")),
	}
}

// Edges of the ProductVariant.
func (ProductVariant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("variants").Field("product_id").Unique().Required(),
		edge.To("inventory_levels", InventoryLevel.Type).
			Annotations(gql.Skip()),
	}
}

// Indexes of the ProductVariant.
func (ProductVariant) Indexes() []ent.Index {
	return []ent.Index{index.Fields("product_id", "position")}
}

// Annotations of the ProductVariant.
func (ProductVariant) Annotations() []schema.Annotation {
	return []schema.Annotation{
		gql.RelayConnection(),
		// product_id too: the response cache tags a variant with its
		// product (respcache.entityTags).
		CollectColumns{
			"price":             {"price", "currency", "product_id"},
			"compareAtPrice":    {"compare_at_price", "currency", "product_id"},
			"quantityAvailable": {"product_id"},
			"availableForSale":  {"product_id"},
		},
	}
}
