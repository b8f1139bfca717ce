package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
	"github.com/comptoir/comptoir/ent/warehouse"
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
// Concurrency: the variant's stock levels are locked (FOR UPDATE on
// PostgreSQL; SQLite transactions take the write lock at BEGIN) before they
// are read, so two checkouts never both take the last unit, and each UPDATE
// still checks on_hand − reserved as a guard. Locks are always taken in
// (variant id, level id) order, here as in Settle, so concurrent checkouts
// and settlements cannot deadlock whatever the warehouses' priorities.
//
// It returns the reservations made (one per warehouse a hold took from), or
// the variants that fell short with what they have available (the caller
// then rolls back). Statements: 1 for the warehouses, then per variant 1 to
// lock and read its levels and 1 per warehouse it takes from, plus 1 to
// record.
func Reserve(ctx context.Context, tx *ent.Client, dia string, orderID pulid.ID, holds []Hold, now time.Time) ([]*ent.StockReservation, []Short, error) {
	holds = slices.Clone(holds)
	slices.SortStableFunc(holds, func(a, b Hold) int { return compare(a.VariantID, b.VariantID) })
	whs, err := tx.Warehouse.Query().Where(warehouse.Active(true)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read warehouses: %w", err)
	}
	active := make(map[pulid.ID]*ent.Warehouse, len(whs))
	for _, w := range whs {
		active[w.ID] = w
	}
	var short []Short
	var rows []*ent.StockReservationCreate
	for _, h := range holds {
		takes, avail, err := plan(ctx, tx, dia, active, h)
		if err != nil {
			return nil, nil, err
		}
		if takes == nil {
			short = append(short, Short{VariantID: h.VariantID, Available: avail})
			continue
		}
		if len(short) > 0 {
			continue // the caller rolls back: no need to write
		}
		for _, t := range takes {
			n, err := tx.InventoryLevel.Update().Where(inventorylevel.ID(t.level), covers(t.quantity)).
				AddReserved(t.quantity).SetUpdatedAt(now).Save(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("reserve stock: %w", err)
			}
			if n == 0 {
				return nil, nil, fmt.Errorf("reserve stock: level %s changed under its lock", t.level)
			}
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

// take is a quantity to reserve from one stock level.
type take struct {
	level    pulid.ID
	quantity int
}

// plan locks the variant's stock levels and decides what to take from
// which, in reservation order. It returns nil takes and the units available
// when the active warehouses together hold fewer than asked.
func plan(ctx context.Context, tx *ent.Client, dia string, active map[pulid.ID]*ent.Warehouse, h Hold) ([]take, int, error) {
	q := tx.InventoryLevel.Query().Where(inventorylevel.VariantID(h.VariantID)).Order(ent.Asc(inventorylevel.FieldID))
	if dia == dialect.Postgres {
		q = q.ForUpdate()
	}
	levels, err := q.All(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("lock stock levels: %w", err)
	}
	levels = slices.DeleteFunc(levels, func(l *ent.InventoryLevel) bool { return active[l.WarehouseID] == nil })
	slices.SortFunc(levels, func(a, b *ent.InventoryLevel) int {
		return CompareWarehouses(active[a.WarehouseID], active[b.WarehouseID])
	})
	need, avail := h.Quantity, 0
	var takes []take
	for _, l := range levels {
		n := max(l.OnHand-l.Reserved, 0)
		avail += n
		if q := min(n, need); q > 0 {
			takes = append(takes, take{level: l.ID, quantity: q})
			need -= q
		}
	}
	if need > 0 {
		return nil, avail, nil
	}
	return takes, avail, nil
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
// was taken from, in (variant id, level id) order like Reserve's locks.
func SettleKnown(ctx context.Context, tx *ent.Client, orderID pulid.ID, rs []*ent.StockReservation, to stockreservation.State) error {
	from := stockreservation.StateRESERVED
	if to == stockreservation.StateRESTOCKED {
		from = stockreservation.StateCOMMITTED
	}
	if rs == nil {
		var err error
		rs, err = tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).
			Order(ent.Asc(stockreservation.FieldVariantID), ent.Asc(stockreservation.FieldLevelID)).All(ctx)
		if err != nil || len(rs) == 0 {
			return err
		}
	}
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b *ent.StockReservation) int {
		if c := compare(a.VariantID, b.VariantID); c != 0 {
			return c
		}
		return compare(a.LevelID, b.LevelID)
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
// restocked, in (level id) order. Units beyond that (the order was
// cancelled and restocked already, or they were restocked before) are not
// put back again.
func Restock(ctx context.Context, tx *ent.Client, orderID, variantID pulid.ID, quantity int) error {
	rs, err := tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.VariantID(variantID),
		stockreservation.StateEQ(stockreservation.StateCOMMITTED)).Order(ent.Asc(stockreservation.FieldLevelID)).All(ctx)
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
