package inventory

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/warehouse"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/policy"
)

// DefaultWarehouseCode names the warehouse used when none is given.
const DefaultWarehouseCode = "default"

// Error codes of inventory userErrors (shared with CatalogErrorCode).
const (
	CodeNotFound      = "NOT_FOUND"
	CodeNegative      = "NEGATIVE"
	CodeStockMismatch = "STOCK_MISMATCH"
)

// DefaultWarehouse returns the default warehouse (created by the warehouses
// migration; it can't be deleted).
func DefaultWarehouse(ctx context.Context, c *ent.Client) (*ent.Warehouse, error) {
	wh, err := c.Warehouse.Query().Where(warehouse.IsDefault(true)).First(ctx)
	if err != nil {
		return nil, fmt.Errorf("default warehouse: %w", err)
	}
	return wh, nil
}

// Change is a stock change of one variant in one warehouse.
type Change struct {
	VariantID pulid.ID
	// WarehouseCode names an existing warehouse (NOT_FOUND otherwise; never
	// created here); "" for the default warehouse.
	WarehouseCode string
	// Expected, when set, must equal the quantity on hand before the change,
	// or nothing changes (STOCK_MISMATCH): an optimistic lock for clients
	// that read, then write.
	Expected *int
}

var field = func(parts ...string) []string { return append([]string{"input"}, parts...) }

// Writer changes stock.
type Writer struct{ Client *ent.Client }

// Set sets the quantity on hand. Who: the variant's seller's members and
// admins.
func (w *Writer) Set(ctx context.Context, ch Change, quantity int) (*ent.InventoryLevel, []apperr.UserError, error) {
	if quantity < 0 {
		if ues, err := w.authorize(ctx, ch); ues != nil || err != nil {
			return nil, ues, err
		}
		return nil, []apperr.UserError{apperr.UserErr(field("quantity"), CodeNegative, "quantity can't be negative")}, nil
	}
	return w.change(ctx, ch, func(u *ent.InventoryLevelUpdate) *ent.InventoryLevelUpdate { return u.SetOnHand(quantity) }, quantity, 0)
}

// Adjust adds delta (which may be negative) to the quantity on hand; the
// result may not go below zero. Who: as Set.
func (w *Writer) Adjust(ctx context.Context, ch Change, delta int) (*ent.InventoryLevel, []apperr.UserError, error) {
	return w.change(ctx, ch, func(u *ent.InventoryLevelUpdate) *ent.InventoryLevelUpdate {
		return u.AddOnHand(delta).Where(inventorylevel.OnHandGTE(-delta))
	}, -1, delta)
}

// authorize loads the variant and checks the viewer's right to its stock.
func (w *Writer) authorize(ctx context.Context, ch Change) ([]apperr.UserError, error) {
	pv, err := w.Client.ProductVariant.Query().Where(productvariant.ID(ch.VariantID)).WithProduct().Only(ctx)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, err
		}
		return []apperr.UserError{apperr.UserErr(field("variantId"), CodeNotFound, "no variant has this id")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load variant: %w", err)
	}
	_, err = policy.ManageSeller(ctx, pv.Edges.Product.SellerID)
	return nil, err
}

// warehouse resolves the warehouse of a change: an existing one, never
// created on the fly (a typo must not start a new stock location).
func (w *Writer) warehouse(ctx context.Context, ch Change) (*ent.Warehouse, []apperr.UserError, error) {
	return WarehouseByCode(ctx, w.Client, ch.WarehouseCode, field("warehouseCode"))
}

// WarehouseByCode returns the warehouse with this code ("" for the default
// one), or a NOT_FOUND userError on path when none has it. Every input that
// takes a warehouseCode resolves it here.
func WarehouseByCode(ctx context.Context, c *ent.Client, code string, path []string) (*ent.Warehouse, []apperr.UserError, error) {
	if strings.TrimSpace(code) == "" {
		wh, err := DefaultWarehouse(ctx, c)
		return wh, nil, err
	}
	wh, err := c.Warehouse.Query().Where(warehouse.Code(NormalizeCode(code))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(path, CodeNotFound, "no warehouse has the code %q", code)}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find warehouse: %w", err)
	}
	return wh, nil, nil
}

