// Package sales reports a seller's sales to its members: totals per day,
// week or month, and its best-selling products. Each report is one
// aggregate SQL statement (plus one to load the products), whatever the
// range and the number of orders.
package sales

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
)

// Interval is the bucket of a report.
type Interval string

// Intervals (SalesInterval in the schema).
const (
	Day   Interval = "DAY"
	Week  Interval = "WEEK"
	Month Interval = "MONTH"
)

// MaxPeriods bounds a report.
const MaxPeriods = 366

// Reports reads sales.
type Reports struct{ St *store.Store }

// Period is one bucket of a report.
type Period struct {
	Start         time.Time
	Orders, Units int
	Gross         int64
}

// PeriodStart is the first instant of the period holding t (UTC; weeks
// start on Monday).
func PeriodStart(t time.Time, iv Interval) time.Time { return start(t, iv) }

// Periods lists the starts of the periods covering [from, to), each indexed
// by its date (YYYY-MM-DD): BAD_USER_INPUT when to is not after from or
// past MaxPeriods.
func Periods(from, to time.Time, iv Interval) ([]time.Time, map[string]int, error) {
	if err := checkRange(from, to); err != nil {
		return nil, nil, err
	}
	var out []time.Time
	index := map[string]int{}
	for t := start(from, iv); t.Before(to); t = next(t, iv) {
		if len(out) == MaxPeriods {
			return nil, nil, apperr.BadInput([]string{"from"}, "a report has at most %d periods: shorten the range or take a longer interval", MaxPeriods)
		}
		index[t.Format(time.DateOnly)] = len(out)
		out = append(out, t)
	}
	return out, index, nil
}

