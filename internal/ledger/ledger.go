// Package ledger keeps sellers' money: an append-only ledger of entries and,
// on each seller, a balance kept equal to the sums of its entries (each
// entry's amounts are added to it in the entry's transaction, under a lock
// of the seller row on PostgreSQL).
//
// A paid line credits its seller's pending bucket with what the buyer paid
// less the marketplace's commission; a refund debits it back (from
// available once released); once the line is delivered and the return
// window has passed its credit is released to available; payoutCreate pays
// the available balance out.
//
// Sales and refunds are posted by the outbox dispatcher from the order
// timeline (PAYMENT_CAPTURED, MARKED_PAID, REFUNDED), in the transaction
// that marks the events published; each entry's key makes a redelivered
// event post nothing twice. A release posts first the succeeded refunds of
// its lines that the dispatcher has not posted yet, so that no credit is
// made available (and paid out) that a refund already took back.
package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/payout"
	"github.com/comptoir/comptoir/ent/refund"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/sellers"
	"github.com/comptoir/comptoir/internal/store"
)

// Payout error codes (SellerErrorCode in the schema).
const (
	CodeInvalid           = "INVALID"
	CodeNotFound          = "NOT_FOUND"
	CodeNothingToPay      = "NOTHING_TO_PAY"
	CodeIdempotencyReused = "IDEMPOTENCY_KEY_REUSED"
)

// Ledger posts and reads sellers' entries.
type Ledger struct {
	St                   *store.Store
	DefaultCommissionPPM int
	ReturnWindow         time.Duration
	Currency             money.Currency
}

// Entry is an entry to post.
type Entry struct {
	Type                        sellerledgerentry.Type
	Key                         string
	OrderID, LineID, PayoutID   *pulid.ID
	Gross, Commission           int64
	CommissionPPM               int
	Pending, Available, PaidOut int64
	Currency                    string
}

// lockSeller serializes a seller's postings on PostgreSQL. SQLite has no
// row lock: there every transaction begins IMMEDIATE (store.ParseURL's
// _txlock), so it holds the database's write lock from its first statement
// and reads what the writers before it committed.
func lockSeller(ctx context.Context, tx *ent.Client, dia string, id pulid.ID) (*ent.Seller, error) {
	q := tx.Seller.Query().Where(seller.ID(id))
	if dia == dialect.Postgres {
		q = q.ForUpdate()
	}
	return q.Only(ctx)
}

// post appends the entries of one seller whose keys are new and adds them
// to its balance. The caller holds the seller's lock.
func post(ctx context.Context, tx *ent.Client, sellerID pulid.ID, es []Entry) error {
	if len(es) == 0 {
		return nil
	}
	keys := make([]string, len(es))
	for i, e := range es {
		keys[i] = e.Key
	}
	seen, err := tx.SellerLedgerEntry.Query().Where(sellerledgerentry.KeyIn(keys...)).Select(sellerledgerentry.FieldKey).Strings(ctx)
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, k := range seen {
		done[k] = true
	}
	var creates []*ent.SellerLedgerEntryCreate
	var p, a, o int64
	for _, e := range es {
		if done[e.Key] {
			continue
		}
		done[e.Key] = true
		creates = append(creates, tx.SellerLedgerEntry.Create().SetSellerID(sellerID).SetType(e.Type).SetKey(e.Key).
			SetNillableOrderID(e.OrderID).SetNillableOrderLineID(e.LineID).SetNillablePayoutID(e.PayoutID).
			SetGross(e.Gross).SetCommission(e.Commission).SetCommissionPpm(e.CommissionPPM).
			SetPending(e.Pending).SetAvailable(e.Available).SetPaidOut(e.PaidOut).SetCurrency(e.Currency))
		p, a, o = p+e.Pending, a+e.Available, o+e.PaidOut
	}
	if len(creates) == 0 {
		return nil
	}
	if err := tx.SellerLedgerEntry.CreateBulk(creates...).Exec(ctx); err != nil {
		return err
	}
	return tx.Seller.Update().Where(seller.ID(sellerID)).
		AddBalancePending(p).AddBalanceAvailable(a).AddBalancePaidOut(o).Exec(ctx)
}

// paid is what the buyer paid for a line (its total, with tax when prices
// exclude it).
func paid(o *ent.Order, l *ent.OrderLine) int64 {
	if o.PricesIncludeTax {
		return l.Total
	}
	return l.Total + l.Tax
}

