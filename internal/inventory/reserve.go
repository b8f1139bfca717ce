package inventory

import (
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

// Reserve holds stock for an order inside the caller's transaction: for each
// variant (in ID order, so that concurrent checkouts lock levels in the same
// order and cannot deadlock) one UPDATE adds to `reserved` in the best
// stocked warehouse only while on_hand − reserved covers the quantity, and
// returns the level it took from. Nothing is read and then written: the
// condition is in the UPDATE, so two checkouts can never both take the last
// unit. (Under PostgreSQL's READ COMMITTED a concurrent change can make the
// chosen row fail the re-checked condition; the update then touches nothing
// and is retried against the new state.)
//
// It returns the reservations made, or the variants that fell short (the
// caller then rolls back). Statements: 1 per variant, plus 1 to record.
func Reserve(ctx context.Context, tx *ent.Client, dia string, orderID pulid.ID, holds []Hold, now time.Time) ([]*ent.StockReservation, []Short, error) {
	holds = slices.Clone(holds)
	slices.SortFunc(holds, func(a, b Hold) int { return compare(a.VariantID, b.VariantID) })
	q := reserveSQL
	if dia == dialect.SQLite {
		q = strings.NewReplacer("$1", "?1", "$2", "?2", "$3", "?3").Replace(q)
	}
	var short []Short
	var rows []*ent.StockReservationCreate
	for _, h := range holds {
		var levelID pulid.ID
		for attempt := 0; attempt < 3 && levelID == ""; attempt++ {
			id, err := reserveOne(ctx, tx, q, h, now)
			if err != nil {
				return nil, nil, err
			}
			levelID = id
		}
		if levelID == "" {
			avail, err := AvailableByVariant(ctx, tx, []pulid.ID{h.VariantID})
			if err != nil {
				return nil, nil, err
			}
			short = append(short, Short{VariantID: h.VariantID, Available: avail[h.VariantID]})
			continue
		}
		rows = append(rows, tx.StockReservation.Create().SetOrderID(orderID).SetVariantID(h.VariantID).SetLevelID(levelID).SetQuantity(h.Quantity))
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

const reserveSQL = `UPDATE inventory_levels SET reserved = reserved + $1, updated_at = $2
WHERE id = (SELECT id FROM inventory_levels WHERE variant_id = $3 AND on_hand - reserved >= $1
            ORDER BY on_hand - reserved DESC, id LIMIT 1)
  AND on_hand - reserved >= $1
RETURNING id`

func reserveOne(ctx context.Context, tx *ent.Client, q string, h Hold, now time.Time) (pulid.ID, error) {
	rows, err := tx.QueryContext(ctx, q, h.Quantity, now, h.VariantID)
	if err != nil {
		return "", fmt.Errorf("reserve stock: %w", err)
	}
	defer rows.Close()
	var id pulid.ID
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
	}
	return id, rows.Err()
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
func SettleKnown(ctx context.Context, tx *ent.Client, orderID pulid.ID, rs []*ent.StockReservation, to stockreservation.State) error {
	from := stockreservation.StateRESERVED
	if to == stockreservation.StateRESTOCKED {
		from = stockreservation.StateCOMMITTED
	}
	if rs == nil {
		var err error
		rs, err = tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).
			Order(ent.Asc(stockreservation.FieldVariantID)).All(ctx)
		if err != nil || len(rs) == 0 {
			return err
		}
	}
	for _, r := range rs {
		u := tx.InventoryLevel.Update().Where(inventorylevel.ID(r.LevelID))
		switch to {
		case stockreservation.StateCOMMITTED:
			u.AddOnHand(-r.Quantity).AddReserved(-r.Quantity)
		case stockreservation.StateRELEASED:
			u.AddReserved(-r.Quantity)
		case stockreservation.StateRESTOCKED:
			u.AddOnHand(r.Quantity)
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("settle stock %s: %w", to, err)
		}
	}
	_, err := tx.StockReservation.Update().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).SetState(to).Save(ctx)
	return err
}

// Restock puts units of a variant back on hand at the warehouse that
// supplied the order (returns).
func Restock(ctx context.Context, tx *ent.Client, orderID, variantID pulid.ID, quantity int) error {
	r, err := tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.VariantID(variantID)).First(ctx)
	if err != nil {
		return fmt.Errorf("find the supplying warehouse: %w", err)
	}
	return tx.InventoryLevel.Update().Where(inventorylevel.ID(r.LevelID)).AddOnHand(quantity).Exec(ctx)
}
