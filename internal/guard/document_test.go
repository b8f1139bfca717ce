package guard_test

import (
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"strings"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/comptoir/comptoir/graph"
	"github.com/comptoir/comptoir/internal/guard"
	"github.com/comptoir/comptoir/internal/guard/guardtest"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
)

func apiSchema() *ast.Schema {
	schemaOnce.Do(func() { schema = graph.New(graph.Config{}).Schema() })
	return schema
}

func parse(t testing.TB, q string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: q}, 15000)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func gen(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

func TestCheckDocumentRefusesAttacks(t *testing.T) {
	for _, a := range guardtest.Attacks() {
		t.Run(a.Name, func(t *testing.T) {
			err := guard.CheckDocument(parse(t, a.Query), guard.DefaultDocumentLimits)
			if err == nil {
				t.Fatal("accepted")
			}
			if code, _ := err.Extensions["code"].(string); code != "COMPLEXITY_LIMIT_EXCEEDED" {
				t.Fatalf("code %q: %v", code, err)
			}
		})
	}
}

// TestCheckDocumentAtTheLimits: each limit refuses one more than it allows.
func TestCheckDocumentAtTheLimits(t *testing.T) {
	l := guard.DefaultDocumentLimits
	fields := func(n int) string { return gen(n, func(i int) string { return fmt.Sprintf(" f%d: __typename", i) }) }
	frag600 := " fragment F on Query {" + gen(6, func(j int) string {
		return fmt.Sprintf(" p%d: product(slug: \"x\") {%s }", j, gen(99, func(i int) string { return fmt.Sprintf(" i%d: id", i) }))
	}) + " }"
	for _, c := range []struct {
		name    string
		ok, bad string
	}{
		{"per set", "{" + fields(l.MaxSetSelections) + " }", "{" + fields(l.MaxSetSelections+1) + " }"},
		{"per set through inline fragments", "{ ... on Query {" + fields(l.MaxSetSelections) + " } }",
			"{ __typename ... on Query {" + fields(l.MaxSetSelections) + " } }"},
		{"per document", gen(l.MaxSelections/100, func(j int) string { return fmt.Sprintf(" query Q%d {%s }", j, fields(100)) }),
			gen(l.MaxSelections/100, func(j int) string { return fmt.Sprintf(" query Q%d {%s }", j, fields(100)) }) + " query Last { __typename }"},
		// F is walked from the operation, from itself and from each
		// fragment spreading it: 3 x 600 selections fit, 4 x 600 do not.
		{"fragments counted where spread", "{ ...F ...G } fragment G on Query { ...F }" + frag600,
			"{ ...F ...G ...H } fragment G on Query { ...F } fragment H on Query { ...F }" + frag600},
		{"nesting", "{" + strings.Repeat(" ... on Query {", l.MaxNesting-1) + " __typename" + strings.Repeat(" }", l.MaxNesting-1) + " }",
			"{" + strings.Repeat(" ... on Query {", l.MaxNesting) + " __typename" + strings.Repeat(" }", l.MaxNesting) + " }"},
		{"same response name", "{" + gen(l.MaxSameName, func(i int) string { return fmt.Sprintf(" a: product(slug: \"%d\") { id }", i) }) + " }",
			"{" + gen(l.MaxSameName+1, func(i int) string { return fmt.Sprintf(" a: product(slug: \"%d\") { id }", i) }) + " }"},
		{"same field merged", "{" + strings.Repeat(` a: product(slug: "x") { id }`, l.MaxSetSelections) + " }", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := guard.CheckDocument(parse(t, c.ok), l); err != nil {
				t.Fatalf("refused at the limit: %v", err)
			}
			if c.bad == "" {
				return
			}
			if err := guard.CheckDocument(parse(t, c.bad), l); err == nil {
				t.Fatal("accepted over the limit")
			}
		})
	}
}

