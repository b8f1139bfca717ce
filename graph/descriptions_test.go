package graph

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// ourSchema loads the served schema with our SDL read from graph/schema on
// disk (every *.graphql file, even one `go generate` has not embedded yet)
// and the definitions gqlgen adds (federation) from the generated sources.
// It returns the schema and the names of our source files.
func ourSchema(t *testing.T) (*ast.Schema, map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("schema/*.graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files in graph/schema: %v", err)
	}
	ours := map[string]bool{}
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.ToSlash(f)
		ours[name] = true
		srcs = append(srcs, &ast.Source{Name: name, Input: string(b)})
	}
	for _, s := range sources {
		if !strings.HasPrefix(s.Name, "schema/") {
			srcs = append(srcs, s)
		}
	}
	schema, gerr := gqlparser.LoadSchema(srcs...)
	if gerr != nil {
		t.Fatalf("loading graph/schema: %v", gerr)
	}
	return schema, ours
}

// missingDescriptions lists, as Type.field(arg:) paths, every definition of
// our SDL without a description: types, fields, arguments, enum values,
// input fields, interfaces, unions, scalars, directives and their arguments.
// Built-in and introspection types and what federation adds (_Service,
// _Entity, _Any, link__Import, @key...) are not ours and are skipped.
func missingDescriptions(schema *ast.Schema, ours map[string]bool) (missing []string, total int) {
	isOurs := func(p *ast.Position) bool { return p != nil && p.Src != nil && ours[p.Src.Name] }
	check := func(path, desc string) {
		total++
		if strings.TrimSpace(desc) == "" {
			missing = append(missing, path)
		}
	}
	args := func(owner string, as ast.ArgumentDefinitionList) {
		for _, a := range as {
			if isOurs(a.Position) {
				check(owner+"("+a.Name+":)", a.Description)
			}
		}
	}
	for _, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		if isOurs(def.Position) {
			check(def.Name, def.Description)
		}
		for _, f := range def.Fields {
			if !isOurs(f.Position) {
				continue
			}
			check(def.Name+"."+f.Name, f.Description)
			args(def.Name+"."+f.Name, f.Arguments)
		}
		for _, v := range def.EnumValues {
			if isOurs(v.Position) {
				check(def.Name+"."+v.Name, v.Description)
			}
		}
	}
	for _, d := range schema.Directives {
		if !isOurs(d.Position) {
			continue
		}
		check("@"+d.Name, d.Description)
		args("@"+d.Name, d.Arguments)
	}
	sort.Strings(missing)
	return missing, total
}

// TestSchemaDescriptions keeps the published schema self-documenting: a
// storefront developer reading it in GraphiQL or a generated client finds a
// description on everything we define, whichever file it lives in.
func TestSchemaDescriptions(t *testing.T) {
	schema, ours := ourSchema(t)
	missing, total := missingDescriptions(schema, ours)
	if total == 0 {
		t.Fatal("no definitions found in graph/schema")
	}
	t.Logf("descriptions: %d of %d definitions (%.1f%%)", total-len(missing), total,
		100*float64(total-len(missing))/float64(total))
	if len(missing) > 0 {
		t.Errorf("%d definitions of graph/schema have no description (add \"\"\"...\"\"\"):\n  %s",
			len(missing), strings.Join(missing, "\n  "))
	}
}

// TestMissingDescriptionsFindsGaps checks the walk itself on a schema with a
// gap of each kind, so the coverage test cannot pass by seeing nothing.
func TestMissingDescriptionsFindsGaps(t *testing.T) {
	src := &ast.Source{Name: "x.graphql", Input: `
		"ok" directive @d(a: Int) on FIELD_DEFINITION
		scalar S
		enum E { "ok" A B }
		"ok" interface I { "ok" id: ID! }
		union U = T
		"ok" input In { f: Int }
		"ok" type T implements I { "ok" id: ID! "ok" g(x: Int, "ok" y: Int): S }
		"ok" type Query { "ok" t: T }
		extend type T { h: Int }
	`}
	schema, err := gqlparser.LoadSchema(src)
	if err != nil {
		t.Fatal(err)
	}
	missing, total := missingDescriptions(schema, map[string]bool{"x.graphql": true})
	want := []string{"@d(a:)", "E", "E.B", "In.f", "S", "T.g(x:)", "T.h", "U"}
	if strings.Join(missing, " ") != strings.Join(want, " ") {
		t.Fatalf("missing = %v, want %v", missing, want)
	}
	if total != 19 {
		t.Fatalf("total = %d, want 19", total)
	}
}

// TestScalarsSayTheirFormat: a custom scalar names its spec with
// @specifiedBy, or its description shows an example value, so generated
// clients and their users know what string to send.
func TestScalarsSayTheirFormat(t *testing.T) {
	schema, ours := ourSchema(t)
	for _, def := range schema.Types {
		if def.Kind != ast.Scalar || def.BuiltIn || !ours[def.Position.Src.Name] {
			continue
		}
		if d := def.Directives.ForName("specifiedBy"); d != nil {
			if u := d.Arguments.ForName("url"); u == nil || !strings.HasPrefix(u.Value.Raw, "https://") {
				t.Errorf("scalar %s: @specifiedBy needs an https url", def.Name)
			}
			continue
		}
		if !strings.Contains(def.Description, `"`) {
			t.Errorf("scalar %s: neither @specifiedBy nor a quoted example in its description", def.Name)
		}
	}
}
