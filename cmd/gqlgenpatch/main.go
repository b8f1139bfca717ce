// Command gqlgenpatch trims per-object work from gqlgen's generated executor
// (graph/generated.go) that an operation without @defer never uses. It runs
// after `go tool gqlgen generate` (see ../../generate.go) and rewrites the
// file in place; it fails when the generated text no longer has the shape it
// expects, so a gqlgen upgrade cannot silently drop the patch.
//
// What it changes, in every object's marshaler:
//
//   - the deferred field set and its label map are built on the first
//     deferred field instead of for every object (two allocations each);
//   - graphql.GetPath(ctx), which builds the object's whole response path,
//     and ProcessDeferredGroup run only when a field was deferred.
//     GetPath alone was 13% of a product listing's allocated objects.
//
// The same change is a small edit of gqlgen's codegen/object.gotpl; this
// command is the stopgap until such an edit ships upstream.
//
//	go run ./cmd/gqlgenpatch graph/generated.go
package main

import (
	"fmt"
	"go/format"
	"os"
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
	out, err := format.Source([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("format patched source: %w", err)
	}
	return out, nil
}
