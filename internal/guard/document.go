package guard

import (
	"fmt"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/internal/apperr"
)

// DocumentLimits bound what a parsed document may cost gqlparser's
// validator, checked before any validation rule runs. Within the parser's
// token limit a document can still hold thousands of selections, and some
// rules compare them in pairs (OverlappingFieldsCanBeMerged compares every
// two fields of a selection set that share a response name) or walk a
// fragment again for each definition that reaches it: the cost of
// validating grows with the square of the document. These limits keep it
// linear, so a refused document costs no more than parsing it.
type DocumentLimits struct {
	// MaxSelections bounds the selections the validator walks: every field,
	// inline fragment and fragment spread of every operation and fragment
	// definition, a fragment's own counted again for each operation or
	// fragment definition that spreads it (once per definition, as the
	// validator walks it). Aliases and __typename count like any field.
	MaxSelections int
	// MaxSetSelections bounds the fields and fragment spreads one
	// selection set gathers, those of its inline fragments included: the
	// set the overlap rule compares pairwise.
	MaxSetSelections int
	// MaxNesting bounds how deep selection sets nest, inline fragments and
	// spread fragments included (the depth limit counts fields only, and
	// runs after validation).
	MaxNesting int
	// MaxVariables bounds the variable definitions of one operation (each
	// use of a variable looks its definition up among them).
	MaxVariables int
	// MaxDirectives bounds the directives at one location, and
	// MaxArguments the arguments of one field or directive and the fields
	// of one input object literal (the validator compares them pairwise).
	MaxDirectives int
	MaxArguments  int
	// MaxFragments bounds the fragment definitions of a document (the
	// overlap rule compares the fragments spread together in pairs).
	MaxFragments int
	// MaxSameName bounds the fields of one response name a selection set
	// gathers once those of the same field and arguments are merged (see
	// MergedCopy): fields under different type conditions, or in conflict,
	// which the overlap rule compares in pairs.
	MaxSameName int
}

// DefaultDocumentLimits are the limits the server applies unless
// configured otherwise: above what a storefront or dashboard sends (the
// whole test suite passes under them), below where validating costs more
// than a few milliseconds (BenchmarkCostlyDocuments in internal/server).
var DefaultDocumentLimits = DocumentLimits{
	MaxSelections:    2000,
	MaxSetSelections: 200,
	MaxNesting:       40,
	MaxVariables:     100,
	MaxDirectives:    20,
	MaxArguments:     50,
	MaxFragments:     200,
	MaxSameName:      50,
}

// CheckDocument returns a COMPLEXITY_LIMIT_EXCEEDED error when doc exceeds
// a limit (a zero limit is no limit), nil otherwise. It stops at the first
// limit exceeded, so its own cost is bounded by the limits, not by doc.
func CheckDocument(doc *ast.QueryDocument, l DocumentLimits) *gqlerror.Error {
	c := docCounter{limits: l, frags: make(map[string]*ast.FragmentDefinition, len(doc.Fragments))}
	for _, f := range doc.Fragments {
		if _, ok := c.frags[f.Name]; !ok {
			c.frags[f.Name] = f
		}
	}
	if l.MaxFragments > 0 && len(doc.Fragments) > l.MaxFragments {
		return c.fail(doc.Fragments[l.MaxFragments].Position, "the document defines more than %d fragments", l.MaxFragments)
	}
	for _, op := range doc.Operations {
		if l.MaxVariables > 0 && len(op.VariableDefinitions) > l.MaxVariables {
			return c.fail(op.Position, "an operation defines more than %d variables", l.MaxVariables)
		}
		for _, v := range op.VariableDefinitions {
			if err := c.directives(v.Directives); err != nil {
				return err
			}
			if err := c.value(v.DefaultValue); err != nil {
				return err
			}
		}
		if err := c.directives(op.Directives); err != nil {
			return err
		}
		c.seen = map[string]bool{}
		if _, err := c.set(op.SelectionSet, 1); err != nil {
			return err
		}
	}
	for _, f := range doc.Fragments {
		if err := c.directives(f.Directives); err != nil {
			return err
		}
		c.seen = map[string]bool{f.Name: true}
		if _, err := c.set(f.SelectionSet, 1); err != nil {
			return err
		}
	}
	if l.MaxSameName > 0 {
		_, err := MergedCopy(doc, l.MaxSameName)
		return err
	}
	return nil
}

