// Package guardtest holds the documents that cost an unguarded GraphQL
// validator seconds of CPU, for the tests, benchmarks and fuzz corpora of
// the packages that refuse them.
package guardtest

import (
	"fmt"
	"strings"
)

// Attack is one costly document.
type Attack struct{ Name, Query string }

// Attacks are documents within the parser's default token limit (15,000)
// and the default body size whose validation, unbounded, costs from a
// tenth of a second to tens of seconds of CPU, most of them growing with
// the square of their size. Each is refused by guard.CheckDocument with
// the default limits.
func Attacks() []Attack {
	rep := strings.Repeat
	return []Attack{
		// 154 KB: 11 s of CPU before the limits (issue 13).
		{"__typename x14000", "{" + rep(" __typename", 14000) + " }"},
		{"id x8000 in a product", `{ product(slug: "x") {` + rep(" id", 8000) + " } }"},
		// Aliases of __typename escaped the alias limit.
		{"aliased __typename", "{" + gen(4000, func(i int) string { return fmt.Sprintf(" a%d: __typename", i) }) + " }"},
		{"inline fragments", "{" + rep(" ... { __typename }", 3000) + " }"},
		{"typed inline fragments", "{" + rep(" ... on Query { __typename }", 2000) + " }"},
		{"nested inline fragments", `{ product(slug: "x") { id` + rep(" ... on Product { id", 900) + rep(" }", 900) + " } }"},
		{"fragment chain", "{ ...F0 }" + gen(1500, func(i int) string {
			return fmt.Sprintf(" fragment F%d on Query { __typename ...F%d }", i, i+1)
		}) + " fragment F1500 on Query { __typename }"},
		{"fragments spread together", "{" + gen(700, func(i int) string { return fmt.Sprintf(" ...F%d", i) }) + " }" +
			gen(700, func(i int) string { return fmt.Sprintf(" fragment F%d on Query { a: __typename }", i) })},
		{"operations spreading one fragment", gen(1000, func(i int) string { return fmt.Sprintf(" query Q%d { ...F }", i) }) +
			" fragment F on Query {" + rep(" __typename", 5000) + " }"},
		{"conflicting arguments", "{" + gen(5, func(j int) string {
			return fmt.Sprintf(" p%d: product(slug: \"x\") { id", j) +
				gen(100, func(i int) string { return fmt.Sprintf(" a: variants(first: %d) { totalCount }", i) }) + " }"
		}) + " }"},
		{"variables", "query(" + gen(1000, func(i int) string { return fmt.Sprintf(" $v%d: Boolean!", i) }) + ") {" +
			gen(1000, func(i int) string { return fmt.Sprintf(" __typename @include(if: $v%d)", i) }) + " }"},
		{"directives", "{ __typename" + rep(" @include(if: true)", 2000) + " }"},
		{"arguments", `{ product(` + rep(` slug: "x"`, 4000) + `) { id } }`},
		{"input object fields", `{ products(where: {` + rep(` search: "x"`, 4000) + `}) { totalCount } }`},
	}
}

func gen(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}
