package tax

import (
	"context"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	"golang.org/x/text/language"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/taxrate"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (SetupErrorCode in the schema).
const (
	CodeInvalid  = "INVALID"
	CodeNotFound = "NOT_FOUND"
)

// ParsePercentage reads a percentage as parts per million.
func ParsePercentage(s string) (int, bool) { return money.ParsePercent(s) }

// FormatPercentage writes parts per million as a percentage.
func FormatPercentage(ppm int) string { return money.FormatPercent(ppm) }

// ValidCountry reports whether s is an ISO 3166-1 alpha-2 country code.
func ValidCountry(s string) bool {
	reg, err := language.ParseRegion(s)
	return len(s) == 2 && err == nil && reg.IsCountry()
}

// Set creates or replaces the rate of a country (province "") or region.
// Who: admins.
func Set(ctx context.Context, c *ent.Client, country, province, name, percentage string) (*ent.TaxRate, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	country, province = strings.ToUpper(strings.TrimSpace(country)), strings.ToUpper(strings.TrimSpace(province))
	var ues []apperr.UserError
	if !ValidCountry(country) {
		ues = append(ues, apperr.UserErr([]string{"input", "countryCode"}, CodeInvalid, "countryCode must be an ISO 3166-1 alpha-2 country code"))
	}
	if len(province) > 10 {
		ues = append(ues, apperr.UserErr([]string{"input", "provinceCode"}, CodeInvalid, "provinceCode has at most 10 characters"))
	}
	if text.TooLong(name, text.LabelMax) {
		ues = append(ues, apperr.UserErr([]string{"input", "name"}, CodeInvalid, "name has at most %d characters", text.LabelMax))
	}
	ppm, ok := ParsePercentage(percentage)
	if !ok {
		ues = append(ues, apperr.UserErr([]string{"input", "percentage"}, CodeInvalid, "percentage must be a decimal from 0 to 100 with at most 4 decimals, e.g. \"20\" or \"8.875\""))
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	id, err := c.TaxRate.Create().SetCountryCode(country).SetProvinceCode(province).SetName(name).SetRatePpm(ppm).
		OnConflict(entsql.ConflictColumns(taxrate.FieldCountryCode, taxrate.FieldProvinceCode)).
		UpdateRatePpm().UpdateName().UpdateUpdatedAt().ID(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("set tax rate: %w", err)
	}
	r, err := c.TaxRate.Get(ctx, id)
	return r, nil, err
}

// Delete removes a rate. Who: admins.
func Delete(ctx context.Context, c *ent.Client, id pulid.ID) ([]apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	n, err := c.TaxRate.Delete().Where(taxrate.ID(id)).Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []apperr.UserError{apperr.UserErr([]string{"input", "id"}, CodeNotFound, "no tax rate has this id")}, nil
	}
	return nil, nil
}

// List returns the table, by country and region. Who: admins.
func List(ctx context.Context, c *ent.Client) ([]*ent.TaxRate, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	return c.TaxRate.Query().Order(ent.Asc(taxrate.FieldCountryCode), ent.Asc(taxrate.FieldProvinceCode)).Limit(1000).All(ctx)
}
