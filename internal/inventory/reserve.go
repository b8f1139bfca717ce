package inventory

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
)

// Hold is a quantity of a variant to reserve.
type Hold struct {
	VariantID pulid.ID
	Quantity  int
}

// Short reports a variant that could not be reserved.
type Short struct {
	VariantID pulid.ID
	Available int
}

// Reserve holds stock for an order inside the caller's transaction, from
// the active warehouses in reservation order: priority (lower first), then
// code. Each hold comes whole from the first warehouse with any units
// available, and is split over the next ones when that one has fewer.
//
// Concurrency: nothing is read and then written unlocked, so two checkouts
// never both take the last unit.
//   - PostgreSQL: each step is one UPDATE whose FROM locks (FOR UPDATE) the
//     next level in reservation order that has units, reads what it has
//     once locked, and takes up to what is still needed. Locks are thus
//     taken in reservation order by every checkout (a level skipped after
//     waiting on it stays locked, but it comes earlier in the same order),
//     so concurrent checkouts cannot deadlock.
//   - SQLite: transactions hold the write lock from BEGIN. One conditional
//     UPDATE takes the whole hold from the first warehouse with units when
//     it covers it; otherwise the levels are read and taken from in order.
//
// It returns the reservations made (one per warehouse a hold took from), or
// the variants that fell short with what they have available (the caller
// then rolls back). Statements per variant: 1 when the first warehouse with
// units covers it, else about 1 per warehouse taken from; plus 1 to record.
func Reserve(ctx context.Context, tx *ent.Client, dia string, orderID pulid.ID, holds []Hold, now time.Time) ([]*ent.StockReservation, []Short, error) {
	holds = merge(holds)
	var short []Short
	var rows []*ent.StockReservationCreate
	for _, h := range holds {
		takes, avail, err := reserve(ctx, tx, dia, h, now)
		if err != nil {
			return nil, nil, err
		}
		if takes == nil {
			short = append(short, Short{VariantID: h.VariantID, Available: avail})
			continue
		}
		for _, t := range takes {
			rows = append(rows, tx.StockReservation.Create().SetOrderID(orderID).SetVariantID(h.VariantID).
				SetLevelID(t.level).SetQuantity(t.quantity))
		}
	}
	if len(short) > 0 || len(rows) == 0 {
		return nil, short, nil
	}
	rs, err := tx.StockReservation.CreateBulk(rows...).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("record reservations: %w", err)
	}
	return rs, nil, nil
}

// merge sums the holds of each variant and sorts them by variant ID: each
// variant's levels are then visited once, in order, and concurrent
// checkouts lock variants in the same order.
func merge(holds []Hold) []Hold {
	out := make([]Hold, 0, len(holds))
	idx := make(map[pulid.ID]int, len(holds))
	for _, h := range holds {
		if i, ok := idx[h.VariantID]; ok {
			out[i].Quantity += h.Quantity
			continue
		}
		idx[h.VariantID] = len(out)
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hold) int { return compare(a.VariantID, b.VariantID) })
	return out
}

// take is a quantity reserved from one stock level.
type take struct {
	level    pulid.ID
	quantity int
}

// firstCoversSQL reserves the whole quantity ($1) from the first active
// warehouse, in reservation order, that has any of the variant ($3), if it
// covers it.
const firstCoversSQL = `UPDATE inventory_levels SET reserved = reserved + $1, updated_at = $2
WHERE id = (SELECT l.id FROM inventory_levels l JOIN warehouses w ON w.id = l.warehouse_id
            WHERE l.variant_id = $3 AND w.active AND l.on_hand > l.reserved
            ORDER BY w.priority, w.code LIMIT 1)
  AND on_hand - reserved >= $1
RETURNING id`

// levelsSQL reads the variant's ($1) levels in active warehouses (SQLite:
// the transaction holds the write lock).
const levelsSQL = `SELECT l.id, l.on_hand, l.reserved, w.priority, w.code
FROM inventory_levels l JOIN warehouses w ON w.id = l.warehouse_id
WHERE l.variant_id = $1 AND w.active
ORDER BY l.id`