// Handle posts the sales and refunds of a batch of timeline events, in the
// dispatcher's transaction.
func (l *Ledger) Handle(ctx context.Context, tx *ent.Client, dia string, evs []*ent.OrderEvent) error {
	var paidOrders, refunds []pulid.ID
	for _, e := range evs {
		switch e.Type {
		case orders.EventPaymentCaptured, orders.EventMarkedPaid:
			paidOrders = append(paidOrders, e.OrderID)
		case orders.EventRefunded:
			if e.Ref != "" {
				refunds = append(refunds, pulid.ID(e.Ref))
			}
		}
	}
	if len(paidOrders) > 0 {
		if err := l.sales(ctx, tx, dia, paidOrders); err != nil {
			return fmt.Errorf("post sales: %w", err)
		}
	}
	if len(refunds) > 0 {
		if err := l.refunds(ctx, tx, dia, refunds, nil); err != nil {
			return fmt.Errorf("post refunds: %w", err)
		}
	}
	return nil
}

// bySeller posts each seller's entries under its lock, sellers in ID order
// (no deadlock between two dispatchers).
func bySeller(ctx context.Context, tx *ent.Client, dia string, es map[pulid.ID][]Entry) error {
	ids := make([]pulid.ID, 0, len(es))
	for id := range es {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if _, err := lockSeller(ctx, tx, dia, id); err != nil {
			return err
		}
		if err := post(ctx, tx, id, es[id]); err != nil {
			return err
		}
	}
	return nil
}

func (l *Ledger) sales(ctx context.Context, tx *ent.Client, dia string, orderIDs []pulid.ID) error {
	os, err := tx.Order.Query().Where(entorder.IDIn(orderIDs...), entorder.PaidAtNotNil()).All(ctx)
	if err != nil || len(os) == 0 {
		return err
	}
	byID := map[pulid.ID]*ent.Order{}
	ids := make([]pulid.ID, len(os))
	for i, o := range os {
		byID[o.ID], ids[i] = o, o.ID
	}
	lines, err := tx.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	var sellerIDs []pulid.ID
	for _, ln := range lines {
		sellerIDs = append(sellerIDs, ln.SellerID)
	}
	ss, err := tx.Seller.Query().Where(seller.IDIn(sellerIDs...)).Select(seller.FieldID, seller.FieldCommissionPpm).All(ctx)
	if err != nil {
		return err
	}
	rates := map[pulid.ID]int{}
	for _, s := range ss {
		rates[s.ID] = sellers.Commission(s, l.DefaultCommissionPPM)
	}
	es := map[pulid.ID][]Entry{}
	for _, ln := range lines {
		o := byID[ln.OrderID]
		gross := paid(o, ln)
		ppm := rates[ln.SellerID]
		c, err := money.PartsPerMillion(gross, ppm)
		if err != nil {
			return fmt.Errorf("commission of line %s: %w", ln.ID, err)
		}
		es[ln.SellerID] = append(es[ln.SellerID], Entry{Type: sellerledgerentry.TypeSALE, Key: "sale:" + string(ln.ID),
			OrderID: &o.ID, LineID: &ln.ID, Gross: gross, Commission: c, CommissionPPM: ppm, Pending: gross - c, Currency: o.Currency})
	}
	return bySeller(ctx, tx, dia, es)
}

// lineState is what is left of a line's credit, from its entries so far.
type lineState struct {
	gross, commission int64
	ppm               int
	released, sold    bool
}

