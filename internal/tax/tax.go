// Package tax keeps the tax rate table: a rate per country, optionally
// replaced for one region (province, state) of it. Admins manage it.
package tax

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/taxrate"
)

// Destination is where goods ship to.
type Destination struct{ Country, Province string }

// Rates returns the rate (parts per million) of each destination, in one
// statement: the region's rate when there is one, else the country's, else
// 0.
func Rates(ctx context.Context, c *ent.Client, dests []Destination) (map[Destination]int, error) {
	out := make(map[Destination]int, len(dests))
	var countries []string
	for _, d := range dests {
		if d.Country != "" {
			countries = append(countries, d.Country)
		}
	}
	if len(countries) == 0 {
		return out, nil
	}
	rows, err := c.TaxRate.Query().Where(taxrate.CountryCodeIn(countries...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load tax rates: %w", err)
	}
	for _, d := range dests {
		found := false
		for _, r := range rows {
			if r.CountryCode != d.Country {
				continue
			}
			if r.ProvinceCode != "" && r.ProvinceCode == d.Province {
				out[d] = r.RatePpm
				found = true
			} else if r.ProvinceCode == "" && !found {
				out[d] = r.RatePpm
			}
		}
	}
	return out, nil
}
