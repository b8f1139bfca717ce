package inventory

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
	"github.com/comptoir/comptoir/ent/warehouse"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/text"
)

// Warehouse error codes (WarehouseErrorCode in the schema).
const (
	CodeWarehouseInvalid  = "INVALID"
	CodeWarehouseTaken    = "CODE_TAKEN"
	CodeWarehouseNotFound = "NOT_FOUND"
	CodeWarehouseInUse    = "IN_USE"
)

// Limits of a warehouse's fields.
const (
	warehouseCodeMax = 50
	addressMax       = text.NoteMax
	priorityBound    = 1_000_000
)

// codePattern is what a warehouse code looks like once lowered.
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// NormalizeCode is how a warehouse code given by a client is read: trimmed
// and lowered, so that "Paris-1" names the warehouse "paris-1".
func NormalizeCode(code string) string { return strings.ToLower(strings.TrimSpace(code)) }

// ReservationOrder sorts warehouses the way Reserve takes stock from them:
// priority (lower first), then code. Listing and reservation share it.
var ReservationOrder = []*ent.WarehouseOrder{
	{Field: ent.WarehouseOrderFieldPriority, Direction: entgqlrt.OrderDirectionAsc},
	{Field: ent.WarehouseOrderFieldCode, Direction: entgqlrt.OrderDirectionAsc},
}

// WarehouseInput is a new warehouse, or the changes to one (nil: unchanged;
// Code is ignored on update).
type WarehouseInput struct {
	Code        string
	Name        *string
	Address     *string
	CountryCode *string
	Priority    *int
	Active      *bool
}

// check validates the input and returns it cleaned (trimmed, cased).
func (in WarehouseInput) check(create bool) (WarehouseInput, []apperr.UserError) {
	var ues []apperr.UserError
	if create {
		in.Code = NormalizeCode(in.Code)
		if in.Code == "" || text.TooLong(in.Code, warehouseCodeMax) || !codePattern.MatchString(in.Code) {
			ues = append(ues, apperr.UserErr(field("code"), CodeWarehouseInvalid,
				"code has 1 to %d lower-case letters, digits, - or _, and starts with a letter or digit", warehouseCodeMax))
		}
		if in.Name == nil {
			in.Name = new(string)
		}
	}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || text.TooLong(n, text.NameMax) {
			ues = append(ues, apperr.UserErr(field("name"), CodeWarehouseInvalid, "name has 1 to %d characters", text.NameMax))
		}
		in.Name = &n
	}
	if in.Address != nil {
		a := strings.TrimSpace(*in.Address)
		if text.TooLong(a, addressMax) {
			ues = append(ues, apperr.UserErr(field("address"), CodeWarehouseInvalid, "address has at most %d characters", addressMax))
		}
		in.Address = &a
	}
	if in.CountryCode != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.CountryCode))
		if reg, err := language.ParseRegion(c); c != "" && (len(c) != 2 || err != nil || !reg.IsCountry()) {
			ues = append(ues, apperr.UserErr(field("countryCode"), CodeWarehouseInvalid, "%q is not an ISO 3166-1 alpha-2 country code", c))
		}
		in.CountryCode = &c
	}
	if in.Priority != nil && (*in.Priority < -priorityBound || *in.Priority > priorityBound) {
		ues = append(ues, apperr.UserErr(field("priority"), CodeWarehouseInvalid, "priority is between %d and %d", -priorityBound, priorityBound))
	}
	return in, ues
}

// CreateWarehouse creates a warehouse. Who: admins. UserErrors: INVALID,
// CODE_TAKEN.
func CreateWarehouse(ctx context.Context, c *ent.Client, in WarehouseInput) (*ent.Warehouse, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	in, ues := in.check(true)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	taken := []apperr.UserError{apperr.UserErr(field("code"), CodeWarehouseTaken, "another warehouse has the code %q", in.Code)}
	if ok, err := c.Warehouse.Query().Where(warehouse.Code(in.Code)).Exist(ctx); err != nil || ok {
		if err != nil {
			return nil, nil, fmt.Errorf("check warehouse code: %w", err)
		}
		return nil, taken, nil
	}
	wh, err := c.Warehouse.Create().SetCode(in.Code).SetName(*in.Name).
		SetNillableAddress(in.Address).SetNillableCountryCode(in.CountryCode).
		SetNillablePriority(in.Priority).SetNillableActive(in.Active).Save(ctx)
	if ent.IsConstraintError(err) { // created meanwhile
		return nil, taken, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create warehouse: %w", err)
	}
	return wh, nil, nil
}

