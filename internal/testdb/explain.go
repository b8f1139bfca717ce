package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"github.com/comptoir/comptoir/internal/store"
)

// Statement is one SQL statement as the code sent it, with its arguments.
type Statement struct {
	Query string
	Args  []any
}

// Capture runs f and returns the statements it sent that read one of
// tables (every statement when none is given): the SQL ent really emits,
// so that a plan test follows the code.
func Capture(st *store.Store, f func(), tables ...string) []Statement {
	var mu sync.Mutex
	var out []Statement
	stop := st.Counter.Watch(func(q string, args []any) {
		mu.Lock()
		defer mu.Unlock()
		if !strings.HasPrefix(strings.TrimSpace(strings.ToUpper(q)), "SELECT") {
			return
		}
		for _, t := range tables {
			if mentions(q, t) {
				out = append(out, Statement{q, args})
				return
			}
		}
		if len(tables) == 0 {
			out = append(out, Statement{q, args})
		}
	})
	defer stop()
	f()
	mu.Lock()
	defer mu.Unlock()
	return out
}

func mentions(q, table string) bool {
	return strings.Contains(q, `"`+table+`"`) || strings.Contains(q, "`"+table+"`") || regexp.MustCompile(`\b`+table+`\b`).MatchString(q)
}

// Plan rules: what RefusedPlan refuses.
type Plan struct {
	// Tables that grow with the shop: reading one whole is refused.
	Tables []string
	// MaxSortRows (PostgreSQL): a Sort of more estimated rows is refused,
	// for tables large enough for estimates to mean something (the
	// reference catalog). 0: a Sort over a whole-table read is refused.
	MaxSortRows float64
	// Narrow (SQLite) matches a plan line that reads part of a table only
	// (a SEARCH on a column other than the listing's own filter-less
	// status): sorting what it returns is sorting a part. Nil: any SEARCH
	// using an equality or range constraint.
	Narrow *regexp.Regexp
}

var sqliteSearch = regexp.MustCompile(`^SEARCH \w+( AS \w+)? USING .*\(\w+[=<>]`)

// RefusedPlan EXPLAINs s (EXPLAIN QUERY PLAN on SQLite; EXPLAIN (FORMAT
// JSON) on PostgreSQL with sequential scans priced out, so that a small
// test table shows the plan an index makes possible and a Seq Scan left is
// one that no index serves) and returns why the plan is refused: a full
// scan of one of p.Tables, or a temporary sort of one whole (a sort over
// an unconstrained read). "" when the plan is fine; plan is its text.
func RefusedPlan(ctx context.Context, st *store.Store, s Statement, p Plan) (refused, plan string, err error) {
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return "", "", err
	}
	defer conn.Close()
	if st.Dialect == dialect.SQLite {
		rows, err := conn.QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.Query, s.Args...)
		if err != nil {
			return "", "", fmt.Errorf("explain: %w\n%s", err, s.Query)
		}
		defer rows.Close()
		full := regexp.MustCompile(`^SCAN (` + strings.Join(p.Tables, "|") + `)( AS \w+)?$`)
		narrow := p.Narrow
		if narrow == nil {
			narrow = sqliteSearch
		}
		var lines []string
		fullScan, tempSort, narrowed := "", false, false
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return "", "", err
			}
			lines = append(lines, detail)
			if full.MatchString(detail) && fullScan == "" {
				fullScan = detail
			}
			tempSort = tempSort || strings.HasPrefix(detail, "USE TEMP B-TREE FOR ORDER BY") || strings.HasPrefix(detail, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY")
			narrowed = narrowed || narrow.MatchString(detail)
		}
		if err := rows.Err(); err != nil {
			return "", "", err
		}
		plan = strings.Join(lines, "\n\t")
		switch {
		case fullScan != "":
			return "full scan (" + fullScan + ")", plan, nil
		case tempSort && !narrowed:
			return "temporary sort of a whole table", plan, nil
		}
		return "", plan, nil
	}
	if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
		return "", "", err
	}
	defer conn.ExecContext(context.Background(), "RESET enable_seqscan") //nolint:errcheck // the connection goes back to the pool
	// Sequential scans priced out inflate costs past jit_above_cost:
	// JIT says nothing here.
	return explainPG(ctx, conn, s, "EXPLAIN (FORMAT JSON) "+s.Query, s.Args, p, false)
}

