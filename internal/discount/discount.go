// Package discount keeps discount codes: their rules (read by pricing),
// their management by admins, and their redemption at checkout, where the
// total and per-customer usage limits are enforced by conditional writes so
// that concurrent checkouts cannot exceed them.
package discount

import (
	"context"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/discountcustomeruse"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/pricing"
)

// Key normalizes a code as typed by a buyer.
func Key(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// Load returns the rules of the given codes (by key), in one statement.
// Unknown codes are absent.
func Load(ctx context.Context, c *ent.Client, codes []string) (map[string]*pricing.Discount, error) {
	out := make(map[string]*pricing.Discount, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	rows, err := c.DiscountCode.Query().Where(discountcode.CodeKeyIn(codes...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load discount codes: %w", err)
	}
	for _, d := range rows {
		out[d.CodeKey] = Rule(d)
	}
	return out, nil
}

// Rule converts a code to its pricing rule.
func Rule(d *ent.DiscountCode) *pricing.Discount {
	return &pricing.Discount{
		ID: d.ID, Code: d.CodeKey, Percentage: d.Kind == discountcode.KindPERCENTAGE, Value: d.Value,
		Currency: money.Currency(d.Currency), MinimumSubtotal: d.MinimumSubtotal,
		StartsAt: d.StartsAt, EndsAt: d.EndsAt, Active: d.Active,
		Exhausted:  d.UsageLimit != nil && d.UsedCount >= *d.UsageLimit,
		ProductIDs: d.ProductIds, CategoryIDs: d.CategoryIds, SellerIDs: d.SellerIds,
		UsageLimit: d.UsageLimit, PerCustomer: d.PerCustomerLimit,
	}
}

// Redemption failures.
var (
	ErrUsedUp          = fmt.Errorf("discount code used up")
	ErrCustomerLimited = fmt.Errorf("discount code already used by this customer")
)

// Redeem counts one use of a code by a customer inside the checkout's
// transaction. Each limit is one conditional statement, so concurrent
// checkouts cannot exceed it. customerKey is a customer ID or
// "email:<lower-cased email>" for a guest.
func Redeem(ctx context.Context, tx *ent.Client, dialect string, d *pricing.Discount, customerKey string) error {
	u := tx.DiscountCode.Update().Where(discountcode.ID(d.ID)).AddUsedCount(1)
	if d.UsageLimit != nil {
		u = u.Where(discountcode.UsedCountLT(*d.UsageLimit))
	}
	n, err := u.Save(ctx)
	if err != nil {
		return fmt.Errorf("count discount use: %w", err)
	}
	if n == 0 {
		return ErrUsedUp
	}
	if d.PerCustomer == nil {
		return nil
	}
	limit := *d.PerCustomer
	// Insert the first use, or add one while under the limit: when the
	// limit is reached the conflict update matches nothing and no row is
	// affected. ent's upsert does not report affected rows, hence the builder.
	q, args := entsql.Dialect(dialect).Insert(discountcustomeruse.Table).
		Columns(discountcustomeruse.FieldID, discountcustomeruse.FieldDiscountID, discountcustomeruse.FieldCustomerKey, discountcustomeruse.FieldCount).
		Values(pulid.New("dcu"), d.ID, customerKey, 1).
		OnConflict(
			entsql.ConflictColumns(discountcustomeruse.FieldDiscountID, discountcustomeruse.FieldCustomerKey),
			entsql.ResolveWith(func(s *entsql.UpdateSet) {
				s.Set(discountcustomeruse.FieldCount, entsql.Expr(s.Table().C(discountcustomeruse.FieldCount)+" + 1"))
			}),
			entsql.UpdateWhere(entsql.LT(discountcustomeruse.FieldCount, limit)),
		).Query()
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("count customer discount use: %w", err)
	}
	n2, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n2 == 0 {
		return ErrCustomerLimited
	}
	return nil
}

// ByIDs loads codes by ID (checkout re-reads the codes it priced with).
func ByIDs(ctx context.Context, c *ent.Client, ids []pulid.ID) ([]*ent.DiscountCode, error) {
	return c.DiscountCode.Query().Where(discountcode.IDIn(ids...)).All(ctx)
}

// Release gives back the uses an order took (its payment failed or expired,
// or it was cancelled unpaid), inside the caller's transaction.
func Release(ctx context.Context, tx *ent.Client, codes []string, customerKey string) error {
	if len(codes) == 0 {
		return nil
	}
	ids, err := tx.DiscountCode.Query().Where(discountcode.CodeKeyIn(codes...)).IDs(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	if err := tx.DiscountCode.Update().Where(discountcode.IDIn(ids...), discountcode.UsedCountGT(0)).AddUsedCount(-1).Exec(ctx); err != nil {
		return fmt.Errorf("release discount uses: %w", err)
	}
	return tx.DiscountCustomerUse.Update().Where(discountcustomeruse.DiscountIDIn(ids...), discountcustomeruse.CustomerKey(customerKey), discountcustomeruse.CountGT(0)).
		AddCount(-1).Exec(ctx)
}

// CustomerKey names who used a code: a customer ID, or a guest's email.
func CustomerKey(customerID *pulid.ID, email string) string {
	if customerID != nil {
		return string(*customerID)
	}
	return "email:" + strings.ToLower(email)
}
