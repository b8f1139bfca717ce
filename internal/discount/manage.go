package discount

import (
	"context"
	"fmt"
	"strings"
	"time"

	"unicode"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
)

// Error codes (SetupErrorCode in the schema).
const (
	CodeInvalid  = "INVALID"
	CodeTaken    = "TAKEN"
	CodeNotFound = "NOT_FOUND"
)

// Input describes a code.
type Input struct {
	Code             string
	Kind             discountcode.Kind
	Value            int64 // hundredths of a percent, or minor units
	Currency         string
	MinimumSubtotal  int64
	StartsAt, EndsAt *time.Time
	UsageLimit       *int
	PerCustomerLimit *int
	ProductIDs       []pulid.ID
	CategoryIDs      []pulid.ID
	SellerIDs        []pulid.ID
	Active           bool
}

var field = func(p ...string) []string { return append([]string{"input"}, p...) }

func check(in Input) []apperr.UserError {
	var ues []apperr.UserError
	k := Key(in.Code)
	if k == "" || len(k) > 64 || strings.IndexFunc(k, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' }) >= 0 {
		ues = append(ues, apperr.UserErr(field("code"), CodeInvalid, "a code has 1 to 64 letters, digits, - or _"))
	}
	switch in.Kind {
	case discountcode.KindPERCENTAGE:
		if in.Value < 1 || in.Value > 10_000 {
			ues = append(ues, apperr.UserErr(field("value"), CodeInvalid, "a percentage is from 0.01 to 100"))
		}
	case discountcode.KindFIXED_AMOUNT:
		if in.Value < 1 {
			ues = append(ues, apperr.UserErr(field("value"), CodeInvalid, "an amount must be positive"))
		}
	default:
		ues = append(ues, apperr.UserErr(field("kind"), CodeInvalid, "kind is PERCENTAGE or FIXED_AMOUNT"))
	}
	if in.MinimumSubtotal < 0 {
		ues = append(ues, apperr.UserErr(field("minimumSubtotal"), CodeInvalid, "the minimum can't be negative"))
	}
	if in.StartsAt != nil && in.EndsAt != nil && !in.EndsAt.After(*in.StartsAt) {
		ues = append(ues, apperr.UserErr(field("endsAt"), CodeInvalid, "endsAt must come after startsAt"))
	}
	if (in.UsageLimit != nil && *in.UsageLimit < 1) || (in.PerCustomerLimit != nil && *in.PerCustomerLimit < 1) {
		ues = append(ues, apperr.UserErr(field("usageLimit"), CodeInvalid, "usage limits are at least 1"))
	}
	if len(in.ProductIDs)+len(in.CategoryIDs)+len(in.SellerIDs) > 500 {
		ues = append(ues, apperr.UserErr(field("productIds"), CodeInvalid, "at most 500 restrictions"))
	}
	return ues
}

func nonNil(ids []pulid.ID) []pulid.ID {
	if ids == nil {
		return []pulid.ID{}
	}
	return ids
}

// Create creates a code. Who: admins.
func Create(ctx context.Context, c *ent.Client, in Input) (*ent.DiscountCode, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	if ues := check(in); len(ues) > 0 {
		return nil, ues, nil
	}
	d, err := c.DiscountCode.Create().SetCode(strings.TrimSpace(in.Code)).SetCodeKey(Key(in.Code)).SetKind(in.Kind).
		SetValue(in.Value).SetCurrency(in.Currency).SetMinimumSubtotal(in.MinimumSubtotal).
		SetNillableStartsAt(in.StartsAt).SetNillableEndsAt(in.EndsAt).SetNillableUsageLimit(in.UsageLimit).
		SetNillablePerCustomerLimit(in.PerCustomerLimit).SetProductIds(nonNil(in.ProductIDs)).
		SetCategoryIds(nonNil(in.CategoryIDs)).SetSellerIds(nonNil(in.SellerIDs)).SetActive(in.Active).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("code"), CodeTaken, "this code exists already")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create discount code: %w", err)
	}
	return d, nil, nil
}

// Update replaces a code's rules (its code and usage count stay). Who: admins.
func Update(ctx context.Context, c *ent.Client, id pulid.ID, in Input) (*ent.DiscountCode, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	cur, err := c.DiscountCode.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("id"), CodeNotFound, "no discount code has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	in.Code = cur.Code
	if ues := check(in); len(ues) > 0 {
		return nil, ues, nil
	}
	u := c.DiscountCode.UpdateOne(cur).SetKind(in.Kind).SetValue(in.Value).SetMinimumSubtotal(in.MinimumSubtotal).
		SetProductIds(nonNil(in.ProductIDs)).SetCategoryIds(nonNil(in.CategoryIDs)).SetSellerIds(nonNil(in.SellerIDs)).SetActive(in.Active)
	if in.StartsAt != nil {
		u.SetStartsAt(*in.StartsAt)
	} else {
		u.ClearStartsAt()
	}
	if in.EndsAt != nil {
		u.SetEndsAt(*in.EndsAt)
	} else {
		u.ClearEndsAt()
	}
	if in.UsageLimit != nil {
		u.SetUsageLimit(*in.UsageLimit)
	} else {
		u.ClearUsageLimit()
	}
	if in.PerCustomerLimit != nil {
		u.SetPerCustomerLimit(*in.PerCustomerLimit)
	} else {
		u.ClearPerCustomerLimit()
	}
	d, err := u.Save(ctx)
	return d, nil, err
}

// List lists codes, newest first. Who: admins.
func List(ctx context.Context, c *ent.Client, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.DiscountCodeConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return c.DiscountCode.Query().Paginate(ctx, after, first, before, last,
		ent.WithDiscountCodeOrder(&ent.DiscountCodeOrder{Field: ent.DiscountCodeOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}
