package graph

import (
	"sort"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// anyNodeID lists the ID arguments that take an ID of any type on purpose.
var anyNodeID = map[string]bool{
	"Query.node(id)":   true,
	"Query.nodes(ids)": true,
}

// Every argument and input field of type ID (or a list of IDs) names the
// types it takes with @idOf, so that the input check (internal/server)
// refuses an ID of another type as BAD_USER_INPUT naming it, instead of a
// lookup answering NOT_FOUND. A new ID argument without it fails here.
func TestEveryIDArgumentNamesItsTypes(t *testing.T) {
	schema, ours := ourSchema(t)
	var missing []string
	isID := func(typ *ast.Type) bool { return typ.Name() == "ID" }
	for _, def := range schema.Types {
		if def.Position == nil || def.Position.Src == nil || !ours[def.Position.Src.Name] {
			continue
		}
		for _, f := range def.Fields {
			if def.Kind == ast.InputObject && isID(f.Type) && f.Directives.ForName("idOf") == nil {
				missing = append(missing, def.Name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				where := def.Name + "." + f.Name + "(" + a.Name + ")"
				if isID(a.Type) && a.Directives.ForName("idOf") == nil && !anyNodeID[where] {
					missing = append(missing, where)
				}
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s takes an ID without @idOf(types: [...])", m)
	}
}
