// Package respcache keeps whole GraphQL answers that every anonymous caller
// may share: it derives an operation's cache policy from the @cacheControl
// hints of the fields it selects, stores PUBLIC answers in process (and in
// Redis when one is configured) tagged with the entities they contain, and
// purges those tags when a committed change to them is published.
package respcache

import (
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
)

// Scope says which caches may keep an answer.
type Scope uint8

// Scopes, as in the schema's CacheControlScope.
const (
	Public Scope = iota
	Private
)

// Policy is an operation's cache policy: the shortest max age of the fields
// it selects, and PRIVATE when any of them is.
type Policy struct {
	MaxAge int // seconds
	Scope  Scope
}

// Shared reports whether a shared cache (this server's, a CDN) may keep the
// answer.
func (p Policy) Shared() bool { return p.MaxAge > 0 && p.Scope == Public }

// hint is one @cacheControl directive.
type hint struct {
	maxAge  int
	hasAge  bool
	private bool
	inherit bool
}

func hintOf(dirs ast.DirectiveList) hint {
	var h hint
	d := dirs.ForName("cacheControl")
	if d == nil {
		return h
	}
	for _, a := range d.Arguments {
		if a.Value == nil {
			continue
		}
		switch a.Name {
		case "maxAge":
			if n, err := strconv.Atoi(a.Value.Raw); err == nil {
				h.maxAge, h.hasAge = n, true
			}
		case "scope":
			h.private = a.Value.Raw == "PRIVATE"
		case "inheritMaxAge":
			h.inherit = a.Value.Raw == "true"
		}
	}
	return h
}

// Hints computes policies from a schema's @cacheControl hints.
type Hints struct{ schema *ast.Schema }

// NewHints reads the hints of schema.
func NewHints(schema *ast.Schema) *Hints { return &Hints{schema: schema} }

// Policy is the policy of a validated operation (its fields carry their
// definitions). Mutations and subscriptions are never cached.
//
// The rules are Apollo Server's, decided before execution: a field's max age
// is its own hint's, else that of the type it returns; a root field, or a
// field returning an object that implements Node (or an interface or union),
// without either is not cacheable (max age 0); any other field (scalars,
// value objects such as Money or connections) takes its parent's. A field
// returning an interface or union counts every type it may resolve to. Any
// PRIVATE field or type makes the operation PRIVATE.
func (h *Hints) Policy(op *ast.OperationDefinition) Policy {
	if op == nil || op.Operation != ast.Query {
		return Policy{Scope: Private}
	}
	w := walker{hints: h, pol: Policy{MaxAge: -1}}
	w.selections(op.SelectionSet, -1, true)
	if w.pol.MaxAge < 0 { // only __typename: nothing bounds it, nothing to keep
		w.pol.MaxAge = 0
	}
	return w.pol
}

type walker struct {
	hints *Hints
	pol   Policy
	depth int
}

func (w *walker) restrict(maxAge int, private bool) {
	if private {
		w.pol.Scope = Private
	}
	if maxAge >= 0 && (w.pol.MaxAge < 0 || maxAge < w.pol.MaxAge) {
		w.pol.MaxAge = maxAge
	}
}

// typeHint is the hint of a type: for an interface or union, the most
// restrictive of its own and its possible types' (any of them may come).
func (w *walker) typeHint(def *ast.Definition) (h hint, node bool) {
	h = hintOf(def.Directives)
	node = implementsNode(def)
	if def.Kind != ast.Interface && def.Kind != ast.Union {
		return h, node
	}
	node = true // an abstract result is not cacheable unless every type says how long
	all := true
	age := -1
	for _, t := range w.hints.schema.GetPossibleTypes(def) {
		th := hintOf(t.Directives)
		h.private = h.private || th.private
		if !th.hasAge {
			all = false
			continue
		}
		if age < 0 || th.maxAge < age {
			age = th.maxAge
		}
	}
	if !h.hasAge && all && age >= 0 {
		h.maxAge, h.hasAge = age, true
	} else if h.hasAge && age >= 0 && age < h.maxAge {
		h.maxAge = age
	}
	return h, node
}

func implementsNode(def *ast.Definition) bool {
	for _, i := range def.Interfaces {
		if i == "Node" {
			return true
		}
	}
	return false
}

// selections walks a selection set whose parent field has max age parent
// (-1: no bound yet, at the root).
func (w *walker) selections(set ast.SelectionSet, parent int, root bool) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > 256 { // guard's depth limit refuses far less; never loop
		w.restrict(0, true)
		return
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			w.field(s, parent, root)
		case *ast.InlineFragment:
			w.fragment(s.TypeCondition, s.SelectionSet, parent, root)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.fragment(s.Definition.TypeCondition, s.Definition.SelectionSet, parent, root)
			}
		}
	}
}

// fragment applies a type condition's hint (the object it selects on may be
// what comes) and walks its selections.
func (w *walker) fragment(cond string, set ast.SelectionSet, parent int, root bool) {
	if def := w.hints.schema.Types[cond]; cond != "" && def != nil && !root {
		th := hintOf(def.Directives)
		age := -1
		if th.hasAge {
			age = th.maxAge
		}
		w.restrict(age, th.private)
	}
	w.selections(set, parent, root)
}

func (w *walker) field(f *ast.Field, parent int, root bool) {
	if f.Definition == nil {
		w.restrict(0, true) // unvalidated: never share
		return
	}
	if f.Name == "__typename" {
		return
	}
	fh := hintOf(f.Definition.Directives)
	def := w.hints.schema.Types[f.Definition.Type.Name()]
	var th hint
	node := false
	composite := def != nil && (def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union)
	if composite {
		th, node = w.typeHint(def)
	}
	age := parent
	switch {
	case fh.hasAge:
		age = fh.maxAge
	case fh.inherit:
		age = parent
	case th.hasAge:
		age = th.maxAge
	case root, node:
		age = 0
	}
	w.restrict(age, fh.private || th.private)
	if len(f.SelectionSet) > 0 {
		w.selections(f.SelectionSet, age, false)
	}
}