// UpdateWarehouse changes a warehouse; its code stays. Who: admins.
// UserErrors: INVALID, NOT_FOUND.
func UpdateWarehouse(ctx context.Context, c *ent.Client, id pulid.ID, in WarehouseInput) (*ent.Warehouse, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	in, ues := in.check(false)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	wh, err := c.Warehouse.UpdateOneID(id).SetNillableName(in.Name).
		SetNillableAddress(in.Address).SetNillableCountryCode(in.CountryCode).
		SetNillablePriority(in.Priority).SetNillableActive(in.Active).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("id"), CodeWarehouseNotFound, "no warehouse has this id")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update warehouse: %w", err)
	}
	return wh, nil, nil
}

// DeleteWarehouse deletes a warehouse with its stock levels, which must all
// be empty, and refuses while it holds stock, reservations (of unpaid or
// restockable orders) or is the default. Who: admins. UserErrors:
// NOT_FOUND, IN_USE.
func DeleteWarehouse(ctx context.Context, c *ent.Client, id pulid.ID) ([]apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	tx, err := c.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	ues, err := deleteWarehouse(ctx, tx.Client(), id)
	if err != nil || len(ues) > 0 {
		return ues, err
	}
	return nil, tx.Commit()
}

func deleteWarehouse(ctx context.Context, c *ent.Client, id pulid.ID) ([]apperr.UserError, error) {
	inUse := func(format string, args ...any) []apperr.UserError {
		return []apperr.UserError{apperr.UserErr(field("id"), CodeWarehouseInUse, format, args...)}
	}
	wh, err := c.Warehouse.Get(ctx, id)
	if ent.IsNotFound(err) {
		return []apperr.UserError{apperr.UserErr(field("id"), CodeWarehouseNotFound, "no warehouse has this id")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load warehouse: %w", err)
	}
	if wh.IsDefault {
		return inUse("the default warehouse takes stock changes that name no warehouse: it can't be deleted"), nil
	}
	// Reservations point at levels by id: a level that ever supplied an
	// order stays, and with it the warehouse (its history).
	levels, err := c.InventoryLevel.Query().Where(inventorylevel.WarehouseID(id)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list stock levels: %w", err)
	}
	held, err := c.StockReservation.Query().Where(stockreservation.LevelIDIn(levels...)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("check reservations: %w", err)
	}
	if held {
		return inUse("orders were supplied from this warehouse: deactivate it instead"), nil
	}
	// The delete is conditional: stock added meanwhile keeps the level,
	// and the warehouse with it (the foreign key refuses).
	if _, err := c.InventoryLevel.Delete().Where(inventorylevel.WarehouseID(id), inventorylevel.OnHand(0), inventorylevel.Reserved(0)).Exec(ctx); err != nil {
		return nil, fmt.Errorf("delete empty stock levels: %w", err)
	}
	if ok, err := c.InventoryLevel.Query().Where(inventorylevel.WarehouseID(id)).Exist(ctx); err != nil || ok {
		if err != nil {
			return nil, err
		}
		return inUse("the warehouse holds stock: move or zero it first"), nil
	}
	if err := c.Warehouse.DeleteOneID(id).Exec(ctx); ent.IsConstraintError(err) {
		return inUse("the warehouse received stock meanwhile"), nil
	} else if err != nil {
		return nil, fmt.Errorf("delete warehouse: %w", err)
	}
	return nil, nil
}

// ListWarehouses pages through the warehouses in reservation order. Who:
// admins.
func ListWarehouses(ctx context.Context, c *ent.Client, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.WarehouseConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return c.Warehouse.Query().Paginate(ctx, after, first, before, last, ent.WithWarehouseOrder(ReservationOrder))
}
