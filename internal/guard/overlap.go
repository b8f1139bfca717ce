package guard

import (
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/comptoir/comptoir/internal/apperr"
)

// ValidationRules returns gqlparser's default validation rules with
// OverlappingFieldsCanBeMerged run on the document's merged copy
// (MergedCopy) instead of the document itself: the rule compares every two
// fields of a selection set that share a response name, and on `{ id id id
// … }` that is the square of the document; on the merged copy, `{ id }`, it
// is nothing. Give it to gqlgen (handler.Server.SetValidationRulesFn).
func ValidationRules() *rules.Rules {
	r := rules.NewDefaultRules()
	r.ReplaceRule(rules.OverlappingFieldsCanBeMergedRule.Name, overlapOnMergedCopy)
	return r
}

// overlapOnMergedCopy runs gqlparser's overlap rule once per document, on
// its merged copy, and reports its errors as its own.
func overlapOnMergedCopy(observers *core.Events, addError core.AddErrFunc) {
	done := false
	observers.OnOperation(func(w *core.Walker, _ *ast.OperationDefinition) {
		if done {
			return
		}
		done = true
		merged, _ := MergedCopy(w.Document, 0)
		only := rules.NewRules(rules.OverlappingFieldsCanBeMergedRule)
		for _, err := range validator.ValidateWithRules(w.Schema, merged, only) {
			addError(func(e *gqlerror.Error) { *e = *err })
		}
	})
}

// MergedCopy returns a copy of doc in which no selection set holds two
// selections the overlap rule need not tell apart:
//
//   - an inline fragment without type condition is replaced by its
//     selections;
//   - sibling fields with the same response name, field name and
//     arguments, both with or both without a selection set, become one
//     field selecting what each selected, whatever their directives;
//   - sibling inline fragments with the same type condition likewise
//     become one, and a fragment spread is kept once per selection set.
//
// GraphQL's FieldsInSetCanMerge (the overlap rule) gives the copy the
// verdict it gives the original: it ignores directives, finds no conflict
// between two fields of the same name and arguments, and compares the
// selections of merged fields with each other inside the merged set
// instead of between the two. Only how many times one conflict is reported
// may differ. The copy is for that rule alone (merging fields with
// different directives changes what executes); its nodes keep their
// positions in the original text, and its arguments are the original's.
//
// With maxSameName > 0 it also returns a COMPLEXITY_LIMIT_EXCEEDED error
// when a selection set of the copy still gathers more than maxSameName
// fields of one response name (through its inline fragments too): those
// the rule compares in pairs (fields of different type conditions, or in
// conflict).
func MergedCopy(doc *ast.QueryDocument, maxSameName int) (*ast.QueryDocument, *gqlerror.Error) {
	m := merger{maxSameName: maxSameName}
	out := &ast.QueryDocument{Position: doc.Position, Comment: doc.Comment}
	for _, op := range doc.Operations {
		c := *op
		c.SelectionSet = m.set(op.SelectionSet)
		out.Operations = append(out.Operations, &c)
	}
	for _, f := range doc.Fragments {
		c := *f
		c.SelectionSet = m.set(f.SelectionSet)
		out.Fragments = append(out.Fragments, &c)
	}
	return out, m.err
}

type merger struct {
	maxSameName int
	err         *gqlerror.Error
	key         strings.Builder
}

