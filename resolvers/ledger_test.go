package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/refund"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/testdb"
)

const balanceQuery = `query($id: ID!) { managedSeller(id: $id) { balance { pending { amount } available { amount } paidOut { amount } }
	ledger(first: 20) { totalCount edges { node { type gross { amount } commission { amount } pending { amount } available { amount } paidOut { amount } } } }
	payouts { totalCount edges { node { amount { amount } reference } } } } }`

// balanceMatchesEntries checks the seller's balance against the sums of its
// ledger entries.
func balanceMatchesEntries(t *testing.T, w *world, sellerID pulid.ID) *ent.Seller {
	t.Helper()
	ctx := context.Background()
	s := w.st.Client.Seller.GetX(ctx, sellerID)
	var p, a, o int64
	for _, e := range w.st.Client.SellerLedgerEntry.Query().Where(sellerledgerentry.SellerID(sellerID)).AllX(ctx) {
		p, a, o = p+e.Pending, a+e.Available, o+e.PaidOut
	}
	if s.BalancePending != p || s.BalanceAvailable != a || s.BalancePaidOut != o {
		t.Fatalf("balance %d/%d/%d, entries sum to %d/%d/%d", s.BalancePending, s.BalanceAvailable, s.BalancePaidOut, p, a, o)
	}
	return s
}

func TestSellerLedgerAndPayouts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		ctx := context.Background()
		w.st.Client.Seller.UpdateOne(w.seller).SetPayoutReference("FR76 0001").ExecX(ctx)
		variant := w.stocked(t, 10)
		orderID, lineID := paidOrder(t, w, "customer", variant, 2, s)
		entries := func(n int) {
			waitUntil(t, fmt.Sprintf("%d ledger entries", n), func() bool {
				return w.st.Client.SellerLedgerEntry.Query().CountX(ctx) == n
			})
		}
		entries(1)
		// 2 × 10.00 + 20% tax paid for the line; 10% commission.
		d, e := gql(t, w, "owner", balanceQuery, map[string]any{"id": w.seller.ID})
		if len(e) > 0 || str(d, "managedSeller.balance.pending.amount") != "21.60" || str(d, "managedSeller.ledger.edges.0.node.gross.amount") != "24.00" ||
			str(d, "managedSeller.ledger.edges.0.node.commission.amount") != "2.40" || str(d, "managedSeller.balance.available.amount") != "0.00" {
			t.Fatalf("after sale: %v %v", d, e)
		}
		// A refund of one unit debits half the line and reverses half the
		// commission, from pending.
		d, e = gql(t, w, "admin", `mutation($in: RefundCreateInput!) { refundCreate(input: $in) { refund { id } userErrors { code message } } }`,
			map[string]any{"in": map[string]any{"orderId": orderID, "idempotencyKey": "refund-one-unit", "lines": []any{map[string]any{"orderLineId": lineID, "quantity": 1}}}})
		mustOK(t, d, e, "refundCreate")
		entries(2)
		d, _ = gql(t, w, "owner", balanceQuery, map[string]any{"id": w.seller.ID})
		if str(d, "managedSeller.balance.pending.amount") != "10.80" || str(d, "managedSeller.ledger.edges.0.node.type") != "REFUND" ||
			str(d, "managedSeller.ledger.edges.0.node.commission.amount") != "-1.20" {
			t.Fatalf("after refund: %v", d)
		}
		// Nothing is available before delivery and the return window.
		pay := `mutation($k: String!) { payoutCreate(input: {sellerId: "` + string(w.seller.ID) + `", idempotencyKey: $k}) { payout { id amount { amount } reference } seller { balance { available { amount } paidOut { amount } } } userErrors { code } } }`
		if d, _ := gql(t, w, "admin", pay, map[string]any{"k": "payout-early"}); userCodes(d, "payoutCreate") != "NOTHING_TO_PAY" {
			t.Fatalf("early payout: %v", d)
		}
		l := w.c.Server.Ledger()
		deliver(t, w, orderID, lineID, 1)
		if n, err := l.Release(ctx, time.Now().Add(29*24*time.Hour), 100); err != nil || n != 0 {
			t.Fatalf("released within the return window: %d %v", n, err)
		}
		if n, err := l.Release(ctx, time.Now().Add(31*24*time.Hour), 100); err != nil || n != 1 {
			t.Fatalf("release: %d %v", n, err)
		}
		if n, _ := l.Release(ctx, time.Now().Add(31*24*time.Hour), 100); n != 0 {
			t.Fatal("released twice")
		}
		d, _ = gql(t, w, "owner", balanceQuery, map[string]any{"id": w.seller.ID})
		if str(d, "managedSeller.balance.pending.amount") != "0.00" || str(d, "managedSeller.balance.available.amount") != "10.80" {
			t.Fatalf("after release: %v", d)
		}
		d, e = gql(t, w, "admin", pay, map[string]any{"k": "payout-0001"})
		p := mustOK(t, d, e, "payoutCreate")
		if str(p, "payout.amount.amount") != "10.80" || str(p, "payout.reference") != "FR76 0001" ||
			str(p, "seller.balance.available.amount") != "0.00" || str(p, "seller.balance.paidOut.amount") != "10.80" {
			t.Fatalf("payout: %v", p)
		}
		// A retry returns the same payout; another key finds nothing to pay.
		d, _ = gql(t, w, "admin", pay, map[string]any{"k": "payout-0001"})
		if str(d, "payoutCreate.payout.id") != str(p, "payout.id") {
			t.Fatalf("retry: %v", d)
		}
		if d, _ := gql(t, w, "admin", pay, map[string]any{"k": "payout-0002"}); userCodes(d, "payoutCreate") != "NOTHING_TO_PAY" {
			t.Fatalf("second payout: %v", d)
		}
		d, _ = gql(t, w, "owner", balanceQuery, map[string]any{"id": w.seller.ID})
		if get(d, "managedSeller.ledger.totalCount") != float64(4) || get(d, "managedSeller.payouts.totalCount") != float64(1) {
			t.Fatalf("ledger: %v", d)
		}
		balanceMatchesEntries(t, w, w.seller.ID)
		// The ledger is append-only.
		if err := w.st.Client.SellerLedgerEntry.Update().Exec(ctx); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("ledger updated: %v", err)
		}
		if _, err := w.st.Client.SellerLedgerEntry.Delete().Exec(ctx); err == nil {
			t.Fatal("ledger entries deleted")
		}
		for _, actor := range []string{"stranger", "customer"} {
			if _, e := gql(t, w, actor, balanceQuery, map[string]any{"id": w.seller.ID}); strings.Join(e, ",") != "FORBIDDEN" {
				t.Fatalf("%s reads the ledger: %v", actor, e)
			}
		}
	})
}