// explainPG runs explain (an EXPLAIN (FORMAT JSON) of s) and judges its
// plan by p, and by whether PostgreSQL would JIT-compile it when jit.
func explainPG(ctx context.Context, conn *sql.Conn, s Statement, explain string, args []any, p Plan, jit bool) (refused, plan string, err error) {
	var raw []byte
	if err := conn.QueryRowContext(ctx, explain, args...).Scan(&raw); err != nil {
		return "", "", fmt.Errorf("explain: %w\n%s", err, s.Query)
	}
	var plans []struct {
		Plan pgNode
		JIT  *struct{ Functions int }
	}
	if err := json.Unmarshal(raw, &plans); err != nil {
		return "", "", err
	}
	if jit && plans[0].JIT != nil {
		// Our statements take milliseconds: a plan priced past
		// jit_above_cost is a misestimate, and compiling it costs a
		// hundred times the work.
		return fmt.Sprintf("JIT compilation of %d functions", plans[0].JIT.Functions), string(raw), nil
	}
	return plans[0].Plan.refused(p), string(raw), nil
}

// RefusedGenericPlan is RefusedPlan for the plan PostgreSQL keeps for s
// as a prepared statement (the store prepares its reads and keeps them),
// at the planner's own costs: the generic plan, forced, which rests on the
// tables' statistics as they stand (none for a table never analyzed) and
// not on s's arguments. A plan PostgreSQL would JIT-compile is refused too.
// PostgreSQL only.
func RefusedGenericPlan(ctx context.Context, st *store.Store, s Statement, p Plan) (refused, plan string, err error) {
	exec, err := Execute("testdb_generic", s.Args)
	if err != nil {
		return "", "", err
	}
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return "", "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET plan_cache_mode = force_generic_plan"); err != nil {
		return "", "", err
	}
	defer conn.ExecContext(context.Background(), "RESET plan_cache_mode") //nolint:errcheck // the connection goes back to the pool
	if _, err := conn.ExecContext(ctx, "PREPARE testdb_generic AS "+s.Query); err != nil {
		return "", "", fmt.Errorf("prepare: %w\n%s", err, s.Query)
	}
	defer conn.ExecContext(context.Background(), "DEALLOCATE testdb_generic") //nolint:errcheck // as above
	return explainPG(ctx, conn, s, "EXPLAIN (FORMAT JSON) "+exec, nil, p, true)
}

// Execute is EXECUTE name(args) with the arguments written as literals
// PostgreSQL reads back: NULL, times in RFC 3339, bytes as their text (the
// JSON ent sends), anything else as fmt prints it.
func Execute(name string, args []any) (string, error) {
	if len(args) == 0 {
		return "EXECUTE " + name, nil
	}
	lits := make([]string, len(args))
	for i, a := range args {
		if v, ok := a.(driver.Valuer); ok {
			var err error
			if a, err = v.Value(); err != nil {
				return "", err
			}
		}
		switch a := a.(type) {
		case nil:
			lits[i] = "NULL"
		case time.Time:
			lits[i] = pq.QuoteLiteral(a.Format(time.RFC3339Nano))
		case []byte:
			lits[i] = pq.QuoteLiteral(string(a))
		default:
			lits[i] = pq.QuoteLiteral(fmt.Sprint(a))
		}
	}
	return "EXECUTE " + name + "(" + strings.Join(lits, ", ") + ")", nil
}

// pgNode is a node of EXPLAIN (FORMAT JSON).
type pgNode struct {
	NodeType  string   `json:"Node Type"`
	Relation  string   `json:"Relation Name"`
	Rows      float64  `json:"Plan Rows"`
	IndexCond string   `json:"Index Cond"`
	Plans     []pgNode `json:"Plans"`
}

// whole reports whether n reads one of the tables whole: a Seq Scan, or an
// index scan without an index condition.
func (n pgNode) whole(p Plan) bool {
	if slices.Contains(p.Tables, n.Relation) {
		switch n.NodeType {
		case "Seq Scan":
			return true
		case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
			if n.IndexCond == "" {
				return true
			}
		}
	}
	for _, c := range n.Plans {
		if c.whole(p) {
			return true
		}
	}
	return false
}

// refused names what the plan must not do, or is empty: a table read
// whole first (the cause, where a Sort above it is the symptom), then a
// sort.
func (n pgNode) refused(p Plan) string {
	if r := n.seqScan(p); r != "" {
		return r
	}
	return n.sort(p)
}

func (n pgNode) seqScan(p Plan) string {
	if n.NodeType == "Seq Scan" && slices.Contains(p.Tables, n.Relation) {
		return "Seq Scan on " + n.Relation
	}
	for _, c := range n.Plans {
		if r := c.seqScan(p); r != "" {
			return r
		}
	}
	return ""
}

func (n pgNode) sort(p Plan) string {
	switch {
	case n.NodeType == "Sort" && p.MaxSortRows > 0 && n.Rows > p.MaxSortRows:
		return fmt.Sprintf("Sort of %.0f rows", n.Rows)
	case (n.NodeType == "Sort" || n.NodeType == "Incremental Sort") && p.MaxSortRows == 0 && n.whole(p):
		return "Sort of a whole table"
	}
	for _, c := range n.Plans {
		if r := c.sort(p); r != "" {
			return r
		}
	}
	return ""
}
