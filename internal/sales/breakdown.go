package sales

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Share is what one seller brought over a range.
type Share struct {
	Key    string // the seller's id
	Orders int
	Gross  int64
}

// Breakdown is the sales of a range: per period, in total and per seller
// (per promotion: ByPromotion).
type Breakdown struct {
	Periods  []Period
	Total    Period
	BySeller []Share
}

// Breakdown sums the lines of orders paid in [from, to), of one seller
// (every seller's when sellerID is nil), in at most three statements
// whatever the number of orders. Callers authorize (internal/analytics).
func (r *Reports) Breakdown(ctx context.Context, sellerID *pulid.ID, from, to time.Time, iv Interval) (*Breakdown, error) {
	ps, err := r.periods(ctx, sellerID, from, to, iv)
	if err != nil {
		return nil, err
	}
	b := &Breakdown{Periods: ps}
	if r.St.Dialect == dialect.SQLite {
		lines, err := r.sqliteLines(ctx, sellerID, from, to)
		if err != nil {
			return nil, err
		}
		b.Total, b.BySeller = sum(lines)
	} else if err := r.pgShares(ctx, sellerID, from, to, b); err != nil {
		return nil, err
	}
	byShare := func(a, b Share) int {
		if a.Gross != b.Gross {
			return cmp.Compare(b.Gross, a.Gross)
		}
		return strings.Compare(a.Key, b.Key)
	}
	slices.SortFunc(b.BySeller, byShare)
	return b, nil
}

// sum totals lines, then per seller.
func sum(lines []line) (Period, []Share) {
	var total Period
	orders := map[string]bool{}
	type acc struct {
		Share
		orders map[string]bool
	}
	sellers := map[string]*acc{}
	add := func(m map[string]*acc, key string, l line) {
		a := m[key]
		if a == nil {
			a = &acc{Share: Share{Key: key}, orders: map[string]bool{}}
			m[key] = a
		}
		if !a.orders[l.orderID] {
			a.orders[l.orderID] = true
			a.Orders++
		}
		a.Gross += l.gross
	}
	for _, l := range lines {
		if !orders[l.orderID] {
			orders[l.orderID] = true
			total.Orders++
		}
		total.Units += l.qty
		total.Gross += l.gross
		add(sellers, l.sellerID, l)
	}
	out := func(m map[string]*acc) []Share {
		s := make([]Share, 0, len(m))
		for _, a := range m {
			s = append(s, a.Share)
		}
		return s
	}
	return total, out(sellers)
}

// pgShares fills the total and the shares in two aggregate statements.
func (r *Reports) pgShares(ctx context.Context, sellerID *pulid.ID, from, to time.Time, b *Breakdown) error {
	args := []any{sellerArg(sellerID), from.UTC(), to.UTC()}
	const where = ` FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE ` + sellerWhere + ` AND o.paid_at >= $2 AND o.paid_at < $3`
	rows, err := r.St.Client.QueryContext(ctx, `SELECT COUNT(DISTINCT l.order_id), COALESCE(SUM(l.quantity), 0), COALESCE(SUM(`+paidSQL+`), 0)`+where, args...)
	if err != nil {
		return fmt.Errorf("sales total: %w", err)
	}
	for rows.Next() {
		if err := rows.Scan(&b.Total.Orders, &b.Total.Units, &b.Total.Gross); err != nil {
			rows.Close()
			return fmt.Errorf("sales total: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sales total: %w", err)
	}
	b.BySeller, err = r.shares(ctx, `SELECT l.seller_id, COUNT(DISTINCT l.order_id), SUM(`+paidSQL+`)`+where+` GROUP BY l.seller_id`, args)
	return err
}

func (r *Reports) shares(ctx context.Context, q string, args []any) ([]Share, error) {
	rows, err := r.St.Client.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sales shares: %w", err)
	}
	defer rows.Close()
	out := []Share{}
	for rows.Next() {
		var s Share
		if err := rows.Scan(&s.Key, &s.Orders, &s.Gross); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ProductSales is what each product of ids sold: units and gross of paid
// orders in [from, to), one statement. Callers authorize.
func (r *Reports) ProductSales(ctx context.Context, ids []pulid.ID, from, to time.Time) (map[pulid.ID]Top, error) {
	out := map[pulid.ID]Top{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := make([]string, len(ids))
	args := []any{from.UTC(), to.UTC()}
	for i, id := range ids {
		ph[i] = fmt.Sprintf("$%d", i+3)
		args = append(args, string(id))
	}
	if r.St.Dialect == dialect.SQLite {
		// A loose bound in SQL, the exact one in Go (see sqliteLines).
		args[0], args[1] = from.UTC().Add(-24*time.Hour), to.UTC().Add(24*time.Hour)
		q := strings.ReplaceAll(`SELECT l.product_id, o.paid_at, l.quantity, `+paidSQL+`
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE o.paid_at IS NOT NULL AND o.paid_at >= $1 AND o.paid_at < $2 AND l.product_id IN (`+strings.Join(ph, ", ")+`)`, "$", "?")
		rows, err := r.St.Client.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("product sales: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var paidAt any
			var qty int
			var gross int64
			if err := rows.Scan(&id, &paidAt, &qty, &gross); err != nil {
				return nil, err
			}
			t, err := sqliteTime(paidAt)
			if err != nil {
				return nil, err
			}
			if t.Before(from) || !t.Before(to) {
				continue
			}
			p := out[pulid.ID(id)]
			p.ProductID, p.Units, p.Gross = pulid.ID(id), p.Units+qty, p.Gross+gross
			out[pulid.ID(id)] = p
		}
		return out, rows.Err()
	}
	rows, err := r.St.Client.QueryContext(ctx, `SELECT l.product_id, SUM(l.quantity), SUM(`+paidSQL+`)
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE o.paid_at >= $1 AND o.paid_at < $2 AND l.product_id IN (`+strings.Join(ph, ", ")+`) GROUP BY l.product_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("product sales: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Top
		var id string
		if err := rows.Scan(&id, &t.Units, &t.Gross); err != nil {
			return nil, err
		}
		t.ProductID = pulid.ID(id)
		out[t.ProductID] = t
	}
	return out, rows.Err()
}

// TopAll ranks the products of one seller (every seller's when sellerID is
// nil) by units of orders paid in [from, to), without loading them. Callers
// authorize.
func (r *Reports) TopAll(ctx context.Context, sellerID *pulid.ID, from, to time.Time, n int) ([]Top, error) {
	return r.top(ctx, sellerID, from, to, n)
}
