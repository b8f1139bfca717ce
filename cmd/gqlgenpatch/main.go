// Command gqlgenpatch trims per-object and per-field work from gqlgen's
// generated executor (graph/generated.go) that an uncached read does not
// need. It runs after `go tool gqlgen generate` (see ../../generate.go) and
// rewrites the file in place; it fails when the generated text no longer
// has the shape it expects, so a gqlgen upgrade cannot silently drop the
// patch. Each change is deterministic (a fixed text rewrite of gqlgen's
// output) and is a small template edit we can offer upstream.
//
//  1. Deferred groups (codegen/object.gotpl): the deferred field set and its
//     label map are built on the first deferred field instead of for every
//     object, and graphql.GetPath(ctx) and ProcessDeferredGroup run only
//     when a field was deferred. GetPath alone was 13% of a product
//     listing's allocated objects.
//
//  2. Leaf fields (codegen/field.gotpl, upstream as an exec option such as
//     `leaf_field_middleware: false`): a scalar or enum field read from a
//     struct field or a method without arguments (`return obj.Sku, nil`,
//     `return obj.Amount(), nil`), with no directive, marshals its value
//     directly instead of going through graphql.ResolveField, which builds
//     a field context, a context value, closures and two interface boxes
//     for every field (about nine allocations; a listing of 50 products
//     has some 2,000 such fields). What these fields no longer get: field
//     middleware (AroundFields) and a recover of their own. A struct field
//     read cannot panic, and a method's panic is still recovered by the
//     enclosing field or list element (its error then carries that path).
//     The server's field middlewares (internal/server rootFieldChecks,
//     respcache.FieldMiddleware) look only at root fields and object-typed
//     fields; a middleware that must see leaf fields needs this step
//     removed. Pointer fields qualify only when nullable (nil is then null,
//     never an error that would need the field's path); lists never do.
//
//  3. Object output (graphql.FieldSet.MarshalGQL, upstream in gqlgen's
//     runtime): an object with nothing deferred is written by objectJSON,
//     which writes the same bytes without FieldSet's per-object map,
//     iterator closure and per-field copy.
//
// What it does not change: list elements and resolver fields still run in
// goroutines of their own (gqlgen's MarshalSliceConcurrently and
// FieldSet.Dispatch), because a field waiting on a dataloader batch needs
// its siblings to run meanwhile, and which fields wait is not visible in
// the generated code.
//
//	go run ./cmd/gqlgenpatch graph/generated.go
package main

