//go:build ignore

// entc generates the ent client and the entgql Relay helpers (connections,
// Node, field collection). The GraphQL schema itself is written by hand in
// graph/schema so that the published contract stays deliberate.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithWhereInputs(false),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	templates := []*gen.Template{
		gen.MustParse(gen.NewTemplate("pulid.tmpl").ParseFiles("./schema/pulid/template/pulid.tmpl")),
	}
	// paginate.tmpl replaces entgql's Paginate body. The last definition of
	// a template name wins and the entgql extension appends its templates,
	// so this option must come after entc.Extensions.
	// collection.tmpl replaces entgql's field collection the same way.
	overridePaginate := func(cfg *gen.Config) error {
		cfg.Templates = append(cfg.Templates,
			gen.MustParse(gen.NewTemplate("paginate.tmpl").Funcs(entgql.TemplateFuncs).ParseFiles("./template/paginate.tmpl")),
			gen.MustParse(gen.NewTemplate("collection.tmpl").Funcs(entgql.TemplateFuncs).ParseFiles("./template/collection.tmpl")))
		return nil
	}
	err = entc.Generate("./schema", &gen.Config{
		Templates: templates,
		Features: []gen.Feature{
			gen.FeatureUpsert,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureLock,
			gen.FeatureVersionedMigration,
			gen.FeatureIntercept,
		},
	}, entc.Extensions(ex), entc.TemplateFiles("./template/gql_federation.tmpl", "./template/rowscan.tmpl", "./template/decode.tmpl"), overridePaginate)
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
