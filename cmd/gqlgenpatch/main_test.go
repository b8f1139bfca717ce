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
	// The listing's leaves are marshaled directly.
	for _, want := range []string{
		"return stringRef{&obj.Sku}",
		"return stringRef{&obj.Name}",
		"return pulidIDRef{&obj.ID}",
		"return moneyCurrencyRef{&obj.Currency}",
		"return objectJSON{fields, out.Values}",
		// Prices are value objects (generate.go: -values Money,MoneyRange).
		"return ec.marshalNMoneyRange2githubᚗcomᚋcomptoirᚋcomptoirᚋinternalᚋmoneyᚐRange(ctx, field.Selections, obj.PriceRangeMoney())",
		"fieldArgs(ctx, field, ec.field_Product_variants_args)",
		// generate.go: -edge-nodes.
		"fc, err := ec.fieldContext_ProductEdge_node(ctx, field)",
		// generate.go: -leaf-resolvers.
		"v, err := ec.Resolvers.ProductVariant().QuantityAvailable(ctx, obj)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("graph/generated.go lacks %q: run go generate (cmd/gqlgenpatch)", want)
		}
	}
}

// leaves are field functions as gqlgen generates them: a string, a
// nullable pointer, a non-null pointer and a list read from struct fields,
// and a method.
const leaves = `
func (ec *executionContext) _Thing_name(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_name(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Name, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler {
			return ec.marshalNString2string(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Thing_name(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, false, false, errors.New("field of type String does not have child fields"))
}

func (ec *executionContext) _Thing_note(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_note(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Note, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshalOString2ᚖstring(ctx, selections, v)
		},
		true,
		false,
	)
}
func (ec *executionContext) fieldContext_Thing_note(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, false, false, errors.New("field of type String does not have child fields"))
}

func (ec *executionContext) _Thing_must(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_must(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Must, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshalNString2ᚖstring(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Thing_must(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, false, false, errors.New("field of type String does not have child fields"))
}

func (ec *executionContext) _Thing_owner(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_owner(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Owner, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *Owner) graphql.Marshaler {
			return ec.marshalOOwner2ᚖOwner(ctx, selections, v)
		},
		true,
		false,
	)
}
func (ec *executionContext) fieldContext_Thing_owner(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object: "Thing",
	}
	return fc, nil
}

func (ec *executionContext) marshalNInt2int(ctx context.Context, sel ast.SelectionSet, v int) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalInt(v)
	return res
}

func (ec *executionContext) marshalOBoolean2ᚖbool(ctx context.Context, sel ast.SelectionSet, v *bool) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	res := graphql.MarshalBoolean(*v)
	return res
}
`

func TestDirectLeaves(t *testing.T) {
	out, err := Patch([]byte(object+leaves), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		// A non-null string field: through a reference (step 11).
		"return stringRef{&obj.Name}",
		"return ec.marshalOString2ᚖstring(ctx, field.Selections, obj.Note)",
		// Integers and booleans: as values (step 11).
		"res := graphql.Marshaler(intJSON(v))",
		"res := graphql.Marshaler(boolJSON(*v))",
		"type intJSON int",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("patched source lacks %q:\n%s", want, s)
		}
	}
	// A non-null pointer may be nil: its error needs the field's path. An
	// object field needs its field context for its children.
	for _, kept := range []string{"return obj.Must, nil", "return obj.Owner, nil"} {
		if !strings.Contains(s, kept) {
			t.Errorf("patched source lost %q:\n%s", kept, s)
		}
	}
}

