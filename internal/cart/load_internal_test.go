package cart

import (
	"strings"
	"testing"

	"entgo.io/ent/dialect"
)

// The cached statement has one placeholder per cart, on both dialects, and
// is the same text for the same count.
func TestLinesQuery(t *testing.T) {
	for _, tc := range []struct {
		dia  string
		n    int
		want string
	}{
		{dialect.Postgres, 1, `IN ($1)`},
		{dialect.Postgres, 1, `FROM "cart_lines" AS "l" CROSS JOIN LATERAL (SELECT "v"."id", `},
		{dialect.Postgres, 1, `WHERE "v"."id" = "l"."variant_id" OFFSET 0) AS "x" WHERE`},
		{dialect.Postgres, 3, `IN ($1, $2, $3)`},
		{dialect.Postgres, 3, `FROM "cart_lines" AS "l" JOIN "product_variants" AS "v" ON`},
		{dialect.SQLite, 2, `IN (?, ?)`},
	} {
		q := linesQuery(tc.dia, tc.n)
		if !strings.Contains(q, tc.want) || strings.Contains(q, "NULL") {
			t.Errorf("%s, %d carts: %s; want %s", tc.dia, tc.n, q, tc.want)
		}
		if again := linesQuery(tc.dia, tc.n); again != q {
			t.Errorf("%s, %d carts: a second statement differs", tc.dia, tc.n)
		}
	}
	if a := testing.AllocsPerRun(100, func() { linesQuery(dialect.Postgres, 2) }); a > 1 {
		t.Errorf("a kept statement costs %v allocations, want at most 1", a)
	}
}
