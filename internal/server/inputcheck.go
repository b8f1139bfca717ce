package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
)

// inputCheck refuses, once per operation and before any resolver runs, text
// that no store can hold: a NUL character (PostgreSQL's text cannot) or
// invalid UTF-8 (a GET query string can carry it). Every string of the
// variables and every string literal of the operation is checked, so that
// no resolver or domain package has to; the error names the variable or
// argument, as BAD_USER_INPUT.
//
// It also decodes every Cursor argument: ent's generated CollectFields
// reads the arguments of nested connections before gqlgen coerces them,
// and an undecodable cursor makes it panic (an INTERNAL error for a client
// mistake).
//
// It refuses a well-formed ID of a type the argument does not take, as
// the schema's @idOf directive says (idtypes.go).
//
// And it holds every Int to the 32 bits the GraphQL spec gives it, which
// gqlparser checks only for literals beyond 64 bits: a larger value would
// otherwise reach a domain package or an integer column.
type inputCheck struct{ schema *ast.Schema }

func (*inputCheck) ExtensionName() string { return "InputCheck" }
func (t *inputCheck) Validate(s graphql.ExecutableSchema) error {
	t.schema = s.Schema()
	return checkIDTypes(t.schema)
}

func (t *inputCheck) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	var defs ast.VariableDefinitionList
	if oc.Operation != nil {
		defs = oc.Operation.VariableDefinitions
	}
	for name, v := range oc.Variables {
		where, why := badValue(v, ast.Path{ast.PathName(name)})
		if d := defs.ForName(name); why == "" && d != nil {
			where, why = t.badInt(v, d.Type, ast.Path{ast.PathName(name)})
		}
		if why != "" {
			return &gqlerror.Error{
				Message:    fmt.Sprintf("variable $%s: %s", dotted(where), why),
				Path:       append(ast.Path{ast.PathName("variable")}, where...),
				Extensions: map[string]any{"code": string(apperr.BadUserInput)},
			}
		}
	}
	if oc.Operation == nil {
		return nil
	}
	if err := badSelections(oc.Operation.SelectionSet, oc.Variables); err != nil {
		return err
	}
	for _, f := range oc.Doc.Fragments {
		if err := badSelections(f.SelectionSet, oc.Variables); err != nil {
			return err
		}
	}
	return t.wrongIDTypes(oc.Doc, oc.Operation.SelectionSet, oc.Variables, map[string]bool{})
}

// badInt finds the first Int of a variable's value outside 32 bits.
func (t *inputCheck) badInt(v any, typ *ast.Type, path ast.Path) (ast.Path, string) {
	switch {
	case v == nil || typ == nil:
	case typ.Elem != nil:
		list, _ := v.([]any)
		for i, e := range list {
			if p, why := t.badInt(e, typ.Elem, append(path[:len(path):len(path)], ast.PathIndex(i))); why != "" {
				return p, why
			}
		}
		if list == nil { // a single value given for a list
			return t.badInt(v, typ.Elem, path)
		}
	case typ.NamedType == "Int":
		if why := outsideInt32(fmt.Sprint(v)); why != "" {
			return path, why
		}
	default:
		def := t.schema.Types[typ.NamedType]
		obj, _ := v.(map[string]any)
		if def == nil || def.Kind != ast.InputObject || obj == nil {
			break
		}
		for _, f := range def.Fields {
			if p, why := t.badInt(obj[f.Name], f.Type, append(path[:len(path):len(path)], ast.PathName(f.Name))); why != "" {
				return p, why
			}
		}
	}
	return nil, ""
}

// outsideInt32 says why an Int's text is outside the GraphQL Int range, or "".
func outsideInt32(s string) string {
	if _, err := strconv.ParseInt(s, 10, 32); err != nil && errors.Is(err, strconv.ErrRange) {
		return "Int must be between -2147483648 and 2147483647, got " + s
	}
	return ""
}

// badText says what is wrong with s, or "".
func badText(s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "text must not contain a NUL (U+0000) character"
	case !utf8.ValidString(s):
		return "text must be valid UTF-8"
	}
	return ""
}

// badValue finds the first bad string in a decoded JSON value.
func badValue(v any, path ast.Path) (ast.Path, string) {
	switch v := v.(type) {
	case string:
		if why := badText(v); why != "" {
			return path, why
		}
	case map[string]any:
		for k, e := range v {
			if why := badText(k); why != "" {
				return path, why
			}
			if p, why := badValue(e, append(path[:len(path):len(path)], ast.PathName(k))); why != "" {
				return p, why
			}
		}
	case []any:
		for i, e := range v {
			if p, why := badValue(e, append(path[:len(path):len(path)], ast.PathIndex(i))); why != "" {
				return p, why
			}
		}
	}
	return nil, ""
}

// badSelections checks the string literals of the arguments of a selection
// set, its directives' included.
func badSelections(set ast.SelectionSet, vars map[string]any) *gqlerror.Error {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if err := badArguments(sel.Name, sel.Arguments, sel.Directives, vars); err != nil {
				return err
			}
			if err := badSelections(sel.SelectionSet, vars); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := badArguments("", nil, sel.Directives, vars); err != nil {
				return err
			}
			if err := badSelections(sel.SelectionSet, vars); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if err := badArguments("", nil, sel.Directives, vars); err != nil {
				return err
			}
		}
	}
	return nil
}