// TestLedgerConcurrentWrites posts sales (each twice, as a redelivered
// event would), refunds, releases and payouts of one seller all at once;
// the balance still equals the sums of the entries, each cause is posted
// once and payouts never pay more than was available.
func TestLedgerConcurrentWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.st.Client
		p, v := w.product(t)
		const n = 30
		long := time.Now().Add(-40 * 24 * time.Hour)
		var events []*ent.OrderEvent
		for i := range n {
			o := c.Order.Create().SetNumber(int64(900000 + i)).SetEmail("b@example.com").SetCartID(pulid.ID(fmt.Sprintf("crt_%d", i))).
				SetIdempotencyKey(fmt.Sprintf("ledger-conc-%d", i)).SetStatus(entorder.StatusDELIVERED).SetCurrency("EUR").
				SetSubtotal(1000).SetTotal(1000).SetPaidAt(long).SaveX(ctx)
			ln := c.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
				SetProductName(p.Name).SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).SetFulfilledQuantity(1).SaveX(ctx)
			c.Fulfillment.Create().SetOrderID(o.ID).SetSellerID(w.seller.ID).SetStatus("DELIVERED").SetDeliveredAt(long).
				SetLines([]schema.LineQuantity{{OrderLineID: ln.ID, Quantity: 1}}).ExecX(ctx)
			events = append(events, c.OrderEvent.Create().SetOrderID(o.ID).SetType(orders.EventPaymentCaptured).SetPublishedAt(long).SaveX(ctx))
			if i%3 == 0 { // a refund of 4.00
				pay := c.Payment.Create().SetOrderID(o.ID).SetProvider("manual").SetAmount(1000).SetCapturedAmount(1000).SetCurrency("EUR").SetExpiresAt(long).SaveX(ctx)
				r := c.Refund.Create().SetOrderID(o.ID).SetPaymentID(pay.ID).SetAmount(400).SetStatus(refund.StatusSUCCEEDED).
					SetIdempotencyKey(fmt.Sprintf("r-%d", i)).SetRequestHash("x").SaveX(ctx)
				events = append(events, c.OrderEvent.Create().SetOrderID(o.ID).SetType(orders.EventRefunded).SetRef(string(r.ID)).SetPublishedAt(long).SaveX(ctx))
			}
		}
		l := w.c.Server.Ledger()
		var wg sync.WaitGroup
		errs := make(chan error, 4*len(events)+100)
		handle := func(ev *ent.OrderEvent) {
			defer wg.Done()
			errs <- w.st.WithTx(ctx, func(tx *ent.Tx) error { return l.Handle(ctx, tx.Client(), w.st.Dialect, []*ent.OrderEvent{ev}) })
		}
		// Sales first (a refund of an unsold line is skipped, as it would be
		// when a refund's event came before the sale's: it cannot).
		for _, ev := range events {
			if ev.Type == orders.EventPaymentCaptured {
				wg.Add(2)
				go handle(ev)
				go handle(ev)
			}
		}
		wg.Wait()
		var payouts sync.Map
		for i, ev := range events {
			if ev.Type == orders.EventRefunded {
				wg.Add(2)
				go handle(ev)
				go handle(ev)
			}
			if i%4 == 0 {
				wg.Add(2)
				go func() {
					defer wg.Done()
					_, err := l.Release(ctx, time.Now(), 5)
					errs <- err
				}()
				go func(i int) {
					defer wg.Done()
					d, e := gql(t, w, "admin", `mutation($k: String!, $s: ID!) { payoutCreate(input: {sellerId: $s, idempotencyKey: $k}) { payout { id amount { amount } } userErrors { code } } }`,
						map[string]any{"k": fmt.Sprintf("conc-payout-%03d", i), "s": w.seller.ID})
					if len(e) > 0 {
						errs <- fmt.Errorf("payout: %v", e)
						return
					}
					if id := str(d, "payoutCreate.payout.id"); id != "" {
						payouts.Store(id, true)
					}
					errs <- nil
				}(i)
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Release(ctx, time.Now(), 100); err != nil {
			t.Fatal(err)
		}
		s := balanceMatchesEntries(t, w, w.seller.ID)
		count := func(typ sellerledgerentry.Type) int {
			return c.SellerLedgerEntry.Query().Where(sellerledgerentry.TypeEQ(typ)).CountX(ctx)
		}
		if count(sellerledgerentry.TypeSALE) != n || count(sellerledgerentry.TypeREFUND) != 10 || count(sellerledgerentry.TypeRELEASE) != n {
			t.Fatalf("entries: %d sales, %d refunds, %d releases", count(sellerledgerentry.TypeSALE), count(sellerledgerentry.TypeREFUND), count(sellerledgerentry.TypeRELEASE))
		}
		// 30 sales of 10.00 less 10%, 10 refunds of 4.00 less 10%: 234.00
		// in all, now available or paid out, none pending.
		if s.BalancePending != 0 || s.BalanceAvailable+s.BalancePaidOut != 30*900-10*360 || s.BalanceAvailable < 0 {
			t.Fatalf("balance: %+v", s)
		}
		// A line waits for its own seller's parcel, whatever the other
		// sellers' deliveries.
		o := c.Order.Create().SetNumber(899999).SetEmail("b@example.com").SetCartID("crt_mixed").SetIdempotencyKey("ledger-mixed").
			SetStatus(entorder.StatusPROCESSING).SetCurrency("EUR").SetSubtotal(1000).SetTotal(1000).SetPaidAt(long).SaveX(ctx)
		ln := c.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
			SetProductName(p.Name).SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).SaveX(ctx)
		c.Fulfillment.Create().SetOrderID(o.ID).SetSellerID(w.other.ID).SetStatus("DELIVERED").SetDeliveredAt(long).ExecX(ctx)
		ev := c.OrderEvent.Create().SetOrderID(o.ID).SetType(orders.EventPaymentCaptured).SetPublishedAt(long).SaveX(ctx)
		if err := w.st.WithTx(ctx, func(tx *ent.Tx) error { return l.Handle(ctx, tx.Client(), w.st.Dialect, []*ent.OrderEvent{ev}) }); err != nil {
			t.Fatal(err)
		}
		if n, err := l.Release(ctx, time.Now(), 100); err != nil || n != 0 || c.OrderLine.GetX(ctx, ln.ID).LedgerReleasedAt != nil {
			t.Fatalf("released on another seller's delivery: %d %v", n, err)
		}
		balanceMatchesEntries(t, w, w.seller.ID)
		var paid int64
		for _, po := range c.Payout.Query().AllX(ctx) {
			paid += po.Amount
		}
		if paid != s.BalancePaidOut {
			t.Fatalf("payouts %d, paid out %d", paid, s.BalancePaidOut)
		}
	})
}

