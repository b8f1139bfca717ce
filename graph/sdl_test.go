package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestSchemaFileIsUpToDate fails when schema.graphql is not what the server
// serves; `go generate ./...` rewrites it.
func TestSchemaFileIsUpToDate(t *testing.T) {
	b, err := os.ReadFile("../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != PrintSDL() {
		t.Fatal("schema.graphql is stale: run go generate ./...")
	}
}

// introspectionQuery asks for everything a schema says: types with their
// fields, arguments, input fields, enum values, interfaces, possible types,
// descriptions, defaults and deprecations; directives with arguments,
// locations and repeatable.
const introspectionQuery = `query {
  __schema {
    description
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }`

// introspect runs introspectionQuery through gqlgen's HTTP handler, in
// process, against es and returns __schema.
func introspect(t *testing.T, es graphql.ExecutableSchema) map[string]any {
	t.Helper()
	srv := handler.New(es)
	srv.AddTransport(transport.POST{})
	srv.Use(extension.Introspection{})
	body, _ := json.Marshal(map[string]any{"query": introspectionQuery})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var resp struct {
		Data struct {
			Schema map[string]any `json:"__schema"`
		}
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 || resp.Data.Schema == nil {
		t.Fatalf("introspection: %v %v\n%s", err, resp.Errors, rec.Body.String())
	}
	return resp.Data.Schema
}

// sortPossibleTypes orders each type's possibleTypes by name: their order
// is not part of a schema (the file's is alphabetical, the served one's
// follows declaration).
func sortPossibleTypes(schema map[string]any) {
	for _, x := range schema["types"].([]any) {
		if pt, ok := x.(map[string]any)["possibleTypes"].([]any); ok {
			sort.Slice(pt, func(i, j int) bool {
				return pt[i].(map[string]any)["name"].(string) < pt[j].(map[string]any)["name"].(string)
			})
		}
	}
}

// byName indexes a list of introspected types or directives by name.
func byName(list any) map[string]any {
	m := map[string]any{}
	for _, x := range list.([]any) {
		m[x.(map[string]any)["name"].(string)] = x
	}
	return m
}

// TestSchemaFileMatchesIntrospection loads schema.graphql as a schema of its
// own, introspects it and the served schema with the same query and the same
// executor, and fails on any difference: a type, field, argument, default,
// enum value, description or directive (locations, repeatable) that one has
// and the other has not. gqlgen's internal definitions must show in neither.
func TestSchemaFileMatchesIntrospection(t *testing.T) {
	b, err := os.ReadFile("../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	file, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
	if gerr != nil {
		t.Fatalf("schema.graphql does not load: %v", gerr)
	}
	got := introspect(t, NewExecutableSchema(Config{Schema: file}))
	want := introspect(t, New(Config{}))
	sortPossibleTypes(got)
	sortPossibleTypes(want)

	for _, k := range []string{"description", "queryType", "mutationType", "subscriptionType"} {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("__schema.%s: schema.graphql %v, served %v", k, got[k], want[k])
		}
	}
	for _, list := range []string{"types", "directives"} {
		g, w := byName(got[list]), byName(want[list])
		if len(w) < 10 {
			t.Fatalf("served schema has %d %s", len(w), list)
		}
		for name, x := range w {
			y, ok := g[name]
			switch {
			case !ok:
				t.Errorf("%s %s is served but not in schema.graphql", list, name)
			case !reflect.DeepEqual(x, y):
				xs, _ := json.Marshal(x)
				ys, _ := json.Marshal(y)
				t.Errorf("%s %s differs:\nserved:         %s\nschema.graphql: %s", list, name, xs, ys)
			}
		}
		for name := range g {
			if _, ok := w[name]; !ok {
				t.Errorf("%s %s is in schema.graphql but not served", list, name)
			}
		}
	}
	served := byName(want["types"])
	for _, internal := range []string{"Entity", "ProductByIDsInput"} {
		if _, ok := served[internal]; ok {
			t.Errorf("gqlgen's internal type %s is served", internal)
		}
	}
	for _, fed := range []string{"_Service", "_Any", "_Entity", "FieldSet"} {
		if _, ok := served[fed]; !ok {
			t.Errorf("federation type %s is not served", fed)
		}
	}
	if key, ok := byName(want["directives"])["key"].(map[string]any); !ok || key["isRepeatable"] != true {
		t.Errorf("@key is not served as repeatable: %v", key)
	}
}