func start(t time.Time, iv Interval) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch iv {
	case Week:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

func next(t time.Time, iv Interval) time.Time {
	switch iv {
	case Week:
		return t.AddDate(0, 0, 7)
	case Month:
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}

// line is a sold line, for SQLite.
type line struct {
	orderID, productID, sellerID, name string
	paidAt                             time.Time
	qty                                int
	gross                              int64
}

// sellerWhere restricts lines to the seller in $1, unless $1 is empty
// (every seller's).
const sellerWhere = "($1 = '' OR l.seller_id = $1)"

func sellerArg(sellerID *pulid.ID) string {
	if sellerID == nil {
		return ""
	}
	return string(*sellerID)
}

// sqliteLines reads a seller's lines of orders paid in [from, to) (one
// statement): SQLite keeps times as text with their zone, so its date
// functions can't bucket them; Go does, after a loose bound in SQL.
func (r *Reports) sqliteLines(ctx context.Context, sellerID *pulid.ID, from, to time.Time) ([]line, error) {
	rows, err := r.St.Client.QueryContext(ctx, `SELECT l.order_id, l.product_id, l.seller_id, l.product_name, o.paid_at, l.quantity, `+paidSQL+`
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE (?1 = '' OR l.seller_id = ?1) AND o.paid_at IS NOT NULL AND o.paid_at >= ?2 AND o.paid_at < ?3`,
		sellerArg(sellerID), from.UTC().Add(-24*time.Hour), to.UTC().Add(24*time.Hour))
	if err != nil {
		return nil, fmt.Errorf("sales: %w", err)
	}
	defer rows.Close()
	var out []line
	for rows.Next() {
		var l line
		var paidAt any
		if err := rows.Scan(&l.orderID, &l.productID, &l.sellerID, &l.name, &paidAt, &l.qty, &l.gross); err != nil {
			return nil, err
		}
		if l.paidAt, err = sqliteTime(paidAt); err != nil {
			return nil, err
		}
		if !l.paidAt.Before(from) && l.paidAt.Before(to) {
			out = append(out, l)
		}
	}
	return out, rows.Err()
}

// sqliteTime reads a time as the SQLite driver stored it.
func sqliteTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case string:
		// Go's time.String(): date, clock, offset, then the zone's name and
		// maybe a monotonic reading, which are dropped.
		if f := strings.Fields(t); len(f) >= 3 {
			if p, err := time.Parse("2006-01-02 15:04:05.999999999 -0700", strings.Join(f[:3], " ")); err == nil {
				return p, nil
			}
		}
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
			if p, err := time.Parse(layout, t); err == nil {
				return p, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("sales: unreadable time %v", v)
}

// bucket is the PostgreSQL of a paid order's period start (UTC) as text
// YYYY-MM-DD.
func bucket(iv Interval) string {
	unit := map[Interval]string{Day: "day", Week: "week", Month: "month"}[iv]
	return fmt.Sprintf("to_char(date_trunc('%s', o.paid_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')", unit)
}

// paidSQL is what the buyer paid for a line.
const paidSQL = "CASE WHEN o.prices_include_tax THEN l.total ELSE l.total + l.tax END"

func checkRange(from, to time.Time) error {
	if !to.After(from) {
		return apperr.BadInput([]string{"to"}, "to must be after from")
	}
	return nil
}

// Report sums a seller's lines of orders paid in [from, to) per period,
// every period of the range included (zero when nothing sold). Who: the
// seller's members and admins.
func (r *Reports) Report(ctx context.Context, sellerID pulid.ID, from, to time.Time, iv Interval) ([]Period, error) {
	if _, err := policy.ManageSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	return r.periods(ctx, &sellerID, from, to, iv)
}

// periods sums the lines of one seller (every seller when sellerID is nil)
// per period; callers authorize.
func (r *Reports) periods(ctx context.Context, sellerID *pulid.ID, from, to time.Time, iv Interval) ([]Period, error) {
	starts, index, err := Periods(from, to, iv)
	if err != nil {
		return nil, err
	}
	out := make([]Period, len(starts))
	for i, t := range starts {
		out[i].Start = t
	}
	if r.St.Dialect == dialect.SQLite {
		rows, err := r.sqliteLines(ctx, sellerID, from, to)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, l := range rows {
			i, ok := index[start(l.paidAt, iv).Format(time.DateOnly)]
			if !ok {
				continue
			}
			if !seen[l.orderID] {
				seen[l.orderID] = true
				out[i].Orders++
			}
			out[i].Units += l.qty
			out[i].Gross += l.gross
		}
		return out, nil
	}
	q := `SELECT ` + bucket(iv) + ` AS b, COUNT(DISTINCT l.order_id), SUM(l.quantity), SUM(` + paidSQL + `)
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE ` + sellerWhere + ` AND o.paid_at >= $2 AND o.paid_at < $3
GROUP BY b`
	rows, err := r.St.Client.QueryContext(ctx, q, sellerArg(sellerID), from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("sales report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		var p Period
		if err := rows.Scan(&b, &p.Orders, &p.Units, &p.Gross); err != nil {
			return nil, err
		}
		if i, ok := index[b]; ok {
			out[i].Orders, out[i].Units, out[i].Gross = p.Orders, p.Units, p.Gross
		}
	}
	return out, rows.Err()
}

// Top is a product ranked by units sold.
type Top struct {
	ProductID   pulid.ID
	Product     *ent.Product // nil when deleted
	ProductName string
	Units       int
	Gross       int64
}

// TopProducts ranks a seller's products by units of orders paid in
// [from, to), then by what they brought. Who: the seller's members and
// admins.
func (r *Reports) TopProducts(ctx context.Context, sellerID pulid.ID, from, to time.Time, n int) ([]Top, error) {
	if _, err := policy.ManageSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	if err := checkRange(from, to); err != nil {
		return nil, err
	}
	if n < 1 || n > 100 {
		return nil, apperr.BadInput([]string{"first"}, "first must be from 1 to 100")
	}
	out, err := r.top(ctx, &sellerID, from, to, n)
	if err != nil {
		return nil, err
	}
	return r.withProducts(ctx, out)
}

// top ranks the products of one seller (every seller's when sellerID is
// nil) by units; callers authorize and load the products.
func (r *Reports) top(ctx context.Context, sellerID *pulid.ID, from, to time.Time, n int) ([]Top, error) {
	var out []Top
	if r.St.Dialect == dialect.SQLite {
		rows, err := r.sqliteLines(ctx, sellerID, from, to)
		if err != nil {
			return nil, err
		}
		byID := map[string]int{}
		for _, l := range rows {
			i, ok := byID[l.productID]
			if !ok {
				i = len(out)
				byID[l.productID] = i
				out = append(out, Top{ProductID: pulid.ID(l.productID), ProductName: l.name})
			}
			out[i].Units += l.qty
			out[i].Gross += l.gross
		}
		slices.SortFunc(out, func(a, b Top) int {
			if a.Units != b.Units {
				return b.Units - a.Units
			}
			if a.Gross != b.Gross {
				return cmp.Compare(b.Gross, a.Gross)
			}
			return strings.Compare(string(a.ProductID), string(b.ProductID))
		})
		return out[:min(n, len(out))], nil
	}
	q := `SELECT l.product_id, MAX(l.product_name), SUM(l.quantity) AS units, SUM(` + paidSQL + `) AS gross
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE ` + sellerWhere + ` AND o.paid_at >= $2 AND o.paid_at < $3
GROUP BY l.product_id ORDER BY units DESC, gross DESC, l.product_id LIMIT $4`
	rows, err := r.St.Client.QueryContext(ctx, q, sellerArg(sellerID), from.UTC(), to.UTC(), n)
	if err != nil {
		return nil, fmt.Errorf("top products: %w", err)
	}
	for rows.Next() {
		var t Top
		var id string
		if err := rows.Scan(&id, &t.ProductName, &t.Units, &t.Gross); err != nil {
			rows.Close()
			return nil, err
		}
		t.ProductID = pulid.ID(id)
		out = append(out, t)
	}
	rows.Close()
	return out, rows.Err()
}

// withProducts loads the ranked products the viewer may read (policy.Reader:
// the seller's members and admins read every status) in one statement.
func (r *Reports) withProducts(ctx context.Context, out []Top) ([]Top, error) {
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]pulid.ID, len(out))
	for i, t := range out {
		ids[i] = t.ProductID
	}
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := r.St.Client.Product.Query().Where(product.IDIn(ids...), view.Products()).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[pulid.ID]*ent.Product{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	for i := range out {
		out[i].Product = byID[out[i].ProductID]
	}
	return out, nil
}