// refunds debits sellers for succeeded refunds. A refund of lines debits
// those lines' share; a refund of an amount is spread over the order's
// lines in proportion to what each paid (the rest, shipping's share, stays
// with the marketplace). Each debit is at most what is left of the line's
// credit and reverses its commission in proportion. With only set, it
// posts (and locks) that seller's lines alone; shares are still computed
// over all the order's lines, so that each entry is the one a full posting
// would make.
func (l *Ledger) refunds(ctx context.Context, tx *ent.Client, dia string, ids []pulid.ID, only *pulid.ID) error {
	rs, err := tx.Refund.Query().Where(refund.IDIn(ids...), refund.StatusEQ(refund.StatusSUCCEEDED)).All(ctx)
	if err != nil || len(rs) == 0 {
		return err
	}
	var orderIDs []pulid.ID
	for _, r := range rs {
		orderIDs = append(orderIDs, r.OrderID)
	}
	byID, err := orders.ByID(ctx, tx, orderIDs)
	if err != nil {
		return err
	}
	lines, err := tx.OrderLine.Query().Where(orderline.OrderIDIn(orderIDs...)).Order(ent.Asc(orderline.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	lineIDs := make([]pulid.ID, len(lines))
	sellers := map[pulid.ID][]Entry{}
	for i, ln := range lines {
		lineIDs[i] = ln.ID
		if only == nil || ln.SellerID == *only {
			sellers[ln.SellerID] = nil
		}
	}
	// Lock the sellers before reading what their lines hold: a release
	// committed meanwhile would otherwise be missed and the debit taken
	// from pending.
	if err := bySeller(ctx, tx, dia, sellers); err != nil {
		return err
	}
	prior, err := tx.SellerLedgerEntry.Query().Where(sellerledgerentry.OrderLineIDIn(lineIDs...)).All(ctx)
	if err != nil {
		return err
	}
	st := map[pulid.ID]*lineState{}
	posted := map[string]bool{}
	for _, e := range prior {
		posted[e.Key] = true
		s := st[*e.OrderLineID]
		if s == nil {
			s = &lineState{}
			st[*e.OrderLineID] = s
		}
		switch e.Type {
		case sellerledgerentry.TypeSALE:
			s.gross += e.Gross
			s.commission += e.Commission
			s.ppm, s.sold = e.CommissionPpm, true
		case sellerledgerentry.TypeREFUND:
			s.gross -= e.Gross
			s.commission += e.Commission // negative: reversed
		case sellerledgerentry.TypeRELEASE:
			s.released = true
		}
	}
	es := map[pulid.ID][]Entry{}
	// Shares are computed in 128 bits (amount × part / whole); the orders'
	// amounts were checked when they were placed, so an overflow is a bug.
	var calc money.Calc
	for _, r := range rs {
		o := byID[r.OrderID]
		var ls []*ent.OrderLine
		for _, ln := range lines {
			if ln.OrderID == r.OrderID {
				ls = append(ls, ln)
			}
		}
		var shares map[pulid.ID]int64
		if len(r.Lines) > 0 {
			shares = map[pulid.ID]int64{}
			for _, rl := range r.Lines {
				for _, ln := range ls {
					if ln.ID == rl.OrderLineID {
						shares[ln.ID] = calc.Add(shares[ln.ID], calc.Prorate(paid(o, ln), int64(rl.Quantity), int64(ln.Quantity)))
					}
				}
			}
		} else {
			shares = spread(o, ls, r.Amount, &calc)
		}
		for _, ln := range ls {
			key := "refund:" + string(r.ID) + ":" + string(ln.ID)
			s := st[ln.ID]
			// A debit already posted is in the line's state: taking it
			// again would shrink the next refunds' share of what is left.
			if posted[key] || s == nil || !s.sold || s.gross <= 0 || (only != nil && ln.SellerID != *only) {
				continue
			}
			g := min(shares[ln.ID], s.gross)
			if g <= 0 {
				continue
			}
			c := calc.Prorate(s.commission, g, s.gross)
			s.gross -= g
			s.commission -= c
			e := Entry{Type: sellerledgerentry.TypeREFUND, Key: key,
				OrderID: &o.ID, LineID: &ln.ID, Gross: g, Commission: -c, CommissionPPM: s.ppm, Currency: o.Currency}
			if s.released {
				e.Available = -(g - c)
			} else {
				e.Pending = -(g - c)
			}
			es[ln.SellerID] = append(es[ln.SellerID], e)
		}
	}
	if err := calc.Err(); err != nil {
		return fmt.Errorf("refund debits: %w", err)
	}
	return bySeller(ctx, tx, dia, es)
}

// spread shares an amount over lines in proportion to what each paid out of
// the order's total, by largest remainder.
func spread(o *ent.Order, ls []*ent.OrderLine, amount int64, c *money.Calc) map[pulid.ID]int64 {
	out := map[pulid.ID]int64{}
	if o.Total <= 0 || len(ls) == 0 {
		return out
	}
	var sum, linesPaid int64
	rem := make([]int64, len(ls))
	for i, ln := range ls {
		p := paid(o, ln)
		linesPaid = c.Add(linesPaid, p)
		out[ln.ID], rem[i] = c.MulDivTrunc(amount, p, o.Total)
		sum = c.Add(sum, out[ln.ID])
	}
	for left := c.Prorate(amount, linesPaid, o.Total) - sum; left > 0 && c.Err() == nil; left-- {
		best := 0
		for i := range ls {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[ls[best].ID]++
		rem[best] = -1
	}
	return out
}

// Release makes available the credits of lines delivered in full at least a
// return window before now, and reports how many lines it released. A
// background worker runs it.
func (l *Ledger) Release(ctx context.Context, now time.Time, limit int) (int, error) {
	cutoff := now.Add(-l.ReturnWindow)
	c := l.St.Client
	lines, err := c.OrderLine.Query().Where(orderline.LedgerReleasedAtIsNil(), ownDeliveryBefore(cutoff),
		orderline.HasOrderWith(entorder.PaidAtNotNil())).
		Order(ent.Asc(orderline.FieldCreatedAt)).Limit(limit).All(ctx)
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	orderIDs := make([]pulid.ID, len(lines))
	for i, ln := range lines {
		orderIDs[i] = ln.OrderID
	}
	delivered, last, err := deliveries(ctx, c, orderIDs)
	if err != nil {
		return 0, err
	}
	ready := map[pulid.ID][]*ent.OrderLine{} // by seller
	for _, ln := range lines {
		if delivered[ln.ID] >= ln.Quantity-ln.RefundedQuantity && !last[ln.ID].After(cutoff) {
			ready[ln.SellerID] = append(ready[ln.SellerID], ln)
		}
	}
	sellerIDs := make([]pulid.ID, 0, len(ready))
	for id := range ready {
		sellerIDs = append(sellerIDs, id)
	}
	slices.Sort(sellerIDs)
	n := 0
	for _, sellerID := range sellerIDs {
		released, err := l.release(ctx, sellerID, ready[sellerID], now)
		if err != nil {
			return n, fmt.Errorf("release seller %s: %w", sellerID, err)
		}
		n += released
	}
	return n, nil
}

// release moves what is pending on a seller's lines to available, in one
// transaction under the seller's lock; lines whose sale is not posted yet
// wait for the next run.
//
// It first posts the seller's share of the lines' succeeded refunds that
// the outbox has not posted yet. Otherwise such a refund, posted after the
// release, would be debited from available, possibly after a payout had
// paid that credit out: the seller would be paid money the buyer got back,
// and available would go negative. Entry keys make the dispatcher's own
// posting of those refunds, later, post nothing twice.
func (l *Ledger) release(ctx context.Context, sellerID pulid.ID, lines []*ent.OrderLine, now time.Time) (int, error) {
	ids := make([]pulid.ID, len(lines))
	orderIDs := make([]pulid.ID, len(lines))
	for i, ln := range lines {
		ids[i], orderIDs[i] = ln.ID, ln.OrderID
	}
	var done []pulid.ID
	err := l.St.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := lockSeller(ctx, tx.Client(), l.St.Dialect, sellerID); err != nil {
			return err
		}
		// Read under the lock: a refund posted meanwhile is then seen
		// (and skipped by its key), never posted twice.
		rids, err := tx.Refund.Query().Where(refund.OrderIDIn(orderIDs...), refund.StatusEQ(refund.StatusSUCCEEDED)).IDs(ctx)
		if err != nil {
			return err
		}
		if len(rids) > 0 {
			if err := l.refunds(ctx, tx.Client(), l.St.Dialect, rids, &sellerID); err != nil {
				return fmt.Errorf("post refunds: %w", err)
			}
		}
		es, err := tx.SellerLedgerEntry.Query().Where(sellerledgerentry.OrderLineIDIn(ids...)).All(ctx)
		if err != nil {
			return err
		}
		pending, currency, sold := map[pulid.ID]int64{}, map[pulid.ID]string{}, map[pulid.ID]bool{}
		for _, e := range es {
			pending[*e.OrderLineID] += e.Pending
			currency[*e.OrderLineID] = e.Currency
			sold[*e.OrderLineID] = sold[*e.OrderLineID] || e.Type == sellerledgerentry.TypeSALE
		}
		var posts []Entry
		for _, ln := range lines {
			if !sold[ln.ID] {
				continue
			}
			p := pending[ln.ID]
			posts = append(posts, Entry{Type: sellerledgerentry.TypeRELEASE, Key: "release:" + string(ln.ID),
				OrderID: &ln.OrderID, LineID: &ln.ID, Pending: -p, Available: p, Currency: currency[ln.ID]})
			done = append(done, ln.ID)
		}
		if len(done) == 0 {
			return nil
		}
		if err := post(ctx, tx.Client(), sellerID, posts); err != nil {
			return err
		}
		return tx.OrderLine.Update().Where(orderline.IDIn(done...)).SetLedgerReleasedAt(now).Exec(ctx)
	})
	if err != nil {
		return 0, err
	}
	return len(done), nil
}

func payoutErr(field, code, msg string) []apperr.UserError {
	return []apperr.UserError{apperr.UserErr([]string{"input", field}, code, "%s", msg)}
}

// Payout pays out a seller's available balance and records it; the same
// key returns the same payout. It returns the seller as it is afterwards.
// UserErrors: INVALID (key), NOT_FOUND, IDEMPOTENCY_KEY_REUSED (the key paid
// another seller), NOTHING_TO_PAY. Who: admins.
func (l *Ledger) Payout(ctx context.Context, sellerID pulid.ID, key string) (*ent.Payout, *ent.Seller, []apperr.UserError, error) {
	v, err := policy.RequireAdmin(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	key = strings.TrimSpace(key)
	if len(key) < 8 || len(key) > 100 {
		return nil, nil, payoutErr("idempotencyKey", CodeInvalid, "idempotencyKey must have 8 to 100 characters"), nil
	}
	var po *ent.Payout
	var ues []apperr.UserError
	err = l.St.WithTx(ctx, func(tx *ent.Tx) error {
		sel, err := lockSeller(ctx, tx.Client(), l.St.Dialect, sellerID)
		if ent.IsNotFound(err) {
			ues = payoutErr("sellerId", CodeNotFound, "no seller with this id")
			return nil
		}
		if err != nil {
			return err
		}
		if prev, err := tx.Payout.Query().Where(payout.IdempotencyKey(key)).Only(ctx); err == nil {
			if prev.SellerID != sellerID {
				ues = payoutErr("idempotencyKey", CodeIdempotencyReused, "this key was used for another seller's payout")
			}
			po = prev
			return nil
		} else if !ent.IsNotFound(err) {
			return err
		}
		if sel.BalanceAvailable <= 0 {
			ues = payoutErr("sellerId", CodeNothingToPay, "the seller has no available balance to pay out")
			return nil
		}
		po, err = tx.Payout.Create().SetSellerID(sellerID).SetAmount(sel.BalanceAvailable).SetCurrency(string(l.Currency)).
			SetReference(sel.PayoutReference).SetIdempotencyKey(key).SetActor(string(v.Customer.ID)).Save(ctx)
		if err != nil {
			return err
		}
		return post(ctx, tx.Client(), sellerID, []Entry{{Type: sellerledgerentry.TypePAYOUT, Key: "payout:" + string(po.ID),
			PayoutID: &po.ID, Available: -po.Amount, PaidOut: po.Amount, Currency: string(l.Currency)}})
	})
	if ent.IsConstraintError(err) { // the same key, concurrently: a replay
		return l.Payout(ctx, sellerID, key)
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("payout: %w", err)
	}
	if len(ues) > 0 {
		return nil, nil, ues, nil
	}
	sel, err := l.St.Client.Seller.Get(ctx, sellerID)
	if err != nil {
		return nil, nil, nil, err
	}
	return po, sel, nil, nil
}

// Entries lists a seller's ledger, newest first. Who: its members and admins.
func (l *Ledger) Entries(ctx context.Context, sellerID pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.SellerLedgerEntryConnection, error) {
	if _, err := policy.ManageSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return l.St.Client.SellerLedgerEntry.Query().Where(sellerledgerentry.SellerID(sellerID)).Paginate(ctx, after, first, before, last,
		ent.WithSellerLedgerEntryOrder(&ent.SellerLedgerEntryOrder{Field: ent.SellerLedgerEntryOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// Payouts lists a seller's payouts, newest first. Who: its members and
// admins.
func (l *Ledger) Payouts(ctx context.Context, sellerID pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.PayoutConnection, error) {
	if _, err := policy.ManageSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return l.St.Client.Payout.Query().Where(payout.SellerID(sellerID)).Paginate(ctx, after, first, before, last,
		ent.WithPayoutOrder(&ent.PayoutOrder{Field: ent.PayoutOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}
