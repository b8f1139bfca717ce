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

// Cart is a shopping cart. A guest's cart is reached by its ID alone (80
// random bits: the ID is the capability); a customer's cart only by that
// customer, who has one active cart across devices.
type Cart struct{ ent.Schema }

// Mixin of the Cart.
func (Cart) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("crt"), TimeMixin{}}
}

// Fields of the Cart.
func (Cart) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.Enum("status").Values("ACTIVE", "MERGED", "COMPLETED").Default("ACTIVE"),
		field.String("currency").MaxRuneLen(3),
		field.Text("note").Default(""),
		field.String("buyer_email").MaxRuneLen(254).Default(""),
		field.String("buyer_phone").MaxRuneLen(30).Default(""),
		// The address the cart ships to (validated like an address-book entry).
		field.JSON("shipping_address", &CartAddress{}).Optional(),
		// Discount codes the buyer entered, as entered (upper-cased).
		field.JSON("discount_codes", []string{}).Default([]string{}),
		// The shipping method chosen for each seller's parcel, by seller ID.
		field.JSON("shipping_methods", map[string]pulid.ID{}).Default(map[string]pulid.ID{}),
		// The affiliate of the last referral click the cart carries, and when
		// it was: checkout attributes the order within the window.
		field.String("affiliate_id").GoType(pulid.ID("")).Optional().Nillable().Annotations(gql.Skip()),
		field.Time("affiliate_clicked_at").Optional().Nillable().Annotations(gql.Skip()),
	}
}

// Edges of the Cart.
func (Cart) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("lines", CartLine.Type).Annotations(gql.RelayConnection()),
	}
}

// Indexes of the Cart.
func (Cart) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "status")}
}

// Annotations of the Cart.
func (Cart) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}

// CartAddress is a postal address held by a cart.
type CartAddress struct {
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Company      string `json:"company"`
	Address1     string `json:"address1"`
	Address2     string `json:"address2"`
	City         string `json:"city"`
	ProvinceCode string `json:"provinceCode"`
	Zip          string `json:"zip"`
	CountryCode  string `json:"countryCode"`
	Phone        string `json:"phone"`
}

// CartLine is a quantity of one variant in a cart.
type CartLine struct{ ent.Schema }

// Mixin of the CartLine.
func (CartLine) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cln"), TimeMixin{}}
}

// Fields of the CartLine.
func (CartLine) Fields() []ent.Field {
	return []ent.Field{
		field.String("cart_id").GoType(pulid.ID("")),
		field.String("variant_id").GoType(pulid.ID("")),
		field.Int("quantity").Positive(),
	}
}

// Edges of the CartLine.
func (CartLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("cart", Cart.Type).Ref("lines").Field("cart_id").Unique().Required(),
		edge.To("variant", ProductVariant.Type).Field("variant_id").Unique().Required(),
	}
}

// Indexes of the CartLine.
func (CartLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("cart_id", "variant_id").Unique()}
}

// Annotations of the CartLine.
func (CartLine) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.RelayConnection()}
}
