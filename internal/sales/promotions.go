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

// PromotionShare is what the orders a promotion or discount code took
// something off brought over a range.
type PromotionShare struct {
	Source string   // PROMOTION or DISCOUNT_CODE (orderdiscountallocation.Source)
	ID     pulid.ID // the promotion's or the code's (kept when deleted)
	// Title as at the checkout of the latest of those orders.
	Title  string
	Orders int
	// Gross is what buyers paid for the lines it took something off (for a
	// seller: its own lines); a discount on the shipping only adds none.
	Gross    int64
	Discount int64 // what it took off those lines and parcels
}

// ByPromotion sums, per promotion and per discount code, the allocations
// (order_discount_allocations) of orders paid in [from, to), of one
// seller's lines and parcels (every seller's when sellerID is nil): one
// statement. Largest gross first. Callers authorize (internal/analytics).
func (r *Reports) ByPromotion(ctx context.Context, sellerID *pulid.ID, from, to time.Time) ([]PromotionShare, error) {
	q := `SELECT a.order_id, a.source, COALESCE(a.promotion_id, a.discount_code_id, ''), a.title, a.amount, o.paid_at,
COALESCE(` + paidSQL + `, 0)
FROM order_discount_allocations a JOIN orders o ON o.id = a.order_id LEFT JOIN order_lines l ON l.id = a.order_line_id
WHERE ($1 = '' OR a.seller_id = $1) AND o.paid_at IS NOT NULL AND o.paid_at >= $2 AND o.paid_at < $3`
	lo, hi := from.UTC(), to.UTC()
	if r.St.Dialect == dialect.SQLite {
		// A loose bound in SQL, the exact one in Go (see sqliteLines).
		q, lo, hi = strings.ReplaceAll(q, "$", "?"), lo.Add(-24*time.Hour), hi.Add(24*time.Hour)
	}
	rows, err := r.St.Client.QueryContext(ctx, q, sellerArg(sellerID), lo, hi)
	if err != nil {
		return nil, fmt.Errorf("sales by promotion: %w", err)
	}
	defer rows.Close()
	type key struct{ source, id string }
	type acc struct {
		PromotionShare
		orders map[string]bool
		latest time.Time
	}
	byKey := map[key]*acc{}
	for rows.Next() {
		var orderID, source, id, title string
		var amount, gross int64
		var paidAt any
		if err := rows.Scan(&orderID, &source, &id, &title, &amount, &paidAt, &gross); err != nil {
			return nil, fmt.Errorf("sales by promotion: %w", err)
		}
		t, err := sqliteTime(paidAt)
		if err != nil {
			return nil, err
		}
		if t.Before(from) || !t.Before(to) {
			continue
		}
		k := key{source, id}
		a := byKey[k]
		if a == nil {
			a = &acc{PromotionShare: PromotionShare{Source: source, ID: pulid.ID(id)}, orders: map[string]bool{}}
			byKey[k] = a
		}
		if !a.orders[orderID] {
			a.orders[orderID] = true
			a.Orders++
		}
		// One allocation row per line it covers: each line's gross once.
		a.Gross += gross
		a.Discount += amount
		if a.Title == "" || t.After(a.latest) || (t.Equal(a.latest) && title < a.Title) {
			a.Title, a.latest = title, t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sales by promotion: %w", err)
	}
	out := make([]PromotionShare, 0, len(byKey))
	for _, a := range byKey {
		out = append(out, a.PromotionShare)
	}
	slices.SortFunc(out, func(a, b PromotionShare) int {
		if a.Gross != b.Gross {
			return cmp.Compare(b.Gross, a.Gross)
		}
		if a.Orders != b.Orders {
			return cmp.Compare(b.Orders, a.Orders)
		}
		return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(string(a.ID), string(b.ID)))
	})
	return out, nil
}
