package main

import (
	"os"
	"strings"
	"testing"
)

// TestGeneratedExecutorIsPatched fails when graph/generated.go was
// regenerated without the patch (go generate runs it after gqlgen).
func TestGeneratedExecutorIsPatched(t *testing.T) {
	src, err := os.ReadFile("../../graph/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if strings.Contains(s, "deferredFieldSet := graphql.NewFieldSet(nil)") {
		t.Fatal("graph/generated.go builds a deferred field set per object: run go generate (cmd/gqlgenpatch)")
	}
	if n, m := strings.Count(s, "if len(deferLabelToView) > 0 {"), strings.Count(s, "graphql.GetPath(ctx),"); n == 0 || n != m {
		t.Fatalf("%d guarded deferred groups, %d GetPath calls in deferred groups", n, m)
	}
}

const object = `package graph

func (ec *executionContext) _Thing(ctx context.Context, sel ast.SelectionSet, obj *Thing) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, thingImplementors)

	out := graphql.NewFieldSet(fields)
	deferredFieldSet := graphql.NewFieldSet(nil)
	deferLabelToView := make(map[string]*graphql.FieldSetView)
	for i, field := range fields {
		switch field.Name {
		case "slow":
			field := field
			innerFunc := func(ctx context.Context, fs *graphql.FieldSet) (res graphql.Marshaler) {
				return ec._Thing_slow(ctx, field, obj)
			}
			if field.IsDeferred() {
				deferredFieldSet.AddField(field)
				fieldIndex := len(deferredFieldSet.Values) - 1
				deferredFieldSet.Concurrently(fieldIndex, func(ctx context.Context) graphql.Marshaler {
					return innerFunc(ctx, deferredFieldSet)
				})
				continue
			}
			out.Concurrently(i, func(ctx context.Context) graphql.Marshaler { return innerFunc(ctx, out) })
		}
	}
	out.Dispatch(ctx)
	if out.Invalids > 0 {
		return graphql.Null
	}

	atomic.AddInt32(&ec.Deferred, int32(min(len(deferLabelToView), math.MaxInt32)))

	ec.ProcessDeferredGroup(graphql.DeferredGroup{
		Defers:   deferLabelToView,
		Path:     graphql.GetPath(ctx),
		FieldSet: deferredFieldSet,
		Context:  ctx,
	})

	return out
}
`

func TestPatch(t *testing.T) {
	out, err := Patch([]byte(object))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"var deferredFieldSet *graphql.FieldSet",
		"if deferredFieldSet == nil {",
		"return innerFunc(ctx, dfs)",
		"if len(deferLabelToView) > 0 {",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("patched source lacks %q:\n%s", want, s)
		}
	}
	if _, err := Patch(out); err == nil {
		t.Error("patching twice succeeded; want an error")
	}
	changed := strings.Replace(object, "Path:     graphql.GetPath(ctx),", "Path: nil,", 1)
	if _, err := Patch([]byte(changed)); err == nil {
		t.Error("a deferred group of another shape was accepted; want an error")
	}
}
