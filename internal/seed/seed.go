// Package seed ships the demo catalog inside the binary (the first 300
// products of the reference catalog) and loads it into an empty store, with
// the tax rates and shipping zones a demo checkout needs. The reference
// catalog's images live on images.example.com, which serves nothing: the
// seed points them at the images internal/media draws and serves from our
// own origin.
package seed

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"strconv"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/media"
	"github.com/comptoir/comptoir/internal/store"
)

//go:embed demo.jsonl
var demo []byte

// exampleImage is an image URL of the reference catalog; firstColour is
// the colour of a line's first variant.
var (
	exampleImage = regexp.MustCompile(`"url":"https://images\.example\.com/products/([a-z0-9-]+)/([0-9]+)\.jpg"`)
	firstColour  = regexp.MustCompile(`"color":"([^"]*)"`)
)

// Catalog is the demo catalog file with its images pointed at our demo
// image endpoint, drawn in each product's first colour, as relative URLs
// (made absolute against the request's origin when read) with their size
// and type.
func Catalog() []byte {
	lines := bytes.Split(demo, []byte("\n"))
	for i, line := range lines {
		var tint string
		if m := firstColour.FindSubmatch(line); m != nil {
			tint = catalog.ColourHex(string(m[1]))
		}
		lines[i] = exampleImage.ReplaceAllFunc(line, func(m []byte) []byte {
			sub := exampleImage.FindSubmatch(m)
			n, _ := strconv.Atoi(string(sub[2]))
			return fmt.Appendf(nil, `"url":%q,"width":%d,"height":%d,"mimeType":"image/png"`,
				media.DemoPath(string(sub[1]), n, tint), media.DemoSize, media.DemoSize)
		})
	}
	return bytes.Join(lines, []byte("\n"))
}

// Demo imports the demo catalog. Like any import it changes nothing when
// loaded again.
func Demo(ctx context.Context, st *store.Store) (*catalog.ImportResult, error) {
	res, err := catalog.Import(ctx, st, bytes.NewReader(Catalog()))
	if err != nil {
		return res, err
	}
	return res, demoShop(ctx, st)
}

// demoShop adds what a demo checkout needs when the shop has none: EU tax
// rates and two shipping zones.
func demoShop(ctx context.Context, st *store.Store) error {
	if n, err := st.Client.ShippingZone.Query().Count(ctx); err != nil || n > 0 {
		return err
	}
	return st.WithTx(ctx, func(tx *ent.Tx) error {
		for _, r := range []struct {
			country, name string
			ppm           int
		}{{"FR", "TVA", 200_000}, {"DE", "MwSt", 190_000}, {"BE", "TVA/BTW", 210_000}, {"ES", "IVA", 210_000}, {"IT", "IVA", 220_000}, {"NL", "BTW", 210_000}} {
			if err := tx.TaxRate.Create().SetCountryCode(r.country).SetName(r.name).SetRatePpm(r.ppm).Exec(ctx); err != nil {
				return err
			}
		}
		eu := []string{"FR", "DE", "BE", "ES", "IT", "NL", "LU", "AT", "PT", "IE"}
		z, err := tx.ShippingZone.Create().SetName("Europe").SetCountries(eu).Save(ctx)
		if err != nil {
			return err
		}
		free := int64(10000)
		if err := tx.ShippingMethod.Create().SetZoneID(z.ID).SetCountries(eu).SetName("Standard").SetKind(shippingmethod.KindFLAT).
			SetPrice(490).SetFreeAbove(free).SetCurrency("EUR").SetMinDays(2).SetMaxDays(4).Exec(ctx); err != nil {
			return err
		}
		if err := tx.ShippingMethod.Create().SetZoneID(z.ID).SetCountries(eu).SetName("Express").SetKind(shippingmethod.KindFLAT).
			SetPrice(1290).SetCurrency("EUR").SetMinDays(1).SetMaxDays(1).Exec(ctx); err != nil {
			return err
		}
		world := []string{"US", "CA", "GB", "CH", "JP", "AU"}
		w, err := tx.ShippingZone.Create().SetName("World").SetCountries(world).Save(ctx)
		if err != nil {
			return err
		}
		return tx.ShippingMethod.Create().SetZoneID(w.ID).SetCountries(world).SetName("International").SetKind(shippingmethod.KindWEIGHT).
			SetPrice(1500).SetPricePerKg(500).SetCurrency("EUR").SetMinDays(5).SetMaxDays(10).Exec(ctx)
	})
}

// DemoIfEmpty imports the demo catalog when the store has no products and no
// sellers, and reports whether it did.
func DemoIfEmpty(ctx context.Context, st *store.Store) (bool, error) {
	n, err := st.Client.Product.Query().Count(ctx)
	if err != nil {
		return false, fmt.Errorf("count products: %w", err)
	}
	s, err := st.Client.Seller.Query().Count(ctx)
	if err != nil {
		return false, fmt.Errorf("count sellers: %w", err)
	}
	if n > 0 || s > 0 {
		return false, nil
	}
	res, err := Demo(ctx, st)
	if err != nil {
		return false, err
	}
	if len(res.Errors) > 0 {
		return true, fmt.Errorf("demo catalog: %v", res.Errors[0])
	}
	return true, nil
}
