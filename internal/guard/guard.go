// Package guard refuses GraphQL operations that are too costly before any
// resolver runs: one walk over the operation checks its depth, its number of
// aliases, its complexity (a connection costs first/last times its children,
// the default page size when neither is given) and the page size of every
// connection. Introspection fields are exempt from depth and cost.
package guard

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
)

// Limits configures the guard.
type Limits struct {
	MaxDepth      int
	MaxComplexity int
	MaxAliases    int
}

// Extension is a gqlgen handler extension enforcing Limits.
type Extension struct{ Limits Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Extension{}

// ExtensionName implements graphql.HandlerExtension.
func (Extension) ExtensionName() string { return "Guard" }

// Validate implements graphql.HandlerExtension.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext runs after validation, with variables known.
func (e Extension) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{limits: e.Limits, doc: oc.Doc, vars: oc.Variables}
	cost := w.selectionSet(oc.Operation.SelectionSet, 1)
	if w.err == nil && e.Limits.MaxComplexity > 0 && cost > e.Limits.MaxComplexity {
		w.fail(apperr.ComplexityLimitExceeded, "the operation's complexity %d exceeds %d", cost, e.Limits.MaxComplexity)
	}
	return w.err
}

// Measure returns the complexity of an operation, for tests and metrics.
func Measure(oc *graphql.OperationContext) int {
	w := walker{limits: Limits{}, doc: oc.Doc, vars: oc.Variables}
	return w.selectionSet(oc.Operation.SelectionSet, 1)
}

type walker struct {
	limits  Limits
	doc     *ast.QueryDocument
	vars    map[string]any
	aliases int
	steps   int
	err     *gqlerror.Error
}

func (w *walker) fail(code apperr.Code, format string, args ...any) {
	if w.err == nil {
		w.err = &gqlerror.Error{
			Message:    fmt.Sprintf(format, args...),
			Extensions: map[string]any{"code": string(code)},
		}
	}
}

// selectionSet returns the cost of a selection set at a depth.
func (w *walker) selectionSet(set ast.SelectionSet, depth int) int {
	total := 0
	for _, sel := range set {
		if w.err != nil {
			return total
		}
		// Fragments are walked each time they are spread: a document of
		// fragments spreading each other twice would be walked an
		// exponential number of times without this bound. An operation
		// within the complexity limit selects fewer fields than it.
		w.steps++
		if w.limits.MaxComplexity > 0 && w.steps > w.limits.MaxComplexity {
			w.fail(apperr.ComplexityLimitExceeded, "the operation selects more than %d fields once its fragments are spread", w.limits.MaxComplexity)
			return total
		}
		switch s := sel.(type) {
		case *ast.Field:
			total += w.field(s, depth)
		case *ast.InlineFragment:
			total += w.selectionSet(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			def := s.Definition
			if def == nil && w.doc != nil {
				def = w.doc.Fragments.ForName(s.Name)
			}
			if def != nil {
				total += w.selectionSet(def.SelectionSet, depth)
			}
		}
	}
	return total
}

func (w *walker) field(f *ast.Field, depth int) int {
	// Aliases count whatever they rename, __typename included: each is one
	// more entry of the response.
	if f.Alias != "" && f.Alias != f.Name {
		w.aliases++
		if w.limits.MaxAliases > 0 && w.aliases > w.limits.MaxAliases {
			w.fail(apperr.ComplexityLimitExceeded, "the operation uses more than %d aliases", w.limits.MaxAliases)
			return 0
		}
	}
	if len(f.Name) > 1 && f.Name[:2] == "__" {
		return 0 // introspection (and __typename) is exempt from depth and cost
	}
	if w.limits.MaxDepth > 0 && depth > w.limits.MaxDepth {
		w.fail(apperr.ComplexityLimitExceeded, "the operation is nested deeper than %d levels", w.limits.MaxDepth)
		return 0
	}
	mult := 1
	if f.Definition != nil {
		args := f.ArgumentMap(w.vars)
		if f.Definition.Arguments.ForName("first") != nil {
			first, last := intArg(args["first"]), intArg(args["last"])
			if err := pagination.Check(first, last); err != nil {
				ae, _ := apperr.As(err)
				w.fail(apperr.BadUserInput, "%s (field %q)", ae.Message, f.Alias)
				return 0
			}
			switch {
			case first != nil:
				mult = *first
			case last != nil:
				mult = *last
			default:
				mult = pagination.Default
			}
		} else if ids, ok := args["ids"].([]any); ok {
			mult = max(len(ids), 1)
		}
	}
	cost := 1 + mult*w.selectionSet(f.SelectionSet, depth+1)
	if w.limits.MaxComplexity > 0 && cost > w.limits.MaxComplexity {
		// Stop early: a huge operation need not be walked to the end.
		w.fail(apperr.ComplexityLimitExceeded, "the operation's complexity exceeds %d", w.limits.MaxComplexity)
	}
	return cost
}

func intArg(v any) *int {
	switch n := v.(type) {
	case int:
		return &n
	case int64:
		i := int(n)
		return &i
	case float64:
		i := int(n)
		return &i
	case interface{ Int64() (int64, error) }:
		x, err := n.Int64()
		if err != nil {
			return nil
		}
		i := int(x)
		return &i
	}
	return nil
}