// reserve reserves one hold and returns what it took from which level, or
// nil takes and the units available when the active warehouses together
// hold fewer than asked (some may then be reserved: the caller rolls back).
func reserve(ctx context.Context, tx *ent.Client, dia string, h Hold, now time.Time) ([]take, int, error) {
	if dia == dialect.Postgres {
		return reserveLocked(ctx, tx, h, now)
	}
	ids, err := scanIDs(ctx, tx, placeholders(dia, firstCoversSQL), h.Quantity, now, h.VariantID)
	if err != nil {
		return nil, 0, fmt.Errorf("reserve stock: %w", err)
	}
	if len(ids) == 1 {
		return []take{{level: ids[0], quantity: h.Quantity}}, h.Quantity, nil
	}
	q := placeholders(dia, levelsSQL)
	type level struct {
		id               pulid.ID
		onHand, reserved int
		priority         int
		code             string
	}
	rows, err := tx.QueryContext(ctx, q, h.VariantID)
	if err != nil {
		return nil, 0, fmt.Errorf("lock stock levels: %w", err)
	}
	var levels []level
	for rows.Next() {
		var l level
		if err := rows.Scan(&l.id, &l.onHand, &l.reserved, &l.priority, &l.code); err != nil {
			_ = rows.Close()
			return nil, 0, err
		}
		levels = append(levels, l)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	slices.SortFunc(levels, func(a, b level) int {
		if a.priority != b.priority {
			return cmp.Compare(a.priority, b.priority)
		}
		return strings.Compare(a.code, b.code)
	})
	need, avail := h.Quantity, 0
	var takes []take
	for _, l := range levels {
		n := max(l.onHand-l.reserved, 0)
		avail += n
		if q := min(n, need); q > 0 {
			takes = append(takes, take{level: l.id, quantity: q})
			need -= q
		}
	}
	if need > 0 {
		return nil, avail, nil
	}
	for _, t := range takes {
		n, err := tx.InventoryLevel.Update().Where(inventorylevel.ID(t.level), covers(t.quantity)).
			AddReserved(t.quantity).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("reserve stock: %w", err)
		}
		if n == 0 {
			return nil, 0, fmt.Errorf("reserve stock: level %s changed under its lock", t.level)
		}
	}
	return takes, avail, nil
}

// stepSQL (PostgreSQL) takes up to $1 units from the first level of the
// variant ($3) with units, in reservation order after (priority $4, code
// $5), locking it first; it returns the level, the units taken and its
// warehouse's place in the order.
const stepSQL = `UPDATE inventory_levels AS t SET reserved = t.reserved + LEAST($1, f.avail), updated_at = $2
FROM (SELECT l.id, l.on_hand - l.reserved AS avail, w.priority, w.code
      FROM inventory_levels l JOIN warehouses w ON w.id = l.warehouse_id
      WHERE l.variant_id = $3 AND w.active AND l.on_hand > l.reserved AND (w.priority, w.code) > ($4, $5)
      ORDER BY w.priority, w.code LIMIT 1 FOR UPDATE OF l) f
WHERE t.id = f.id
RETURNING t.id, LEAST($1, f.avail), f.priority, f.code`

// reserveLocked reserves one hold on PostgreSQL, step by step in
// reservation order (see Reserve).
func reserveLocked(ctx context.Context, tx *ent.Client, h Hold, now time.Time) ([]take, int, error) {
	need, taken := h.Quantity, 0
	priority, code := int64(math.MinInt64), ""
	var takes []take
	for need > 0 {
		rows, err := tx.QueryContext(ctx, stepSQL, need, now, h.VariantID, priority, code)
		if err != nil {
			return nil, 0, fmt.Errorf("reserve stock: %w", err)
		}
		var t take
		found := rows.Next()
		if found {
			err = rows.Scan(&t.level, &t.quantity, &priority, &code)
		}
		_ = rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return nil, 0, fmt.Errorf("reserve stock: %w", err)
		}
		if !found {
			return nil, taken, nil // all taken is all there is
		}
		takes = append(takes, t)
		need -= t.quantity
		taken += t.quantity
	}
	return takes, taken, nil
}

// placeholders rewrites $n to SQLite's ?n.
func placeholders(dia, q string) string {
	if dia == dialect.SQLite {
		return strings.NewReplacer("$1", "?1", "$2", "?2", "$3", "?3").Replace(q)
	}
	return q
}