import (
	"fmt"
	"go/format"
	"os"
	"regexp"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlgenpatch FILE")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err == nil {
		var out []byte
		if out, err = Patch(src); err == nil {
			err = os.WriteFile(os.Args[1], out, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gqlgenpatch:", err)
		os.Exit(1)
	}
}

const (
	eagerSet = "\tdeferredFieldSet := graphql.NewFieldSet(nil)\n\tdeferLabelToView := make(map[string]*graphql.FieldSetView)\n"
	lazySet  = "\tvar deferredFieldSet *graphql.FieldSet\n\tvar deferLabelToView map[string]*graphql.FieldSetView\n"

	deferBranch = "if field.IsDeferred() {\n"
	lazyInit    = "if field.IsDeferred() {\nif deferredFieldSet == nil {\ndeferredFieldSet = graphql.NewFieldSet(nil)\ndeferLabelToView = make(map[string]*graphql.FieldSetView)\n}\n" +
		// A local copy for the closure: capturing deferredFieldSet itself,
		// which is assigned after its declaration, would move it to the
		// heap for every object.
		"dfs := deferredFieldSet\n"
	deferredCall = "return innerFunc(ctx, deferredFieldSet)"
	localCall    = "return innerFunc(ctx, dfs)"

	eagerGroup = `	atomic.AddInt32(&ec.Deferred, int32(min(len(deferLabelToView), math.MaxInt32)))

	ec.ProcessDeferredGroup(graphql.DeferredGroup{
		Defers:   deferLabelToView,
		Path:     graphql.GetPath(ctx),
		FieldSet: deferredFieldSet,
		Context:  ctx,
	})
`
	lazyGroup = `	if len(deferLabelToView) > 0 {
	atomic.AddInt32(&ec.Deferred, int32(min(len(deferLabelToView), math.MaxInt32)))

	ec.ProcessDeferredGroup(graphql.DeferredGroup{
		Defers:   deferLabelToView,
		Path:     graphql.GetPath(ctx),
		FieldSet: deferredFieldSet,
		Context:  ctx,
	})
	}
`
)

// Patch returns the generated executor with the deferred-group work made
// lazy. It is an error for the file to be already patched or to have
// objects whose marshaler does not have the expected shape.
func Patch(src []byte) ([]byte, error) {
	s := string(src)
	objects := strings.Count(s, eagerSet)
	if objects == 0 {
		return nil, fmt.Errorf("no object marshaler of the expected shape (already patched, or gqlgen's template changed)")
	}
	if n := strings.Count(s, eagerGroup); n != objects {
		return nil, fmt.Errorf("%d objects but %d deferred groups of the expected shape", objects, n)
	}
	branches := strings.Count(s, deferBranch)
	if n := strings.Count(s, deferredCall); n != branches {
		return nil, fmt.Errorf("%d deferred branches but %d deferred calls of the expected shape", branches, n)
	}
	s = strings.ReplaceAll(s, eagerSet, lazySet)
	s = strings.ReplaceAll(s, deferBranch, lazyInit)
	s = strings.ReplaceAll(s, deferredCall, localCall)
	s = strings.ReplaceAll(s, eagerGroup, lazyGroup)
	s, err := directLeaves(s)
	if err != nil {
		return nil, err
	}
	out, err := format.Source([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("format patched source: %w", err)
	}
	if out, err = leanObjects(out); err != nil {
		return nil, err
	}
	if out, err = format.Source(out); err != nil {
		return nil, fmt.Errorf("format patched source: %w", err)
	}
	return out, nil
}

const (
	// objectEnd ends an object's marshaler once formatted: the (lazy)
	// deferred group, then the field set.
	objectEnd = "\t\t})\n\t}\n\n\treturn out\n}\n"
	leanEnd   = "\t\t})\n\t}\n\n\tif deferLabelToView == nil {\n\t\treturn objectJSON{fields, out.Values}\n\t}\n\treturn out\n}\n"

	objectJSONType = `
// objectJSON writes an object's fields in order, as graphql.FieldSet does,
// without the map, iterator closure and per-field copy that FieldSet's
// MarshalGQL allocates for every object (cmd/gqlgenpatch). Used only when
// nothing in the object is deferred.
type objectJSON struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o objectJSON) MarshalGQL(w io.Writer) {
	io.WriteString(w, "{")
	for i := range o.fields {
		alias := o.fields[i].Alias
		dup := false
		for j := range i {
			dup = dup || o.fields[j].Alias == alias
		}
		if dup {
			// FieldSet writes an alias once, the first time.
			continue
		}
		if i > 0 {
			io.WriteString(w, ",")
		}
		// An alias is a GraphQL name: nothing in it needs escaping.
		io.WriteString(w, "\"")
		io.WriteString(w, alias)
		io.WriteString(w, "\":")
		if v := o.values[i]; v != nil {
			v.MarshalGQL(w)
		} else {
			io.WriteString(w, "null")
		}
	}
	io.WriteString(w, "}")
}
`
)

// leanObjects makes object marshalers return objectJSON when nothing was
// deferred. Run on formatted source.
func leanObjects(src []byte) ([]byte, error) {
	s := string(src)
	n := strings.Count(s, objectEnd)
	if n == 0 {
		return nil, fmt.Errorf("no object marshaler ending of the expected shape (gqlgen's template changed)")
	}
	if !strings.Contains(s, "\nimport (\n") {
		return nil, fmt.Errorf("no import block")
	}
	s = strings.ReplaceAll(s, objectEnd, leanEnd)
	if !strings.Contains(s, "\n\t\"io\"\n") {
		s = strings.Replace(s, "\nimport (\n", "\nimport (\n\t\"io\"\n", 1)
	}
	return []byte(s + objectJSONType), nil
}

var (
	// leafField is a field function as gqlgen generates it for a field
	// read from a struct field without directives (middleware nil).
	leafField = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (_\w+)\(ctx context\.Context, field graphql\.CollectedField, obj (\S+)\) \(ret graphql\.Marshaler\) \{
	return graphql\.ResolveField\(
		ctx,
		ec\.OperationContext,
		field,
		func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
			return ec\.(fieldContext_\w+)\(ctx, field\)
		\},
		func\(ctx context\.Context\) \(any, error\) \{
			return (obj\.\w+(?:\(\))?), nil
		\},
		nil,
		func\(ctx context\.Context, selections ast\.SelectionSet, v ([^)]+)\) graphql\.Marshaler \{
			return ec\.(marshal[^(]+)\(ctx, selections, v\)
		\},
		true,
		(?:true|false),
	\)
\}
`)
	// scalarContext is the field context of a leaf: its field has no
	// child fields.
	scalarContext = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (fieldContext_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{
	return graphql\.NewScalarFieldContext\(`)
)

// directLeaves rewrites the field functions of leaf fields read from a
// struct field to marshal the value directly (see the package comment). It
// is an error to find none: gqlgen's template changed.
func directLeaves(s string) (string, error) {
	leaves := map[string]bool{}
	for _, m := range scalarContext.FindAllStringSubmatch(s, -1) {
		leaves[m[1]] = true
	}
	n := 0
	s = leafField.ReplaceAllStringFunc(s, func(fn string) string {
		m := leafField.FindStringSubmatch(fn)
		name, objType, fieldContext, value, goType, marshal := m[1], m[2], m[3], m[4], m[5], m[6]
		if !leaves[fieldContext] || strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "map[") ||
			(strings.HasPrefix(goType, "*") && !strings.HasPrefix(marshal, "marshalO")) {
			return fn
		}
		n++
		return fmt.Sprintf("func (ec *executionContext) %s(ctx context.Context, field graphql.CollectedField, obj %s) (ret graphql.Marshaler) {\n"+
			"\t// A leaf: marshaled directly, without field context or middleware (cmd/gqlgenpatch).\n"+
			"\treturn ec.%s(ctx, field.Selections, %s)\n}\n", name, objType, marshal, value)
	})
	if n == 0 {
		return "", fmt.Errorf("no leaf field function of the expected shape (gqlgen's template changed)")
	}
	return s, nil
}
