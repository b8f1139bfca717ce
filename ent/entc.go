//go:build ignore

// entc generates the ent client and the entgql Relay helpers (connections,
// Node, field collection). The GraphQL schema itself is written by hand in
// graph/schema so that the published contract stays deliberate.
package main

import (
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	// No enttest package: it migrates through the Client's Schema field,
	// which clientWithoutSchema removes, and no test of ours uses it (they
	// open a store migrated by migrations/, as the server does).
	for i := range gen.GraphTemplates {
		if gen.GraphTemplates[i].Name == "enttest" {
			gen.GraphTemplates[i].Skip = func(*gen.Graph) bool { return true }
		}
	}
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
	}, entc.BuildTags("entc"), entc.Extensions(ex), entc.TemplateFiles("./template/gql_federation.tmpl", "./template/rowscan.tmpl", "./template/decode.tmpl"), overridePaginate)
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
	if err := edgesInOneAllocation("gql_pagination.go"); err != nil {
		log.Fatalf("patching connections: %v", err)
	}
	if err := importRuntimeOnly("."); err != nil {
		log.Fatalf("pointing the generated code at entgqlrt: %v", err)
	}
	if err := clientWithoutSchema("client.go"); err != nil {
		log.Fatalf("patching the client: %v", err)
	}
}

// clientWithoutSchema removes the Client's Schema field, ent's run-time
// migrator. Comptoir migrates with the SQL files of migrations/, and the
// field alone links atlas's drivers for PostgreSQL, MySQL and SQLite with
// their HCL and YAML readers, whose start-up cost 4 MB of resident memory.
// Tools that diff the schema (cmd/migrategen, migrations' tests) build the
// migrator themselves: migrate.NewSchema(driver).
func clientWithoutSchema(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out := string(src)
	for _, cut := range []string{
		"\t// Schema is the client for creating, migrating and dropping schema.\n\tSchema *migrate.Schema\n",
		"\tc.Schema = migrate.NewSchema(c.driver)\n",
		"\t\"github.com/comptoir/comptoir/ent/migrate\"\n",
	} {
		if strings.Count(out, cut) != 1 {
			return fmt.Errorf("%s: %q is not there once (ent's client template changed)", path, cut)
		}
		out = strings.Replace(out, cut, "", 1)
	}
	formatted, err := format.Source([]byte(out))
	if err != nil {
		return err
	}
	return os.WriteFile(path, formatted, 0o644)
}

// importRuntimeOnly makes the generated code import ent/entgqlrt, the
// run-time half of entgql, under entgql's name, instead of entgql itself,
// which would link its code generator into the server (see the doc of
// entgqlrt). The schema is loaded with the build tag entc (above), which
// gives it entgql's annotations (ent/schema/gql).
func importRuntimeOnly(dir string) error {
	const from, to = "\t\"entgo.io/contrib/entgql\"\n", "\tentgql \"github.com/comptoir/comptoir/ent/entgqlrt\"\n"
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	for _, path := range files {
		if filepath.Base(path) == "entc.go" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.Contains(string(src), from) {
			continue
		}
		out, err := format.Source([]byte(strings.Replace(string(src), from, to, 1)))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// edgeLoop is the loop of entgql's connection builders (its
// template/pagination.tmpl, "build") that allocates every edge of a page on
// its own.
var edgeLoop = regexp.MustCompile(`(?m)^\tc\.Edges = make\(\[\]\*(\w+), len\(nodes\)\)
\tfor i := range nodes \{
\t\tnode := nodeAt\(i\)
\t\tc\.Edges\[i\] = &(\w+)\{
\t\t\tNode:   node,
\t\t\tCursor: pager\.toCursor\(node\),
\t\t\}
\t\}
`)

// edgesInOneAllocation makes each connection builder allocate a page's
// edges in one array (one allocation per page instead of one per edge: a
// listing of 50 products with their variants built some 250 edges). A
// small change of entgql's template, done here rather than by copying the
// 600 lines of the template that holds it; it fails when entgql's output no
// longer has the expected shape.
func edgesInOneAllocation(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n := 0
	out := edgeLoop.ReplaceAllStringFunc(string(src), func(loop string) string {
		m := edgeLoop.FindStringSubmatch(loop)
		if m[1] != m[2] {
			return loop
		}
		n++
		return "\tc.Edges = make([]*" + m[1] + ", len(nodes))\n" +
			"\tedges := make([]" + m[1] + ", len(nodes))\n" +
			"\tfor i := range nodes {\n" +
			"\t\tnode := nodeAt(i)\n" +
			"\t\tedges[i] = " + m[1] + "{\n" +
			"\t\t\tNode:   node,\n" +
			"\t\t\tCursor: pager.toCursor(node),\n" +
			"\t\t}\n" +
			"\t\tc.Edges[i] = &edges[i]\n" +
			"\t}\n"
	})
	if n == 0 {
		return fmt.Errorf("%s: no connection builder of the expected shape (entgql's template changed)", path)
	}
	formatted, err := format.Source([]byte(out))
	if err != nil {
		return err
	}
	return os.WriteFile(path, formatted, 0o644)
}
