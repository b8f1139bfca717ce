package resolvers_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestCreatedAtPaginationHasNoRepeatsOrGaps pages through products sorted by
// CREATED_AT in both directions, forward (first/after) and backward
// (last/before), over rows that share a timestamp or a second and were
// written in several time zones. The pages must concatenate to exactly the
// full list ordered by (created_at, id). On SQLite this failed while the
// driver stored times as t.String() (with the monotonic reading and the
// zone): the cursor's row never matched `created_at = ?`, so `before`
// returned the cursor's own row and `after` repeated one.
func TestCreatedAtPaginationHasNoRepeatsOrGaps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.Seeded(t, st)
		ctx := context.Background()
		ids := st.Client.Product.Query().IDsX(ctx)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		// Three rows per timestamp, two timestamps per second, and the
		// same instants written in three zones (one across a DST change).
		base := time.Date(2026, 3, 29, 0, 59, 58, 0, time.UTC)
		zones := []*time.Location{time.UTC, time.FixedZone("CEST", 2*3600), time.FixedZone("NST", -(3*3600 + 30*60))}
		at := map[string]time.Time{}
		update := "UPDATE products SET created_at = ? WHERE id = ?"
		if st.Dialect == dialect.Postgres {
			update = "UPDATE products SET created_at = $1 WHERE id = $2"
		}
		for i, id := range ids {
			ts := base.Add(time.Duration(i/6)*time.Second + time.Duration((i%6)/3)*123456*time.Microsecond)
			at[string(id)] = ts
			if _, err := st.DB.ExecContext(ctx, update, ts.In(zones[i%len(zones)]), id); err != nil {
				t.Fatal(err)
			}
		}
		visible := all(t, c, nil)
		if len(visible) < 12 {
			t.Fatalf("only %d visible products", len(visible))
		}
		for _, dir := range []string{"ASC", "DESC"} {
			want := make([]string, 0, len(visible))
			for _, n := range visible {
				want = append(want, n.ID)
			}
			sort.Slice(want, func(i, j int) bool {
				a, b := at[want[i]], at[want[j]]
				if !a.Equal(b) {
					return a.Before(b) == (dir == "ASC")
				}
				return (want[i] < want[j]) == (dir == "ASC")
			})
			orderBy := map[string]any{"field": "CREATED_AT", "direction": dir}
			// Forward, 7 at a time, so page boundaries fall inside ties.
			var forward []string
			v := map[string]any{"first": 7, "orderBy": orderBy}
			for i := 0; ; i++ {
				if i > len(want) {
					t.Fatalf("%s forward: pagination does not end", dir)
				}
				page := list(t, c, v)
				for _, e := range page.Edges {
					forward = append(forward, e.Node.ID)
				}
				if !page.PageInfo.HasNextPage {
					break
				}
				v["after"] = *page.PageInfo.EndCursor
			}
			assertSameOrder(t, dir+" first/after", forward, want)
			// Backward, 5 at a time, from the end.
			var backward []string
			v = map[string]any{"last": 5, "orderBy": orderBy}
			for i := 0; ; i++ {
				if i > len(want) {
					t.Fatalf("%s backward: pagination does not end", dir)
				}
				page := list(t, c, v)
				chunk := make([]string, 0, len(page.Edges))
				for _, e := range page.Edges {
					chunk = append(chunk, e.Node.ID)
				}
				backward = append(chunk, backward...)
				if !page.PageInfo.HasPreviousPage {
					break
				}
				v["before"] = *page.PageInfo.StartCursor
			}
			assertSameOrder(t, dir+" last/before", backward, want)
		}
	})
}

func assertSameOrder(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]bool{}
	for i, id := range got {
		if seen[id] {
			t.Fatalf("%s: %s listed twice (position %d)", what, id, i)
		}
		seen[id] = true
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: position %d is %s, want %s", what, i, got[i], want[i])
		}
	}
}