type docCounter struct {
	limits DocumentLimits
	frags  map[string]*ast.FragmentDefinition
	seen   map[string]bool // fragments walked from the current definition
	total  int
}

func (c *docCounter) fail(pos *ast.Position, format string, args ...any) *gqlerror.Error {
	err := gqlerror.ErrorPosf(pos, format, args...)
	err.Extensions = map[string]any{"code": string(apperr.ComplexityLimitExceeded)}
	return err
}

// set walks a selection set at a nesting level and returns how many fields
// and spreads it gathers, its inline fragments' included.
func (c *docCounter) set(set ast.SelectionSet, nesting int) (int, *gqlerror.Error) {
	if len(set) == 0 {
		return 0, nil
	}
	if c.limits.MaxNesting > 0 && nesting > c.limits.MaxNesting {
		return 0, c.fail(set[0].GetPosition(), "selections are nested deeper than %d levels", c.limits.MaxNesting)
	}
	gathered := 0
	for _, sel := range set {
		c.total++
		if c.limits.MaxSelections > 0 && c.total > c.limits.MaxSelections {
			return 0, c.fail(sel.GetPosition(), "the document has more than %d selections (fields, aliases and fragments, "+
				"a fragment counted for each operation or fragment spreading it)", c.limits.MaxSelections)
		}
		switch s := sel.(type) {
		case *ast.Field:
			gathered++
			if err := c.arguments(s.Position, s.Arguments); err != nil {
				return 0, err
			}
			if err := c.directives(s.Directives); err != nil {
				return 0, err
			}
			if _, err := c.set(s.SelectionSet, nesting+1); err != nil {
				return 0, err
			}
		case *ast.InlineFragment:
			if err := c.directives(s.Directives); err != nil {
				return 0, err
			}
			n, err := c.set(s.SelectionSet, nesting+1)
			if err != nil {
				return 0, err
			}
			gathered += n
		case *ast.FragmentSpread:
			gathered++
			if err := c.directives(s.Directives); err != nil {
				return 0, err
			}
			if f := c.frags[s.Name]; f != nil && !c.seen[s.Name] {
				c.seen[s.Name] = true
				if err := c.directives(f.Directives); err != nil {
					return 0, err
				}
				if _, err := c.set(f.SelectionSet, nesting+1); err != nil {
					return 0, err
				}
			}
		}
		if c.limits.MaxSetSelections > 0 && gathered > c.limits.MaxSetSelections {
			return 0, c.fail(sel.GetPosition(), "a selection set selects more than %d fields and fragments "+
				"(aliases and those of its inline fragments included)", c.limits.MaxSetSelections)
		}
	}
	return gathered, nil
}

func (c *docCounter) directives(dirs ast.DirectiveList) *gqlerror.Error {
	if c.limits.MaxDirectives > 0 && len(dirs) > c.limits.MaxDirectives {
		return c.fail(dirs[0].Position, "more than %d directives in one place", c.limits.MaxDirectives)
	}
	for _, d := range dirs {
		if err := c.arguments(d.Position, d.Arguments); err != nil {
			return err
		}
	}
	return nil
}

func (c *docCounter) arguments(pos *ast.Position, args ast.ArgumentList) *gqlerror.Error {
	if c.limits.MaxArguments > 0 && len(args) > c.limits.MaxArguments {
		return c.fail(pos, "more than %d arguments in one place", c.limits.MaxArguments)
	}
	for _, a := range args {
		if err := c.value(a.Value); err != nil {
			return err
		}
	}
	return nil
}

// value checks the input object literals in a value; lists are walked
// linearly by every rule and need no limit of their own.
func (c *docCounter) value(v *ast.Value) *gqlerror.Error {
	if v == nil {
		return nil
	}
	if v.Kind == ast.ObjectValue && c.limits.MaxArguments > 0 && len(v.Children) > c.limits.MaxArguments {
		return c.fail(v.Position, "an input object literal has more than %d fields", c.limits.MaxArguments)
	}
	for _, ch := range v.Children {
		if err := c.value(ch.Value); err != nil {
			return err
		}
	}
	return nil
}

// String describes the limits for logs and errors.
func (l DocumentLimits) String() string {
	return fmt.Sprintf("selections %d, per set %d, nesting %d, variables %d, directives %d, arguments %d, fragments %d, same name %d",
		l.MaxSelections, l.MaxSetSelections, l.MaxNesting, l.MaxVariables, l.MaxDirectives, l.MaxArguments, l.MaxFragments, l.MaxSameName)
}
