package inventory

import (
	"context"
	"fmt"
	"slices"

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
// order and cannot deadlock) a conditional update adds to `reserved` only
// while on_hand − reserved covers the quantity, trying warehouses from the
// best stocked. Nothing is read and then written: the condition is in the
// UPDATE, so two checkouts can never both take the last unit.
//
// It returns the variants that fell short; the caller then rolls back. The
// reservations are recorded for the order. Statements: 1 to read the levels,
// 1 per variant (more only when a warehouse ran dry meanwhile), 1 to record.
func Reserve(ctx context.Context, tx *ent.Client, orderID pulid.ID, holds []Hold) ([]Short, error) {
	holds = slices.Clone(holds)
	slices.SortFunc(holds, func(a, b Hold) int { return compare(a.VariantID, b.VariantID) })
	ids := make([]pulid.ID, len(holds))
	for i, h := range holds {
		ids[i] = h.VariantID
	}
	levels, err := tx.InventoryLevel.Query().Where(inventorylevel.VariantIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read stock levels: %w", err)
	}
	byVariant := map[pulid.ID][]*ent.InventoryLevel{}
	for _, l := range levels {
		byVariant[l.VariantID] = append(byVariant[l.VariantID], l)
	}
	var short []Short
	var rows []*ent.StockReservationCreate
	for _, h := range holds {
		cands := byVariant[h.VariantID]
		slices.SortFunc(cands, func(a, b *ent.InventoryLevel) int {
			return (b.OnHand - b.Reserved) - (a.OnHand - a.Reserved)
		})
		var got *ent.InventoryLevel
		for _, l := range cands {
			n, err := tx.InventoryLevel.Update().Where(inventorylevel.ID(l.ID), covers(h.Quantity)).AddReserved(h.Quantity).Save(ctx)
			if err != nil {
				return nil, fmt.Errorf("reserve stock: %w", err)
			}
			if n == 1 {
				got = l
				break
			}
		}
		if got == nil {
			avail := 0
			for _, l := range cands {
				avail += max(0, l.OnHand-l.Reserved)
			}
			short = append(short, Short{VariantID: h.VariantID, Available: avail})
			continue
		}
		rows = append(rows, tx.StockReservation.Create().SetOrderID(orderID).SetVariantID(h.VariantID).SetLevelID(got.ID).SetQuantity(h.Quantity))
	}
	if len(short) > 0 || len(rows) == 0 {
		return short, nil
	}
	if err := tx.StockReservation.CreateBulk(rows...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("record reservations: %w", err)
	}
	return nil, nil
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
	from := stockreservation.StateRESERVED
	if to == stockreservation.StateRESTOCKED {
		from = stockreservation.StateCOMMITTED
	}
	rs, err := tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).
		Order(ent.Asc(stockreservation.FieldVariantID)).All(ctx)
	if err != nil || len(rs) == 0 {
		return err
	}
	for _, r := range rs {
		u := tx.InventoryLevel.UpdateOneID(r.LevelID)
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
	_, err = tx.StockReservation.Update().Where(stockreservation.OrderID(orderID), stockreservation.StateEQ(from)).SetState(to).Save(ctx)
	return err
}

// Restock puts units of a variant back on hand at the warehouse that
// supplied the order (returns).
func Restock(ctx context.Context, tx *ent.Client, orderID, variantID pulid.ID, quantity int) error {
	r, err := tx.StockReservation.Query().Where(stockreservation.OrderID(orderID), stockreservation.VariantID(variantID)).First(ctx)
	if err != nil {
		return fmt.Errorf("find the supplying warehouse: %w", err)
	}
	return tx.InventoryLevel.UpdateOneID(r.LevelID).AddOnHand(quantity).Exec(ctx)
}