// TestMergedCopyKeepsTheOverlapVerdict: the overlap rule says the same of a
// document and of its merged copy, and the original is left as it was.
func TestMergedCopyKeepsTheOverlapVerdict(t *testing.T) {
	s := apiSchema()
	only := func() *rules.Rules { return rules.NewRules(rules.OverlappingFieldsCanBeMergedRule) }
	for _, c := range []struct {
		q     string
		valid bool
	}{
		{`{ __typename __typename }`, true},
		{`{ product(slug: "x") { id id name id } }`, true},
		{`{ product(slug: "x") { id } product(slug: "x") { name } }`, true},
		{`{ product(slug: "x") { id } product(slug: "y") { name } }`, false},
		{`{ a: product(slug: "x") { id } a: product(slug: "x") { id: name } }`, false},
		{`{ a: product(slug: "x") { id } a: product(slug: "x") { b: id } }`, true},
		{`{ a: __typename a: __typename @include(if: true) }`, true},
		{`query($v: Boolean!) { p: product(slug: "x") @include(if: $v) { x: id } p: product(slug: "x") @skip(if: $v) { x: name } }`, false},
		{`{ ... { a: __typename } ... @include(if: true) { a: __typename } }`, true},
		{`{ ... { a: __typename } ... @include(if: true) { a: product(slug: "x") { id } } }`, false},
		{`{ ... on Query { p: product(slug: "x") { id } } ... on Query { p: product(slug: "x") { n: name } } }`, true},
		{`{ ... on Query { p: product(slug: "x") { id } } ... on Query { p: product(slug: "x") { id: name } } }`, false},
		{`{ ...F ...F ...G } fragment F on Query { a: __typename } fragment G on Query { a: product(slug: "x") { id } }`, false},
		{`{ ...F ...F } fragment F on Query { a: __typename b: __typename }`, true},
		{`{ node(id: "x") { ... on Product { n: name } ... on Category { n: name } } }`, true},
		{`{ node(id: "x") { ... on Product { n: name } ... on Category { n: slug } } }`, true},
		{`{ product(slug: "x") { a: id } product(slug: "x") { a: name } }`, false},
		{`{ product(slug: "x") { id } product(slug: "x") }`, true}, // not merged: ScalarLeafs refuses the second
	} {
		t.Run(c.q, func(t *testing.T) {
			doc := parse(t, c.q)
			raw := validator.ValidateWithRules(s, doc, only())
			if (len(raw) == 0) != c.valid {
				t.Fatalf("the test is wrong: gqlparser says %v", raw)
			}
			before := fmt.Sprint(len(doc.Operations[0].SelectionSet))
			merged, err := guard.MergedCopy(parse(t, c.q), 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := validator.ValidateWithRules(s, merged, only()); (len(got) == 0) != c.valid {
				t.Fatalf("merged copy: %v, original: %v", got, raw)
			}
			full := validator.ValidateWithRules(s, parse(t, c.q), guard.ValidationRules())
			def := validator.ValidateWithRules(s, parse(t, c.q), rules.NewDefaultRules())
			if (len(full) == 0) != (len(def) == 0) {
				t.Fatalf("ValidationRules: %v, default rules: %v", full, def)
			}
			if after := fmt.Sprint(len(doc.Operations[0].SelectionSet)); after != before {
				t.Fatal("the original changed")
			}
		})
	}
}

// TestAliasesOfTypenameCount: an alias of __typename is one more entry of
// the response like any other.
func TestAliasesOfTypenameCount(t *testing.T) {
	s := apiSchema()
	q := "{" + gen(101, func(i int) string { return fmt.Sprintf(" a%d: __typename", i) }) + " }"
	doc := parse(t, q)
	if errs := validator.ValidateWithRules(s, doc, guard.ValidationRules()); len(errs) > 0 {
		t.Fatal(errs)
	}
	err := guard.Extension{Limits: guard.Limits{MaxAliases: 100}}.MutateOperationContext(t.Context(), operationContext(doc))
	if err == nil || err.Extensions["code"] != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("101 aliases of __typename: %v", err)
	}
}

// TestFragmentBombIsBounded: fragments spreading the next one twice double
// the walk at each level; the guard stops at the complexity limit.
func TestFragmentBombIsBounded(t *testing.T) {
	s := apiSchema()
	q := "{ ...F0 }" + gen(16, func(i int) string {
		return fmt.Sprintf(" fragment F%d on Query { __typename ...F%d ... on Query { ...F%d } }", i, i+1, i+1)
	}) + " fragment F16 on Query { __typename }"
	doc := parse(t, q)
	if err := guard.CheckDocument(doc, guard.DefaultDocumentLimits); err != nil {
		t.Fatalf("refused before validation: %v", err)
	}
	if errs := validator.ValidateWithRules(s, doc, guard.ValidationRules()); len(errs) > 0 {
		t.Fatal(errs)
	}
	err := guard.Extension{Limits: guard.Limits{MaxComplexity: 25000}}.MutateOperationContext(t.Context(), operationContext(doc))
	if err == nil || err.Extensions["code"] != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("fragment bomb: %v", err)
	}
}

func operationContext(doc *ast.QueryDocument) *graphql.OperationContext {
	return &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
}
