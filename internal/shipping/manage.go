package shipping

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/ent/shippingzone"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (SetupErrorCode in the schema).
const (
	CodeInvalid  = "INVALID"
	CodeNotFound = "NOT_FOUND"
)

// Admin manages zones and methods. Every method: admins only.
type Admin struct{ St *store.Store }

var field = func(p ...string) []string { return append([]string{"input"}, p...) }

// checkZone validates a zone's name and countries.
func checkZone(name string, countries []string) (string, []string, []apperr.UserError) {
	var ues []apperr.UserError
	name = strings.TrimSpace(name)
	if name == "" || text.TooLong(name, text.LabelMax) {
		ues = append(ues, apperr.UserErr(field("name"), CodeInvalid, "name has 1 to %d characters", text.LabelMax))
	}
	if len(countries) == 0 || len(countries) > 250 {
		ues = append(ues, apperr.UserErr(field("countries"), CodeInvalid, "give 1 to 250 countries"))
	}
	var out []string
	for i, c := range countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		if reg, err := language.ParseRegion(c); len(c) != 2 || err != nil || !reg.IsCountry() {
			ues = append(ues, apperr.UserErr(field("countries", fmt.Sprint(i)), CodeInvalid, "%q is not an ISO 3166-1 alpha-2 country code", c))
		} else if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return name, out, ues
}

// CreateZone creates a zone.
func (a *Admin) CreateZone(ctx context.Context, name string, countries []string) (*ent.ShippingZone, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	name, countries, ues := checkZone(name, countries)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	z, err := a.St.Client.ShippingZone.Create().SetName(name).SetCountries(countries).Save(ctx)
	return z, nil, err
}

// UpdateZone replaces a zone's name and countries.
func (a *Admin) UpdateZone(ctx context.Context, id pulid.ID, name string, countries []string) (*ent.ShippingZone, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	name, countries, ues := checkZone(name, countries)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	var z *ent.ShippingZone
	err := a.St.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		if z, err = tx.ShippingZone.UpdateOneID(id).SetName(name).SetCountries(countries).Save(ctx); err != nil {
			return err
		}
		return tx.ShippingMethod.Update().Where(shippingmethod.ZoneID(id)).SetCountries(countries).Exec(ctx)
	})
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("id"), CodeNotFound, "no shipping zone has this id")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update zone: %w", err)
	}
	// Unwrap: z was saved by the committed transaction's client; the
	// payload's resolvers load its methods afterwards.
	return z.Unwrap(), nil, nil
}

// DeleteZone deletes a zone and its methods.
func (a *Admin) DeleteZone(ctx context.Context, id pulid.ID) ([]apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	n := 0
	err := a.St.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.ShippingMethod.Delete().Where(shippingmethod.ZoneID(id)).Exec(ctx); err != nil {
			return err
		}
		var err error
		n, err = tx.ShippingZone.Delete().Where(shippingzone.ID(id)).Exec(ctx)
		return err
	})
	if err == nil && n == 0 {
		return []apperr.UserError{apperr.UserErr(field("id"), CodeNotFound, "no shipping zone has this id")}, nil
	}
	return nil, err
}

// MethodInput describes a method.
type MethodInput struct {
	ZoneID         pulid.ID
	Name           string
	Kind           shippingmethod.Kind
	Price          int64
	PricePerKg     int64
	FreeAbove      *int64
	Currency       string
	MinWeightGrams int
	MaxWeightGrams *int
	MinDays        int
	MaxDays        int
	Active         bool
}