const object = `package graph

import (
	"context"
)

type executionContext struct {
	*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]
}

func (ec *executionContext) fieldContext_Thing_things(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object: "Thing",
	}
	ctx = graphql.WithFieldContext(ctx, fc)
	if fc.Args, err = ec.field_Thing_things_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		ec.Error(ctx, err)
		return fc, err
	}
	return fc, nil
}

func (ec *executionContext) marshalNThing2ᚕᚖThingᚄ(ctx context.Context, sel ast.SelectionSet, v []*Thing) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		fc.Result = &v[i]
		return ec.marshalNThing2ᚖThing(ctx, sel, v[i])
	})
	return ret
}

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

// TestValueTypes: a field of a value type named to Patch is marshaled
// directly like a leaf; other object fields keep their field context.
func TestValueTypes(t *testing.T) {
	out, err := Patch([]byte(object+leaves), Options{ValueTypes: []string{"Owner"}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if want := "return ec.marshalOOwner2ᚖOwner(ctx, field.Selections, obj.Owner)"; !strings.Contains(s, want) {
		t.Errorf("patched source lacks %q:\n%s", want, s)
	}
	if !strings.Contains(s, "return obj.Must, nil") {
		t.Errorf("patched source lost a non-null pointer's field context:\n%s", s)
	}
	if _, err := Patch([]byte(object+leaves), Options{ValueTypes: []string{"Missing"}}); err == nil {
		t.Error("a value type without fields was accepted; want an error")
	}
}

// edge is a Relay edge's node field as gqlgen generates it.
const edge = `
func (ec *executionContext) _ThingEdge_node(ctx context.Context, field graphql.CollectedField, obj *ThingEdge) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_ThingEdge_node(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Node, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *Thing) graphql.Marshaler {
			return ec.marshalNThing2ᚖThing(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_ThingEdge_node(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object: "ThingEdge",
	}
	return fc, nil
}
`

// TestEdgeNodes: with EdgeNodes, an edge's node keeps its field context
// and its null check but not graphql.ResolveField.
func TestEdgeNodes(t *testing.T) {
	out, err := Patch([]byte(object+leaves+edge), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "return obj.Node, nil") {
		t.Error("without EdgeNodes an edge's node was rewritten")
	}
	if out, err = Patch([]byte(object+leaves+edge), Options{EdgeNodes: true}); err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"fc, err := ec.fieldContext_ThingEdge_node(ctx, field)",
		"ctx = graphql.WithFieldContext(ctx, fc)",
		`graphql.AddErrorf(ctx, "must not be null")`,
		"return ec.marshalNThing2ᚖThing(ctx, field.Selections, v)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("patched source lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "return obj.Node, nil") {
		t.Errorf("an edge's node still goes through graphql.ResolveField:\n%s", s)
	}
}

// TestPlainObject: an object without resolver fields neither dispatches
// nor returns its FieldSet (which would move it to the heap); one with a
// resolver field keeps both.
func TestPlainObject(t *testing.T) {
	start := strings.Index(object, "\tfor i, field := range fields {")
	end := strings.Index(object, "\tout.Dispatch(ctx)")
	plain := strings.Replace(object, object[start:end], "\tfor i, field := range fields {\n\t\tswitch field.Name {\n\t\tcase \"name\":\n\t\t\tout.Values[i] = ec._Thing_name(ctx, field, obj)\n\t\t}\n\t}\n", 1)
	out, err := Patch([]byte(plain+leaves), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "out.Dispatch(ctx)") || strings.Contains(s, "return out\n") {
		t.Errorf("an object without resolver fields dispatches or returns its FieldSet:\n%s", s)
	}
	if out, err = Patch([]byte(object+leaves), Options{}); err != nil {
		t.Fatal(err)
	}
	if s := string(out); !strings.Contains(s, "out.Dispatch(ctx)") || !strings.Contains(s, "return out\n") {
		t.Errorf("an object with a resolver field lost its Dispatch or its FieldSet return:\n%s", s)
	}
}

// resolverLeaves are an object's fields computed by resolvers: an Int
// and a nullable pointer.
const resolverLeaves = `

func (ec *executionContext) _Stocked(ctx context.Context, sel ast.SelectionSet, obj *Thing) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, stockedImplementors)

	out := graphql.NewFieldSet(fields)
	deferredFieldSet := graphql.NewFieldSet(nil)
	deferLabelToView := make(map[string]*graphql.FieldSetView)
	for i, field := range fields {
		switch field.Name {
		case "stock":
			field := field

			innerFunc := func(ctx context.Context, fs *graphql.FieldSet) (res graphql.Marshaler) {
				defer func() {
					if r := recover(); r != nil {
						ec.Error(ctx, ec.Recover(ctx, r))
					}
				}()
				res = ec._Thing_stock(ctx, field, obj)
				if res == graphql.Null {
					atomic.AddUint32(&fs.Invalids, 1)
				}
				return res
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
		default:
			panic("unknown field")
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
func (ec *executionContext) _Thing_stock(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_stock(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return ec.Resolvers.Thing().Stock(ctx, obj)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v int) graphql.Marshaler {
			return ec.marshalNInt2int(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Thing_stock(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, true, true, errors.New("field of type Int does not have child fields"))
}

func (ec *executionContext) _Thing_hint(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_hint(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return ec.Resolvers.Thing().Hint(ctx, obj)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshalOString2ᚖstring(ctx, selections, v)
		},
		true,
		false,
	)
}
func (ec *executionContext) fieldContext_Thing_hint(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, true, true, errors.New("field of type String does not have child fields"))
}
`

// TestLeafResolvers: with LeafResolvers, a non-pointer leaf's resolver is
// called with its field context, its error reported on its path, without
// graphql.ResolveField; a pointer value keeps ResolveField's null checks.
func TestLeafResolvers(t *testing.T) {
	out, err := Patch([]byte(object+leaves+resolverLeaves), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "return ec.Resolvers.Thing().Stock(ctx, obj)") {
		t.Error("without LeafResolvers a leaf's resolver was rewritten")
	}
	if out, err = Patch([]byte(object+leaves+resolverLeaves), Options{LeafResolvers: true}); err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"fc, err := ec.fieldContext_Thing_stock(ctx, field)",
		"v, err := ec.Resolvers.Thing().Stock(ctx, obj)",
		"ec.Error(ctx, graphql.AddFieldLocationToError(ctx, err))",
		"ec.Error(ctx, ec.Recover(ctx, r))",
		"return ec.marshalNInt2int(ctx, field.Selections, v)",
		"return ec.Resolvers.Thing().Hint(ctx, obj)",
		// Step 12: called in place; the deferred branch builds the closure.
		"out.Values[i] = ec._Thing_stock(ctx, field, obj)\n\t\t\tif out.Values[i] == graphql.Null {",
		"if field.IsDeferred() {\n\t\t\t\tfield := field\n\n\t\t\t\tinnerFunc := func(",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("patched source lacks %q:\n%s", want, s)
		}
	}
	// A nullable field keeps its own test: RequiredNull.
	nullable := strings.Replace(resolverLeaves, "if res == graphql.Null {\n\t\t\t\t\tatomic.AddUint32(&fs.Invalids, 1)", "if res == graphql.RequiredNull {\n\t\t\t\t\tatomic.AddUint32(&fs.Invalids, 1)", 1)
	if nullable == resolverLeaves {
		t.Fatal("fixture: no null check to make nullable")
	}
	out2, err := Patch([]byte(object+leaves+nullable), Options{LeafResolvers: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out2), "out.Values[i] = ec._Thing_stock(ctx, field, obj)\n\t\t\tif out.Values[i] == graphql.RequiredNull {") {
		t.Errorf("a nullable leaf resolver lost its RequiredNull test:\n%s", out2)
	}
	stocked := s[strings.Index(s, "func (ec *executionContext) _Stocked("):]
	stocked = stocked[:strings.Index(stocked, "\n}\n")]
	if strings.Contains(stocked, "return innerFunc(ctx, out)") {
		t.Errorf("a leaf resolver still runs through out.Concurrently:\n%s", stocked)
	}
}

func TestPatch(t *testing.T) {
	out, err := Patch([]byte(object+leaves), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"var deferredFieldSet *graphql.FieldSet",
		"if deferredFieldSet == nil {",
		"return innerFunc(ctx, dfs)",
		"if len(deferLabelToView) > 0 {",
		"return objectJSON{fields, out.Values}",
		"func (o objectJSON) MarshalGQL(w io.Writer) {",
		"if fc.Args, err = ec.fieldArgs(ctx, field, ec.field_Thing_things_args); err != nil {",
		"args sync.Map",
		"ret := marshalSliceConcurrently(ctx, len(v), 0, false, func(",
		`return graphql.NewScalarFieldContext("Thing", field, false, false, errNoChildFieldsString)`,
		`errNoChildFieldsString = errors.New("field of type String does not have child fields")`,
		"fields := ec.collectFields(sel, thingImplementors)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("patched source lacks %q:\n%s", want, s)
		}
	}
	if _, err := Patch(out, Options{}); err == nil {
		t.Error("patching twice succeeded; want an error")
	}
	changed := strings.Replace(object, "Path:     graphql.GetPath(ctx),", "Path: nil,", 1)
	if _, err := Patch([]byte(changed+leaves), Options{}); err == nil {
		t.Error("a deferred group of another shape was accepted; want an error")
	}
}
