package respcache

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/comptoir/comptoir/ent"
)

// TestValueTypesUntagged: cmd/gqlgenpatch writes the fields of the value
// types named in generate.go (-values) without field middleware, which is
// right only while FieldMiddleware records nothing for them. A value type
// that becomes a cached family must leave that list.
func TestValueTypesUntagged(t *testing.T) {
	src, err := os.ReadFile("../../generate.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`gqlgenpatch -values (\S+)`).FindStringSubmatch(string(src))
	if m == nil {
		t.Fatal("generate.go runs cmd/gqlgenpatch without -values")
	}
	tags := func(object, typ string, res any) []string {
		return fieldTags(t, object, ast.NonNullNamedType(typ, nil), res)
	}
	// The check can see a tag.
	if got := tags("Query", "Product", &ent.Product{ID: "p1"}); len(got) == 0 {
		t.Fatal("a product records no tag")
	}
	for _, typ := range strings.Split(m[1], ",") {
		for _, object := range []string{"Query", "Product", "ProductVariant", "Cart"} {
			if got := tags(object, typ, nil); len(got) > 0 {
				t.Errorf("%s.f of value type %s records %v; cmd/gqlgenpatch writes it without field middleware", object, typ, got)
			}
		}
	}
}

// fieldTags are the tags FieldMiddleware records for a field of object
// whose type is typ and whose value is res.
func fieldTags(t *testing.T, object string, typ *ast.Type, res any) []string {
	t.Helper()
	rec := &Recorder{}
	ctx := WithRecorder(context.Background(), rec)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{
		Object: object,
		Field: graphql.CollectedField{Field: &ast.Field{Name: "f", Definition: &ast.FieldDefinition{
			Name: "f", Type: typ}}},
	})
	calls := 0
	if _, err := FieldMiddleware(ctx, func(context.Context) (any, error) { calls++; return res, nil }); err != nil || calls != 1 {
		t.Fatalf("%s.f: %s: err %v, next called %d times", object, typ, err, calls)
	}
	return rec.Tags()
}

// TestEdgesRecordNodes: cmd/gqlgenpatch -edge-nodes writes edges' nodes
// without field middleware, so a connection's edges list records the tags
// of its nodes.
func TestEdgesRecordNodes(t *testing.T) {
	for _, c := range []struct {
		object, edge string
		edges        any
		want         string
	}{
		{"ProductConnection", "ProductEdge", []*ent.ProductEdge{{Node: &ent.Product{ID: "p1"}}, nil}, "p1"},
		{"ProductVariantConnection", "ProductVariantEdge", []*ent.ProductVariantEdge{{Node: &ent.ProductVariant{ID: "v1", ProductID: "p2"}}}, "p2"},
		{"CategoryConnection", "CategoryEdge", []*ent.CategoryEdge{{Node: &ent.Category{ID: "c1"}}}, "c1"},
		{"SellerConnection", "SellerEdge", []*ent.SellerEdge{{Node: &ent.Seller{ID: "s1"}}}, "s1"},
		{"ReviewConnection", "ReviewEdge", []*ent.ReviewEdge{{Node: &ent.Review{ID: "r1", ProductID: "p3"}}}, "p3"},
	} {
		typ := ast.NonNullListType(ast.NonNullNamedType(c.edge, nil), nil)
		got := fieldTags(t, c.object, typ, c.edges)
		if !slices.Contains(got, c.want) {
			t.Errorf("%s.edges records %v, want %s among them", c.object, got, c.want)
		}
	}
}