func checkMethod(in MethodInput) []apperr.UserError {
	var ues []apperr.UserError
	if n := strings.TrimSpace(in.Name); n == "" || text.TooLong(n, text.LabelMax) {
		ues = append(ues, apperr.UserErr(field("name"), CodeInvalid, "name has 1 to %d characters", text.LabelMax))
	}
	if shippingmethod.KindValidator(in.Kind) != nil {
		ues = append(ues, apperr.UserErr(field("kind"), CodeInvalid, "kind is FLAT or WEIGHT"))
	}
	if in.Price < 0 || in.PricePerKg < 0 || (in.FreeAbove != nil && *in.FreeAbove < 0) {
		ues = append(ues, apperr.UserErr(field("price"), CodeInvalid, "prices can't be negative"))
	}
	if in.Kind == shippingmethod.KindFLAT && in.PricePerKg != 0 {
		ues = append(ues, apperr.UserErr(field("pricePerKg"), CodeInvalid, "a FLAT method has no price per kg"))
	}
	if in.MinWeightGrams < 0 || (in.MaxWeightGrams != nil && *in.MaxWeightGrams < in.MinWeightGrams) {
		ues = append(ues, apperr.UserErr(field("maxWeightGrams"), CodeInvalid, "the weight range is empty"))
	}
	if in.MinDays < 0 || in.MaxDays < in.MinDays || in.MaxDays > 365 {
		ues = append(ues, apperr.UserErr(field("maxDeliveryDays"), CodeInvalid, "delivery takes from minDeliveryDays to maxDeliveryDays (at most 365)"))
	}
	return ues
}

// CreateMethod adds a method to a zone.
func (a *Admin) CreateMethod(ctx context.Context, in MethodInput) (*ent.ShippingMethod, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	if ues := checkMethod(in); len(ues) > 0 {
		return nil, ues, nil
	}
	zone, err := a.St.Client.ShippingZone.Get(ctx, in.ZoneID)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("zoneId"), CodeNotFound, "no shipping zone has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	m, err := a.St.Client.ShippingMethod.Create().SetZoneID(in.ZoneID).SetCountries(zone.Countries).SetName(strings.TrimSpace(in.Name)).SetKind(in.Kind).
		SetPrice(in.Price).SetPricePerKg(in.PricePerKg).SetNillableFreeAbove(in.FreeAbove).SetCurrency(in.Currency).
		SetMinWeightGrams(in.MinWeightGrams).SetNillableMaxWeightGrams(in.MaxWeightGrams).SetMinDays(in.MinDays).
		SetMaxDays(in.MaxDays).SetActive(in.Active).Save(ctx)
	return m, nil, err
}

// UpdateMethod replaces a method's settings (its zone stays).
func (a *Admin) UpdateMethod(ctx context.Context, id pulid.ID, in MethodInput) (*ent.ShippingMethod, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	if ues := checkMethod(in); len(ues) > 0 {
		return nil, ues, nil
	}
	u := a.St.Client.ShippingMethod.UpdateOneID(id).SetName(strings.TrimSpace(in.Name)).SetKind(in.Kind).
		SetPrice(in.Price).SetPricePerKg(in.PricePerKg).SetMinWeightGrams(in.MinWeightGrams).
		SetMinDays(in.MinDays).SetMaxDays(in.MaxDays).SetActive(in.Active)
	if in.FreeAbove != nil {
		u.SetFreeAbove(*in.FreeAbove)
	} else {
		u.ClearFreeAbove()
	}
	if in.MaxWeightGrams != nil {
		u.SetMaxWeightGrams(*in.MaxWeightGrams)
	} else {
		u.ClearMaxWeightGrams()
	}
	m, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(field("id"), CodeNotFound, "no shipping method has this id")}, nil
	}
	return m, nil, err
}

// DeleteMethod deletes a method.
func (a *Admin) DeleteMethod(ctx context.Context, id pulid.ID) ([]apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	n, err := a.St.Client.ShippingMethod.Delete().Where(shippingmethod.ID(id)).Exec(ctx)
	if err == nil && n == 0 {
		return []apperr.UserError{apperr.UserErr(field("id"), CodeNotFound, "no shipping method has this id")}, nil
	}
	return nil, err
}

// Zones lists zones with their methods.
func (a *Admin) Zones(ctx context.Context) ([]*ent.ShippingZone, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	return a.St.Client.ShippingZone.Query().WithMethods().Order(ent.Asc(shippingzone.FieldName)).Limit(1000).All(ctx)
}
