package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Media is one product image, in display order. Width, height and MIME
// type are known for images we serve ourselves (the demo catalog) and for
// catalogs that state them; zero or empty means unknown.
type Media struct {
	URL      string `json:"url"`
	Alt      string `json:"alt"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	MimeType string `json:"mimeType,omitempty"`
}

// ProductOption is how the catalog labels one option of a product's
// variants: the key variants use ("color"), the label it wrote ("Colour"),
// and its values in display order. The list's order is the options' order.
type ProductOption struct {
	Name        string               `json:"name"`
	DisplayName string               `json:"displayName,omitempty"`
	Values      []ProductOptionValue `json:"values,omitempty"`
}

// ProductOptionValue labels one value of an option; Swatch is a colour
// (#rrggbb) or an image URL.
type ProductOptionValue struct {
	Value       string  `json:"value"`
	DisplayName string  `json:"displayName,omitempty"`
	Swatch      *string `json:"swatch,omitempty"`
}

// Product is a sellable item; what is bought is one of its variants.
type Product struct{ ent.Schema }

// Mixin of the Product.
func (Product) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("prd"), TimeMixin{}}
}

// Fields of the Product.
func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(300).
			Annotations(gql.OrderField("NAME")),
		field.String("slug").NotEmpty().MaxRuneLen(300).Unique(),
		field.Text("description").Default(""),
		field.Enum("status").Values("DRAFT", "ACTIVE", "ARCHIVED").Default("DRAFT"),
		field.JSON("media", []Media{}).Default([]Media{}),
		// The catalog's labels and order of the variants' options; the
		// options themselves come from the variants (catalog.Options).
		// Not a GraphQL field: selecting Product.options loads whole rows.
		// The database default lets the column be added to existing rows.
		field.JSON("option_labels", []ProductOption{}).Default([]ProductOption{}).
			Annotations(gql.Skip(), entsql.Default("[]")),
		field.JSON("attributes", map[string]string{}).Default(map[string]string{}).
			Annotations(gql.MapsTo("attributes", "attribute")),
		field.String("seller_id").GoType(pulid.ID("")),
		field.String("category_id").GoType(pulid.ID("")).Optional().Nillable(),
		// The price range is kept on the product, in minor units, by the
		// catalog package whenever variants change: it is what the price sort
		// and filter use and what priceRange shows, with no join per row.
		// priceRange needs all three columns: they claim no GraphQL name
		// of their own, and CollectColumns (Annotations) selects them for
		// priceRange.
		field.Int64("price_min").Default(0).
			Annotations(gql.OrderField("PRICE"), gql.MapsTo("priceMinMinorUnits")),
		field.Int64("price_max").Default(0).
			Annotations(gql.MapsTo("priceMaxMinorUnits")),
		field.String("currency").MaxRuneLen(3).Default("EUR").
			Annotations(gql.MapsTo("currencyOfPrices")),
		// The approved reviews' ratings, kept with the product: each review
		// write adds to them in its transaction (never recounted), so a page
		// of products reads its ratings with the products. rating is no ent
		// field, so selecting it loads whole rows.
		field.Int("rating_count").Default(0).Annotations(gql.Skip()),
		field.Int64("rating_sum").Default(0).Annotations(gql.Skip()),
		field.Int("rating_1").Default(0).Annotations(gql.Skip()),
		field.Int("rating_2").Default(0).Annotations(gql.Skip()),
		field.Int("rating_3").Default(0).Annotations(gql.Skip()),
		field.Int("rating_4").Default(0).Annotations(gql.Skip()),
		field.Int("rating_5").Default(0).Annotations(gql.Skip()),
		// The approved ratings' mean (rating_sum / rating_count, 0 without
		// any), written with them: the RATING sort and the minRating filter
		// and facet read it through the (status, rating_average, id) index.
		field.Float("rating_average").Default(0).
			Annotations(gql.OrderField("RATING"), gql.MapsTo("ratingAverageValue")),
		// Units of paid orders over the best-selling window, less refunded
		// ones: recomputed (never incremented, so at-least-once delivery is
		// harmless) by catalog.BestSellers from the outbox and a worker.
		field.Int("units_sold").Default(0).
			Annotations(gql.OrderField("BEST_SELLING"), gql.MapsTo("unitsSoldValue")),
		// Bought again and again (coffee, soap): personal recommendations
		// may show it to a customer who already bought it. Set by its
		// seller or an admin.
		field.Bool("consumable").Default(false),
	}
}

// Edges of the Product.
func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("seller", Seller.Type).Ref("products").Field("seller_id").Unique().Required(),
		edge.From("category", Category.Type).Ref("products").Field("category_id").Unique(),
		edge.To("variants", ProductVariant.Type).
			Annotations(gql.RelayConnection()),
	}
}

// Indexes of the Product.
func (Product) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "created_at"),
		index.Fields("category_id"),
		index.Fields("seller_id"),
		// The listing's sorts (NAME, PRICE) walk these in order and stop at
		// the page: without the status first, SQLite picked the status
		// index and sorted the whole catalog on every request (3 ms, then
		// 0.03 ms). plans_test.go in internal/catalog holds every sort to it.
		index.Fields("status", "price_min", "id"),
		index.Fields("status", "name", "id"),
		// The RATING and BEST_SELLING sorts walk these in order within the
		// public status; minRating is a range on the first.
		index.Fields("status", "rating_average", "id"),
		index.Fields("status", "units_sold", "id"),
	}
}

// Annotations of the Product.
func (Product) Annotations() []schema.Annotation {
	return []schema.Annotation{
		gql.RelayConnection(),
		CollectColumns{"priceRange": {"price_min", "price_max", "currency"}},
	}
}