// change applies a conditional update: the WHERE clause carries the
// expected quantity and the no-negative rule, so that concurrent writers
// cannot interleave a read and a write. A missing level counts as zero. It
// runs in a transaction that also records BACK_IN_STOCK when the variant
// had nothing to sell before and has some after.
func (w *Writer) change(ctx context.Context, ch Change, apply func(*ent.InventoryLevelUpdate) *ent.InventoryLevelUpdate, setTo, delta int) (*ent.InventoryLevel, []apperr.UserError, error) {
	if ues, err := w.authorize(ctx, ch); ues != nil || err != nil {
		return nil, ues, err
	}
	wh, ues, err := w.warehouse(ctx, ch)
	if wh == nil {
		return nil, ues, err
	}
	tx, err := w.Client.Tx(ctx)
	if err != nil {
		return nil, nil, err
	}
	level, ues, err := w.changeTx(ctx, tx.Client(), ch, wh, apply, setTo, delta)
	if err != nil || level == nil {
		_ = tx.Rollback()
		if errors.Is(err, errRetry) {
			return w.change(ctx, ch, apply, setTo, delta)
		}
		return level, ues, err
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("commit stock change: %w", err)
	}
	// Unwrap: level was loaded by the transaction's client, which is dead
	// after the commit, and the payload's resolvers load its edges.
	return level.Unwrap(), nil, nil
}

func (w *Writer) changeTx(ctx context.Context, c *ent.Client, ch Change, wh *ent.Warehouse, apply func(*ent.InventoryLevelUpdate) *ent.InventoryLevelUpdate, setTo, delta int) (*ent.InventoryLevel, []apperr.UserError, error) {
	before, err := available(ctx, c, productvariant.ID(ch.VariantID))
	if err != nil {
		return nil, nil, err
	}
	u := c.InventoryLevel.Update().Where(inventorylevel.VariantID(ch.VariantID), inventorylevel.WarehouseID(wh.ID))
	if ch.Expected != nil {
		u = u.Where(inventorylevel.OnHand(*ch.Expected))
	}
	n, err := apply(u).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("change stock: %w", err)
	}
	level, err := c.InventoryLevel.Query().Where(inventorylevel.VariantID(ch.VariantID), inventorylevel.WarehouseID(wh.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		// No level yet: it holds zero. Create it with the result.
		result := setTo
		if setTo < 0 {
			result = delta
		}
		switch {
		case ch.Expected != nil && *ch.Expected != 0:
			return nil, []apperr.UserError{apperr.UserErr(field("expectedQuantity"), CodeStockMismatch, "the quantity on hand is 0, not %d", *ch.Expected)}, nil
		case result < 0:
			return nil, []apperr.UserError{apperr.UserErr(field("delta"), CodeNegative, "the quantity on hand would fall below zero")}, nil
		}
		level, err = c.InventoryLevel.Create().SetVariantID(ch.VariantID).SetWarehouseID(wh.ID).SetOnHand(result).Save(ctx)
		if ent.IsConstraintError(err) {
			return nil, nil, errRetry // created meanwhile (PostgreSQL aborts the transaction): start over
		}
		if err != nil {
			return nil, nil, fmt.Errorf("create stock level: %w", err)
		}
		return level, nil, w.backInStock(ctx, c, ch.VariantID, before)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read stock: %w", err)
	}
	if n == 0 {
		if ch.Expected != nil && level.OnHand != *ch.Expected {
			return nil, []apperr.UserError{apperr.UserErr(field("expectedQuantity"), CodeStockMismatch, "the quantity on hand is %d, not %d", level.OnHand, *ch.Expected)}, nil
		}
		return nil, []apperr.UserError{apperr.UserErr(field("delta"), CodeNegative, "the quantity on hand (%d) would fall below zero", level.OnHand)}, nil
	}
	return level, nil, w.backInStock(ctx, c, ch.VariantID, before)
}

var errRetry = errors.New("stock level created concurrently")

// backInStock records BACK_IN_STOCK when the variant had nothing to sell
// before the change and has some after (same transaction).
func (w *Writer) backInStock(ctx context.Context, c *ent.Client, variantID pulid.ID, before []row) error {
	if len(before) > 0 && before[0].Total > 0 {
		return nil
	}
	after, err := available(ctx, c, productvariant.ID(variantID))
	if err != nil || len(after) == 0 || after[0].Total <= 0 {
		return err
	}
	return events.Record(ctx, c, events.BackInStock, string(variantID), map[string]string{
		"variantId": string(variantID), "productId": string(after[0].Product), "available": strconv.Itoa(after[0].Total)})
}
