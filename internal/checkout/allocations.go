package checkout

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/orderdiscountallocation"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/pricing"
)

// saveAllocations copies what each promotion and code took off onto the
// order: one row per allocation and line (target LINE) or parcel (target
// SHIPPING) it took something off, with the promotion's title as it is
// now, so that reports per promotion survive its edits and deletion.
func saveAllocations(ctx context.Context, tx *ent.Client, o *ent.Order, q *cart.Quote, lineIDs []pulid.ID) error {
	var rows []*ent.OrderDiscountAllocationCreate
	for pos, a := range q.Price.Allocations {
		add := func(target orderdiscountallocation.Target, lineID *pulid.ID, sellerID pulid.ID, amount int64) {
			c := tx.OrderDiscountAllocation.Create().SetOrderID(o.ID).SetTarget(target).SetNillableOrderLineID(lineID).
				SetSellerID(sellerID).SetTitle(a.Title).SetAmount(amount).SetCurrency(o.Currency).SetPosition(pos)
			if a.Source == pricing.SourcePromotion {
				c.SetSource(orderdiscountallocation.SourcePROMOTION).SetPromotionID(a.ID)
			} else {
				c.SetSource(orderdiscountallocation.SourceDISCOUNT_CODE).SetDiscountCodeID(a.ID)
			}
			rows = append(rows, c)
		}
		for i, amt := range a.Lines {
			if amt > 0 {
				add(orderdiscountallocation.TargetLINE, &lineIDs[i], q.Lines[i].Edges.Variant.Edges.Product.SellerID, amt)
			}
		}
		for i, amt := range a.Shipments {
			if amt > 0 {
				add(orderdiscountallocation.TargetSHIPPING, nil, q.Groups[i].SellerID, amt)
			}
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.OrderDiscountAllocation.CreateBulk(rows...).Exec(ctx); err != nil {
		return fmt.Errorf("save discount allocations: %w", err)
	}
	return nil
}