// set returns a merged copy of a selection set.
func (m *merger) set(set ast.SelectionSet) ast.SelectionSet {
	if len(set) == 0 {
		return nil
	}
	out := make(ast.SelectionSet, 0, len(set))
	index := map[string]int{}
	var add func(sel ast.Selection)
	add = func(sel ast.Selection) {
		var k string
		switch s := sel.(type) {
		case *ast.Field:
			k = m.fieldKey(s)
			if i, dup := index[k]; dup {
				first := out[i].(*ast.Field)
				first.SelectionSet = append(first.SelectionSet, s.SelectionSet...)
				return
			}
			c := *s
			c.SelectionSet = append(ast.SelectionSet(nil), s.SelectionSet...)
			sel = &c
		case *ast.InlineFragment:
			if s.TypeCondition == "" { // the rule ignores directives
				for _, c := range s.SelectionSet {
					add(c)
				}
				return
			}
			k = "… on " + s.TypeCondition
			if i, dup := index[k]; dup {
				first := out[i].(*ast.InlineFragment)
				first.SelectionSet = append(first.SelectionSet, s.SelectionSet...)
				return
			}
			c := *s
			c.SelectionSet = append(ast.SelectionSet(nil), s.SelectionSet...)
			sel = &c
		case *ast.FragmentSpread:
			k = "..." + s.Name
			if _, dup := index[k]; dup {
				return
			}
			c := *s
			sel = &c
		default:
			out = append(out, sel)
			return
		}
		index[k] = len(out)
		out = append(out, sel)
	}
	for _, sel := range set {
		add(sel)
	}
	for _, sel := range out {
		switch s := sel.(type) {
		case *ast.Field:
			s.SelectionSet = m.set(s.SelectionSet)
		case *ast.InlineFragment:
			s.SelectionSet = m.set(s.SelectionSet)
		}
	}
	if m.maxSameName > 0 && m.err == nil {
		m.countSameName(out)
	}
	return out
}

// countSameName fails when a merged set gathers more than maxSameName
// fields of one response name, those of its inline fragments included.
func (m *merger) countSameName(set ast.SelectionSet) {
	counts := map[string]int{}
	var walk func(set ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			if m.err != nil {
				return
			}
			switch s := sel.(type) {
			case *ast.Field:
				name := s.Alias
				if name == "" {
					name = s.Name
				}
				counts[name]++
				if counts[name] > m.maxSameName {
					m.err = gqlerror.ErrorPosf(s.Position, "more than %d fields named %q in one selection set "+
						"(once those of the same field and arguments are merged)", m.maxSameName, name)
					m.err.Extensions = map[string]any{"code": string(apperr.ComplexityLimitExceeded)}
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	walk(set)
}

// fieldKey identifies what a field merges with: same response name, name,
// arguments (in any order), and whether it has a selection set (a leaf and
// a field with selections must both stay, for validation to refuse one of
// them).
func (m *merger) fieldKey(f *ast.Field) string {
	m.key.Reset()
	alias := f.Alias
	if alias == "" {
		alias = f.Name
	}
	m.key.WriteString(alias)
	m.key.WriteByte(':')
	m.key.WriteString(f.Name)
	if len(f.SelectionSet) > 0 {
		m.key.WriteString("{}")
	}
	args := f.Arguments
	if len(args) > 1 {
		args = sortedArguments(args)
	}
	m.key.WriteByte('(')
	for _, a := range args {
		m.key.WriteString(a.Name)
		m.key.WriteByte(':')
		m.value(a.Value)
		m.key.WriteByte(',')
	}
	m.key.WriteByte(')')
	return m.key.String()
}

// value writes a value unambiguously: its kind, then its text quoted or its
// children in the order written (two objects differing only in field order
// stay apart: the rule may merge them, nothing requires us to).
func (m *merger) value(v *ast.Value) {
	if v == nil {
		m.key.WriteString("nil")
		return
	}
	m.key.WriteString(strconv.Itoa(int(v.Kind)))
	switch v.Kind {
	case ast.ListValue, ast.ObjectValue:
		m.key.WriteByte('[')
		for _, c := range v.Children {
			m.key.WriteString(strconv.Quote(c.Name))
			m.key.WriteByte(':')
			m.value(c.Value)
			m.key.WriteByte(',')
		}
		m.key.WriteByte(']')
	default:
		m.key.WriteString(strconv.Quote(v.Raw))
	}
}

// sortedArguments returns a copy of args in name order (insertion sort:
// argument lists are short, bounded by DocumentLimits.MaxArguments).
func sortedArguments(args ast.ArgumentList) ast.ArgumentList {
	out := make(ast.ArgumentList, len(args))
	copy(out, args)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Name < out[j-1].Name; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