func scanIDs(ctx context.Context, tx *ent.Client, q string, args ...any) ([]pulid.ID, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []pulid.ID
	for rows.Next() {
		var id pulid.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CompareWarehouses orders warehouses for reservation: priority (lower
// first), then code.
func CompareWarehouses(a, b *ent.Warehouse) int {
	if a.Priority != b.Priority {
		return cmp.Compare(a.Priority, b.Priority)
	}
	return strings.Compare(a.Code, b.Code)
}

// covers is the condition on_hand − reserved ≥ q.
func covers(q int) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.Ident(s.C(inventorylevel.FieldOnHand)).WriteString(" - ").Ident(s.C(inventorylevel.FieldReserved)).WriteString(" >= ").Arg(q)
		}))
	}
}

func compare(a, b pulid.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Settle moves an order's reservations from one state to another and
// applies the change to stock: COMMITTED takes them off hand (the order is
// paid), RELEASED gives them back before payment, RESTOCKED puts committed
// units back on hand. The caller must hold the right to the transition (it
// won a conditional update of the order or payment), so this runs once.
func Settle(ctx context.Context, tx *ent.Client, orderID pulid.ID, to stockreservation.State) error {
	return SettleKnown(ctx, tx, orderID, nil, to)
}

// SettleKnown is Settle for reservations the caller holds (nil: read them).
// Each reservation settles against the stock level (so the warehouse) it
// was taken from, in (variant id, reservation id) order: reservation IDs
// grow in the order Reserve took (and locked) the levels, so settling locks
// them in the same order as concurrent checkouts do.
func SettleKnown(ctx context.Context, tx *ent.Client, orderID pulid.ID, rs []*ent.StockReservation, to stockreservation.State) error {
	from := stockreservation.StateRESERVED
	if to == stockreservation.StateRESTOCKED {
		from = stockreservation.StateCOMMITTED
	}
	if rs == nil {
		var err error
		rs, err = tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).
			Order(ent.Asc(stockreservation.FieldVariantID), ent.Asc(stockreservation.FieldID)).All(ctx)
		if err != nil || len(rs) == 0 {
			return err
		}
	}
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b *ent.StockReservation) int {
		if c := compare(a.VariantID, b.VariantID); c != 0 {
			return c
		}
		return compare(a.ID, b.ID)
	})
	for _, r := range rs {
		u := tx.InventoryLevel.Update().Where(inventorylevel.ID(r.LevelID))
		switch to {
		case stockreservation.StateCOMMITTED:
			u.AddOnHand(-r.Quantity).AddReserved(-r.Quantity)
		case stockreservation.StateRELEASED:
			u.AddReserved(-r.Quantity)
		case stockreservation.StateRESTOCKED:
			// What returns already put back is not put back twice.
			if r.Quantity-r.Restocked <= 0 {
				continue
			}
			u.AddOnHand(r.Quantity - r.Restocked)
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("settle stock %s: %w", to, err)
		}
	}
	_, err := tx.StockReservation.Update().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).SetState(to).Save(ctx)
	return err
}

// Restock puts units of a variant back on hand at the warehouses that
// supplied the order (returns): each of the order's committed reservations
// of the variant takes back at most what it supplied less what was already
// restocked, in the order they were taken. Units beyond that (the order was
// cancelled and restocked already, or they were restocked before) are not
// put back again.
func Restock(ctx context.Context, tx *ent.Client, orderID, variantID pulid.ID, quantity int) error {
	rs, err := tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.VariantID(variantID),
		stockreservation.StateEQ(stockreservation.StateCOMMITTED)).Order(ent.Asc(stockreservation.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("find the supplying warehouses: %w", err)
	}
	left := quantity
	for _, r := range rs {
		q := min(left, r.Quantity-r.Restocked)
		if q <= 0 {
			continue
		}
		if err := tx.InventoryLevel.Update().Where(inventorylevel.ID(r.LevelID)).AddOnHand(q).Exec(ctx); err != nil {
			return fmt.Errorf("restock: %w", err)
		}
		if err := tx.StockReservation.UpdateOne(r).AddRestocked(q).Exec(ctx); err != nil {
			return fmt.Errorf("restock: %w", err)
		}
		left -= q
		if left == 0 {
			break
		}
	}
	return nil
}
