package resolvers_test

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// selector writes, from the served schema (graph.New: what introspection
// shows and schema.graphql prints), a selection of every field of a type
// down to a depth: the fields of the type are level 1; an object
// (interface, union) field below maxDepth selects every field of its type
// in turn; at maxDepth it selects its type's leaf fields. A connection and
// its edges are the transport of a list, not a level: lists(first: 2) {
// edges { cursor node { ...level+1 } } pageInfo { ... } totalCount }. An
// abstract type selects __typename and an inline fragment per possible
// type.
//
// A field with required arguments takes them from args ("Type.field" ->
// "(a: 1)"); one with neither an entry there nor in skip is left out and
// recorded in missing, so that a new such field is given arguments or a
// reason to be skipped.
type selector struct {
	schema *ast.Schema
	// args are the literal arguments of fields that require some.
	args map[string]string
	// skip are fields deliberately not selected, with why.
	skip map[string]string
	// missing collects fields with required arguments and no entry.
	missing map[string]bool
}

func (s *selector) isConnection(def *ast.Definition) bool {
	return strings.HasSuffix(def.Name, "Connection") && def.Fields.ForName("edges") != nil
}

func (s *selector) isEdge(def *ast.Definition) bool {
	return strings.HasSuffix(def.Name, "Edge") && def.Fields.ForName("node") != nil
}

// selection of def's fields at level.
func (s *selector) selection(def *ast.Definition, level, maxDepth int) string {
	switch def.Kind {
	case ast.Interface, ast.Union:
		parts := []string{"__typename"}
		possible := s.schema.GetPossibleTypes(def)
		sort.Slice(possible, func(i, j int) bool { return possible[i].Name < possible[j].Name })
		for _, pt := range possible {
			parts = append(parts, "... on "+pt.Name+" { "+s.selection(pt, level, maxDepth)+" }")
		}
		return strings.Join(parts, " ")
	}
	var parts []string
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		key := def.Name + "." + f.Name
		if _, ok := s.skip[key]; ok {
			continue
		}
		ft := s.schema.Types[f.Type.Name()]
		leaf := ft.Kind == ast.Scalar || ft.Kind == ast.Enum
		args := ""
		if a, ok := s.args[key]; ok {
			args = a
		} else {
			var required []string
			for _, a := range f.Arguments {
				if a.Type.NonNull && a.DefaultValue == nil {
					required = append(required, a.Name)
				}
			}
			switch {
			case s.isConnection(ft) && f.Arguments.ForName("first") != nil:
				args = "(first: 2)"
				if len(required) > 0 {
					s.missing[key] = true
					continue
				}
			case len(required) > 0:
				s.missing[key] = true
				continue
			}
		}
		if leaf {
			parts = append(parts, f.Name+args)
			continue
		}
		switch {
		case s.isConnection(ft) || s.isEdge(ft):
			// The list's transport does not count as a level.
			parts = append(parts, f.Name+args+" { "+s.selection(ft, level, maxDepth)+" }")
		case level < maxDepth:
			parts = append(parts, f.Name+args+" { "+s.selection(ft, level+1, maxDepth)+" }")
		default:
			parts = append(parts, f.Name+args+" { "+s.leaves(ft)+" }")
		}
	}
	if len(parts) == 0 {
		return "__typename"
	}
	return strings.Join(parts, " ")
}

// leaves selects the leaf fields without required arguments of def (and
// __typename, so that a type of none still has a selection).
func (s *selector) leaves(def *ast.Definition) string {
	parts := []string{"__typename"}
	if def.Kind == ast.Interface || def.Kind == ast.Union {
		return "__typename"
	}
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		if _, ok := s.skip[def.Name+"."+f.Name]; ok {
			continue
		}
		ft := s.schema.Types[f.Type.Name()]
		if ft.Kind != ast.Scalar && ft.Kind != ast.Enum {
			continue
		}
		required := false
		for _, a := range f.Arguments {
			if a.Type.NonNull && a.DefaultValue == nil {
				required = true
			}
		}
		if a, ok := s.args[def.Name+"."+f.Name]; ok {
			parts = append(parts, f.Name+a)
		} else if !required {
			parts = append(parts, f.Name)
		}
	}
	return strings.Join(parts, " ")
}

// mutation writes the operation of a Mutation field with its payload
// selected to maxDepth, taking $input of the field's input type.
func (s *selector) mutation(field string, maxDepth int) (string, error) {
	f := s.schema.Mutation.Fields.ForName(field)
	if f == nil {
		return "", fmt.Errorf("no mutation %s", field)
	}
	def := s.schema.Types[f.Type.Name()]
	var vars, args []string
	for _, a := range f.Arguments {
		vars = append(vars, "$"+a.Name+": "+a.Type.String())
		args = append(args, a.Name+": $"+a.Name)
	}
	op := "mutation"
	if len(vars) > 0 {
		op += "(" + strings.Join(vars, ", ") + ")"
		field += "(" + strings.Join(args, ", ") + ")"
	}
	return op + " { " + field + " { " + s.selection(def, 1, maxDepth) + " } }", nil
}