// TestLedgerReleasePostsPendingRefunds releases a line whose refund has
// succeeded but whose REFUNDED event the outbox has not posted yet, then
// pays out: the release posts the refund first (from pending), the payout
// pays only what the seller keeps, and the event's late posting adds
// nothing. Before, the refund came out of available after the payout had
// paid it: available went negative.
func TestLedgerReleasePostsPendingRefunds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.st.Client
		p, v := w.product(t)
		long := time.Now().Add(-40 * 24 * time.Hour)
		o := c.Order.Create().SetNumber(910000).SetEmail("b@example.com").SetCartID("crt_refund_release").
			SetIdempotencyKey("ledger-refund-release").SetStatus(entorder.StatusDELIVERED).SetCurrency("EUR").
			SetSubtotal(1000).SetTotal(1000).SetPaidAt(long).SaveX(ctx)
		ln := c.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
			SetProductName(p.Name).SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).SetFulfilledQuantity(1).SaveX(ctx)
		c.Fulfillment.Create().SetOrderID(o.ID).SetSellerID(w.seller.ID).SetStatus("DELIVERED").SetDeliveredAt(long).
			SetLines([]schema.LineQuantity{{OrderLineID: ln.ID, Quantity: 1}}).ExecX(ctx)
		sale := c.OrderEvent.Create().SetOrderID(o.ID).SetType(orders.EventPaymentCaptured).SetPublishedAt(long).SaveX(ctx)
		l := w.c.Server.Ledger()
		handle := func(ev *ent.OrderEvent) {
			t.Helper()
			if err := w.st.WithTx(ctx, func(tx *ent.Tx) error { return l.Handle(ctx, tx.Client(), w.st.Dialect, []*ent.OrderEvent{ev}) }); err != nil {
				t.Fatal(err)
			}
		}
		handle(sale)
		pay := c.Payment.Create().SetOrderID(o.ID).SetProvider("manual").SetAmount(1000).SetCapturedAmount(1000).SetCurrency("EUR").SetExpiresAt(long).SaveX(ctx)
		r := c.Refund.Create().SetOrderID(o.ID).SetPaymentID(pay.ID).SetAmount(400).SetStatus(refund.StatusSUCCEEDED).
			SetIdempotencyKey("r-release").SetRequestHash("x").SaveX(ctx)
		refunded := c.OrderEvent.Create().SetOrderID(o.ID).SetType(orders.EventRefunded).SetRef(string(r.ID)).SetPublishedAt(long).SaveX(ctx)

		if n, err := l.Release(ctx, time.Now(), 10); err != nil || n != 1 {
			t.Fatalf("release: %d %v", n, err)
		}
		refunds := func() int {
			return c.SellerLedgerEntry.Query().Where(sellerledgerentry.TypeEQ(sellerledgerentry.TypeREFUND)).CountX(ctx)
		}
		// 10.00 less 10% sold, 4.00 less 10% refunded: 5.40 released.
		if s := balanceMatchesEntries(t, w, w.seller.ID); refunds() != 1 || s.BalancePending != 0 || s.BalanceAvailable != 540 {
			t.Fatalf("after release: %d refunds, %+v", refunds(), s)
		}
		d, e := gql(t, w, "admin", `mutation($k: String!, $s: ID!) { payoutCreate(input: {sellerId: $s, idempotencyKey: $k}) { payout { amount { amount } } userErrors { code } } }`,
			map[string]any{"k": "payout-after-release", "s": w.seller.ID})
		if p := mustOK(t, d, e, "payoutCreate"); str(p, "payout.amount.amount") != "5.40" {
			t.Fatalf("payout: %v", p)
		}
		handle(refunded)
		if s := balanceMatchesEntries(t, w, w.seller.ID); refunds() != 1 || s.BalanceAvailable != 0 || s.BalancePaidOut != 540 {
			t.Fatalf("after the refund's event: %d refunds, %+v", refunds(), s)
		}
	})
}
