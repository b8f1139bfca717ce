package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

// soldOrder writes an order of one line paid at paidAt (nil: unpaid).
func (w *world) soldOrder(t *testing.T, sellerID pulid.ID, p *ent.Product, v *ent.ProductVariant, qty int, unit int64, paidAt *time.Time) {
	ctx := context.Background()
	i := w.n.Add(1)
	total := unit * int64(qty)
	status := entorder.StatusPAID
	if paidAt == nil {
		status = entorder.StatusPENDING_PAYMENT
	}
	o := w.st.Client.Order.Create().SetNumber(800000 + i).SetEmail("b@example.com").SetCartID(pulid.ID(fmt.Sprintf("crt_d%d", i))).
		SetIdempotencyKey(fmt.Sprintf("dash-%d", i)).SetStatus(status).SetCurrency("EUR").SetSubtotal(total).SetTotal(total).
		SetNillablePaidAt(paidAt).SaveX(ctx)
	w.st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(sellerID).
		SetProductName(p.Name).SetSku(v.Sku).SetQuantity(qty).SetUnitPrice(unit).SetSubtotal(total).SetTotal(total).ExecX(ctx)
}

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

const dashboardQuery = `query($id: ID!, $from: DateTime!, $to: DateTime!, $iv: SalesInterval!) { managedSeller(id: $id) {
	salesReport(from: $from, to: $to, interval: $iv) { start orders units gross { amount } }
	topProducts(from: $from, to: $to, first: 5) { productName units gross { amount } product { id name } }
	orders(first: 20) { totalCount edges { node { id status } } }
	balance { pending { amount } } } }`

func TestSellerDashboard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		a, va := w.product(t)
		b, vb := w.product(t)
		w.soldOrder(t, w.seller.ID, a, va, 2, 1000, at("2026-01-05T10:00:00Z"))
		w.soldOrder(t, w.seller.ID, b, vb, 1, 500, at("2026-01-05T23:59:59Z"))
		w.soldOrder(t, w.seller.ID, a, va, 1, 1000, at("2026-01-07T00:00:00Z"))
		w.soldOrder(t, w.seller.ID, b, vb, 4, 500, at("2026-02-03T12:00:00+02:00"))
		w.soldOrder(t, w.seller.ID, a, va, 9, 1000, nil)                            // unpaid: not a sale
		w.soldOrder(t, w.other.ID, a, va, 7, 1000, at("2026-01-05T11:00:00Z"))      // another seller's line
		w.soldOrder(t, w.seller.ID, a, va, 5, 1000, at("2025-12-31T23:59:59.999Z")) // before the range

		report := func(from, to, iv string) (map[string]any, []string) {
			return gql(t, w, "owner", dashboardQuery, map[string]any{"id": w.seller.ID, "from": from, "to": to, "iv": iv})
		}
		periods := func(d map[string]any) string {
			var out []string
			ps, ok := get(d, "managedSeller.salesReport").([]any)
			if !ok {
				logs := w.c.Logs.String()
				t.Fatalf("no report: %v\n%s", d, logs[max(0, len(logs)-1500):])
			}
			for _, p := range ps {
				out = append(out, fmt.Sprintf("%s:%v/%v/%s", str(p, "start")[:10], get(p, "orders"), get(p, "units"), str(p, "gross.amount")))
			}
			return strings.Join(out, " ")
		}
		d, e := report("2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z", "DAY")
		if len(e) > 0 {
			t.Fatalf("report: %v %s", e, w.c.Logs.String())
		}
		if periods(d) != "2026-01-05:2/3/25.00 2026-01-06:0/0/0.00 2026-01-07:1/1/10.00" {
			t.Fatalf("days: %s %v", periods(d), e)
		}
		d, _ = report("2026-01-01T00:00:00Z", "2026-02-10T00:00:00Z", "WEEK")
		if periods(d) != "2025-12-29:0/0/0.00 2026-01-05:3/4/35.00 2026-01-12:0/0/0.00 2026-01-19:0/0/0.00 2026-01-26:0/0/0.00 2026-02-02:1/4/20.00 2026-02-09:0/0/0.00" {
			t.Fatalf("weeks: %s", periods(d))
		}
		d, _ = report("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "MONTH")
		if periods(d) != "2026-01-01:3/4/35.00 2026-02-01:1/4/20.00" {
			t.Fatalf("months: %s", periods(d))
		}
		var tops []string
		for _, p := range get(d, "managedSeller.topProducts").([]any) {
			tops = append(tops, fmt.Sprintf("%s:%v/%s/%s", str(p, "productName"), get(p, "units"), str(p, "gross.amount"), str(p, "product.name")))
		}
		if strings.Join(tops, " ") != fmt.Sprintf("%s:5/25.00/%s %s:3/30.00/%s", b.Name, b.Name, a.Name, a.Name) {
			t.Fatalf("top products: %v", tops)
		}
		// The seller's orders: its own, any status.
		if get(d, "managedSeller.orders.totalCount") != float64(6) {
			t.Fatalf("orders: %v", get(d, "managedSeller.orders"))
		}

		// Bounded: the same statements for 6 orders and for 46.
		count := func() int64 {
			return w.c.Statements(func() {
				if _, e := report("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "DAY"); len(e) > 0 {
					t.Fatal(e)
				}
			})
		}
		before := count()
		for i := range 40 {
			pr, v := a, va
			if i%2 == 0 {
				pr, v = b, vb
			}
			w.soldOrder(t, w.seller.ID, pr, v, 1+i%3, 700, at(fmt.Sprintf("2026-01-%02dT08:00:00Z", 1+i%28)))
		}
		if after := count(); after != before {
			t.Fatalf("dashboard statements grew from %d to %d with 40 more orders", before, after)
		}
		t.Logf("seller dashboard (sales per day over 2 months, top products, 20 orders, balance): %d SQL statements", before)
		if before > 12 {
			t.Fatalf("dashboard: %d statements", before)
		}

		// Bad ranges, and other people.
		for _, tc := range [][3]string{{"2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", "DAY"}, {"2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "DAY"}} {
			if _, e := report(tc[0], tc[1], tc[2]); len(e) == 0 || strings.Trim(strings.Join(e, ","), "BAD_USER_INPUT,") != "" {
				t.Fatalf("range %v: %v", tc, e)
			}
		}
		for actor, want := range map[string]string{"stranger": "FORBIDDEN", "customer": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"} {
			_, e := gql(t, w, actor, dashboardQuery, map[string]any{"id": w.seller.ID, "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z", "iv": "DAY"})
			if !strings.Contains(strings.Join(e, ","), want) {
				t.Fatalf("%s reads the dashboard: %v", actor, e)
			}
		}
		if d, e := gql(t, w, "admin", dashboardQuery, map[string]any{"id": w.seller.ID, "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z", "iv": "MONTH"}); len(e) > 0 || periods(d) == "" {
			t.Fatalf("admin reads the dashboard: %v", e)
		}
	})
}
