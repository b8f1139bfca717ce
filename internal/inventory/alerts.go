package inventory

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockalert"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
)

// Stock alert error codes (StockAlertErrorCode in the schema).
const (
	CodeAlertInvalid  = "INVALID"
	CodeAlertNotFound = "NOT_FOUND"
)

// AlertWhenAvailable asks for a mail to email when the variant is back in
// stock (once; asking again re-arms it). Who: anyone (a guest gives an
// email). The variant must be for sale: its product public
// (policy.Shopper).
func AlertWhenAvailable(ctx context.Context, c *ent.Client, variantID pulid.ID, email string) ([]apperr.UserError, error) {
	email = strings.TrimSpace(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		return []apperr.UserError{apperr.UserErr([]string{"input", "email"}, CodeAlertInvalid, "email is invalid")}, nil
	}
	// An alert is for shoppers: the public view, even for the seller's members.
	ok, err := c.ProductVariant.Query().Where(productvariant.ID(variantID), policy.Shopper().Variants()).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []apperr.UserError{apperr.UserErr([]string{"input", "variantId"}, CodeAlertNotFound, "no published variant has this id")}, nil
	}
	err = c.StockAlert.Create().SetVariantID(variantID).SetEmail(strings.ToLower(email)).
		OnConflict(entsql.ConflictColumns(stockalert.FieldVariantID, stockalert.FieldEmail)).ClearNotifiedAt().UpdateUpdatedAt().Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("stock alert: %w", err)
	}
	return nil, nil
}
