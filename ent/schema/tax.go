package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/comptoir/comptoir/ent/schema/gql"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// TaxRate is the rate charged on goods shipped to a country, or to one region
// of it (a region's rate replaces its country's).
type TaxRate struct{ ent.Schema }

// Mixin of the TaxRate.
func (TaxRate) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("txr"), TimeMixin{}}
}

// Fields of the TaxRate.
func (TaxRate) Fields() []ent.Field {
	return []ent.Field{
		field.String("country_code").MaxRuneLen(2),
		// "" for the whole country.
		field.String("province_code").MaxRuneLen(10).Default(""),
		field.String("name").MaxRuneLen(100).Default(""),
		// Parts per million: 200000 is 20%.
		field.Int("rate_ppm").NonNegative(),
	}
}

// Indexes of the TaxRate.
func (TaxRate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("country_code", "province_code").Unique()}
}

// Annotations of the TaxRate.
func (TaxRate) Annotations() []schema.Annotation {
	return []schema.Annotation{gql.Skip(gql.SkipWhereInput, gql.SkipOrderField)}
}