func badArguments(field string, args ast.ArgumentList, dirs ast.DirectiveList, vars map[string]any) *gqlerror.Error {
	check := func(owner string, args ast.ArgumentList) *gqlerror.Error {
		for _, a := range args {
			where, why := badLiteral(a.Value, ast.Path{ast.PathName(a.Name)})
			if why == "" {
				where, why = ast.Path{ast.PathName(a.Name)}, badCursor(a.Value, vars)
			}
			if why != "" {
				err := gqlerror.ErrorPosf(a.Value.Position, "argument %s of %s: %s", dotted(where), owner, why)
				err.Extensions = map[string]any{"code": string(apperr.BadUserInput)}
				return err
			}
		}
		return nil
	}
	if err := check(field, args); err != nil {
		return err
	}
	if b := bothCursors(args, vars); b != nil {
		err := gqlerror.ErrorPosf(b.Value.Position, "argument before of %s: pass after or before, not both", field)
		err.Extensions = map[string]any{"code": string(apperr.BadUserInput)}
		return err
	}
	for _, d := range dirs {
		if err := check("@"+d.Name, d.Arguments); err != nil {
			return err
		}
	}
	return nil
}

// badLiteral finds the first bad string in a literal value.
func badLiteral(v *ast.Value, path ast.Path) (ast.Path, string) {
	if v == nil {
		return nil, ""
	}
	switch v.Kind {
	case ast.StringValue, ast.BlockValue:
		if why := badText(v.Raw); why != "" {
			return path, why
		}
	case ast.IntValue:
		if v.ExpectedType != nil && v.ExpectedType.Name() == "Int" {
			if why := outsideInt32(v.Raw); why != "" {
				return path, why
			}
		}
	case ast.ListValue:
		for i, c := range v.Children {
			if p, why := badLiteral(c.Value, append(path[:len(path):len(path)], ast.PathIndex(i))); why != "" {
				return p, why
			}
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			if p, why := badLiteral(c.Value, append(path[:len(path):len(path)], ast.PathName(c.Name))); why != "" {
				return p, why
			}
		}
	}
	return nil, ""
}

// loneSurrogate returns the offset of the first \u escape in a JSON text
// that encodes half of a UTF-16 surrogate pair, or -1. encoding/json turns
// such an escape into U+FFFD without a word; the text it stood for is not
// Unicode, so the request is refused instead of silently altered.
// Backslashes occur only inside JSON strings, so no string tracking is
// needed.
func loneSurrogate(b []byte) int {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range b[i+2 : i+6] {
			switch {
			case '0' <= c && c <= '9':
				r = r<<4 | rune(c-'0')
			case 'a' <= c && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case 'A' <= c && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // an escape of one character (\\, \", \n...)
			continue
		}
		switch {
		case 0xD800 <= r && r < 0xDC00:
			if r2, ok := hex4(i + 6); ok && 0xDC00 <= r2 && r2 < 0xE000 {
				i += 11
				continue
			}
			return i
		case 0xDC00 <= r && r < 0xE000:
			return i
		}
		i += 5
	}
	return -1
}

// notUnicode says why a JSON text is not Unicode text, or "": invalid
// UTF-8 bytes or a lone surrogate escape, both of which encoding/json would
// silently turn into U+FFFD.
func notUnicode(what string, b []byte) string {
	if !utf8.Valid(b) {
		return what + " is not valid UTF-8"
	}
	if at := loneSurrogate(b); at >= 0 {
		return fmt.Sprintf("%s holds a lone UTF-16 surrogate escape at byte %d: it encodes no Unicode character", what, at)
	}
	return ""
}

// bothCursors returns a connection field's before argument when after is
// given too, else nil. Paging between two cursors is refused for every
// connection, as first with last is: entgql compares both cursors the same
// way (before acted as a second after, a wrong page without an error) and
// fails outright on orders of several fields.
func bothCursors(args ast.ArgumentList, vars map[string]any) *ast.Argument {
	given := func(name string) *ast.Argument {
		a := args.ForName(name)
		if a == nil || a.Value == nil || a.Value.ExpectedType == nil || a.Value.ExpectedType.Name() != "Cursor" {
			return nil
		}
		if v, err := a.Value.Value(vars); err != nil || v == nil {
			return nil
		}
		return a
	}
	if given("after") == nil {
		return nil
	}
	return given("before")
}

// badCursor says why a Cursor argument's value cannot be decoded, or "".
func badCursor(v *ast.Value, vars map[string]any) string {
	if v == nil || v.ExpectedType == nil || v.ExpectedType.Name() != "Cursor" {
		return ""
	}
	raw, err := v.Value(vars)
	if err != nil || raw == nil {
		return "" // the validator has said what is wrong, or there is no cursor
	}
	if _, err := pagination.UnmarshalCursor(raw); err != nil {
		return err.Error()
	}
	return ""
}
