package catalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/testdb"
)

func variant(opts map[string]string) *ent.ProductVariant { return &ent.ProductVariant{Options: opts} }

// describe renders options as "Name(label): value(label)[swatch] ...".
func describe(opts []*schema.ProductOption) string {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(o.Name + "(" + o.DisplayName + "):")
		for _, v := range o.Values {
			b.WriteString(" " + v.Value + "(" + v.DisplayName + ")")
			if v.Swatch != nil {
				b.WriteString("[" + *v.Swatch + "]")
			}
		}
		b.WriteString("; ")
	}
	return b.String()
}

func TestOptionsOrderLabelsAndSwatches(t *testing.T) {
	vs := []*ent.ProductVariant{
		variant(map[string]string{"size": "L", "color": "red"}),
		variant(map[string]string{"size": "M", "color": "navy"}),
		variant(map[string]string{"size": "L", "color": "mauve"}),
	}
	// No labels: first appearance, keys of one variant alphabetically.
	if got, want := describe(catalog.Options(nil, vs)), "color(Color): red(Red)[#c62828] navy(Navy)[#1b2a4a] mauve(Mauve); size(Size): L(L) M(M); "; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	sw := "https://img.test/m.png"
	labels := []schema.ProductOption{
		{Name: "size", DisplayName: "Taille", Values: []schema.ProductOptionValue{{Value: "M", DisplayName: "Medium"}, {Value: "XS"}}},
		{Name: "gone"},
		{Name: "color", Values: []schema.ProductOptionValue{{Value: "mauve", Swatch: &sw}}},
	}
	// The catalog's order and labels win; unused options and values drop.
	if got, want := describe(catalog.Options(labels, vs)), "size(Taille): M(Medium) L(L); color(Color): mauve(Mauve)["+sw+"] red(Red)[#c62828] navy(Navy)[#1b2a4a]; "; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestVariantBySelectedOptions(t *testing.T) {
	vs := []*ent.ProductVariant{
		{ID: "v1", Options: map[string]string{"size": "L", "color": "red"}},
		{ID: "v2", Options: map[string]string{"size": "M", "color": "red"}},
	}
	opts := catalog.Options(nil, vs)
	v, err := catalog.VariantBySelectedOptions(opts, vs, []catalog.SelectedOption{{"color", "red"}, {"size", "M"}})
	if err != nil || v == nil || v.ID != "v2" {
		t.Fatalf("got %v, %v", v, err)
	}
	for _, sel := range [][]catalog.SelectedOption{{{"color", "blue"}, {"size", "M"}}, {{"color", "red"}}} {
		if v, err := catalog.VariantBySelectedOptions(opts, vs, sel); err != nil || v != nil {
			t.Fatalf("%v: got %v, %v; want no variant", sel, v, err)
		}
	}
	for _, sel := range [][]catalog.SelectedOption{{{"colour", "red"}}, {{"size", "M"}, {"size", "L"}}} {
		_, err := catalog.VariantBySelectedOptions(opts, vs, sel)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput {
			t.Fatalf("%v: got %v, want BAD_USER_INPUT", sel, err)
		}
	}
}

func TestHumanize(t *testing.T) {
	for in, want := range map[string]string{"color": "Color", "navy_blue": "Navy Blue", "XL": "XL", "été": "Été", "": ""} {
		if got := catalog.Humanize(in); got != want {
			t.Errorf("Humanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportKeepsOptionLabels(t *testing.T) {
	line := `{"slug":"p-labels","name":"Labelled","description":"d","category":"A","seller":{"slug":"s1","name":"S1"},` +
		`"options":[{"name":"size","displayName":"Taille","values":[{"value":"S","displayName":"Small"}]},{"name":"color","displayName":"Colour","values":[{"value":"red","swatch":"#ff0000"}]}],` +
		`"variants":[{"sku":"L-1","title":"Navy Blue / M","options":{"color":"navy blue","size":"M"},"price":"1.00","currency":"EUR","stock":1},` +
		`{"sku":"L-2","title":"red / S","options":{"color":"red","size":"S"},"price":"1.00","currency":"EUR","stock":1}]}`
	plain := `{"slug":"p-plain","name":"Plain","description":"d","category":"A","seller":{"slug":"s1","name":"S1"},` +
		`"variants":[{"sku":"P-1","title":"XL / Sand","options":{"size":"xl","color":"sand"},"price":"1.00","currency":"EUR","stock":1}]}`
	bad := `{"slug":"p-bad","name":"Bad","description":"d","category":"A","seller":{"slug":"s1","name":"S1"},"options":[{"name":"color","values":[{"value":"red","swatch":"javascript:x"}]}],` +
		`"variants":[{"sku":"B-1","title":"t","options":{"color":"red"},"price":"1.00","currency":"EUR","stock":1}]}`
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		load := func() *catalog.ImportResult {
			res, err := catalog.Import(ctx, st, strings.NewReader(line+"\n"+plain+"\n"+bad))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 1 || res.Errors[0].Line != 3 || !strings.Contains(res.Errors[0].Err.Error(), "swatch") {
				t.Fatalf("errors: %v", res.Errors)
			}
			return res
		}
		load()
		opts := func(slug string) string {
			p := st.Client.Product.Query().Where(product.Slug(slug)).OnlyX(ctx)
			vs := st.Client.ProductVariant.Query().Where(productvariant.ProductID(p.ID)).Order(ent.Asc(productvariant.FieldPosition)).AllX(ctx)
			return describe(catalog.Options(p.OptionLabels, vs))
		}
		// Explicit labels first; "Navy Blue" as the title wrote it.
		if got, want := opts("p-labels"), "size(Taille): S(Small) M(M); color(Colour): red(Red)[#ff0000] navy blue(Navy Blue); "; got != want {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		// Without labels: the file's key order (size before color), not
		// alphabetical, and "XL" as the title spells it (not "Xl").
		if got, want := opts("p-plain"), "size(Size): xl(XL); color(Color): sand(Sand)[#d8c3a5]; "; got != want {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		// Loading again writes nothing.
		if res := load(); res.ProductsUpdated != 0 || res.VariantsUpdated != 0 {
			t.Fatalf("second load updated %d products, %d variants", res.ProductsUpdated, res.VariantsUpdated)
		}
	})
}
