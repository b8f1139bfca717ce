package resolvers

import (
	"context"
	"sort"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/addressbook"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"

	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/catalog"
)

// toFilter maps the GraphQL product filter to the catalog's.
func toFilter(w *model.ProductFilter) *catalog.Filter {
	if w == nil {
		return nil
	}
	f := &catalog.Filter{
		CategoryID:   w.CategoryID,
		CategorySlug: w.CategorySlug,
		SellerID:     w.SellerID,
		SellerSlug:   w.SellerSlug,
		InStock:      w.InStock,
		MinRating:    w.MinRating,
	}
	if w.Price != nil {
		f.PriceMin, f.PriceMax = w.Price.Min, w.Price.Max
	}
	for _, a := range w.Attributes {
		f.Attributes = append(f.Attributes, catalog.Attribute{Key: a.Key, Value: a.Value})
	}
	return f
}

func toOrder(o *model.ProductSortOrder) *catalog.Order {
	if o == nil {
		return nil
	}
	return &catalog.Order{Key: catalog.SortKey(o.Field), Direction: o.Direction}
}

// sortedPairs turns a string map into name/value pairs sorted by name.
func sortedPairs[T any](m map[string]string, mk func(k, v string) T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, len(keys))
	for i, k := range keys {
		out[i] = mk(k, m[k])
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// userErrors maps domain userErrors to a payload's error type; the list is
// never null.
func userErrors[T any](ues []apperr.UserError, mk func(apperr.UserError) *T) []*T {
	out := make([]*T, len(ues))
	for i, ue := range ues {
		out[i] = mk(ue)
	}
	return out
}

// customerErrors maps account userErrors.
func customerErrors(ues []apperr.UserError) []*model.CustomerUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.CustomerUserError {
		return &model.CustomerUserError{Field: ue.Field, Code: model.CustomerErrorCode(ue.Code), Message: ue.Message}
	})
}

func accessToken(p *account.TokenPair) *model.CustomerAccessToken {
	if p == nil {
		return nil
	}
	return &model.CustomerAccessToken{
		AccessToken: p.AccessToken, ExpiresAt: p.AccessExpiresAt,
		RefreshToken: p.RefreshToken, RefreshTokenExpiresAt: p.RefreshExpiresAt,
	}
}

// catalogErrors maps catalog userErrors.
func catalogErrors(ues []apperr.UserError) []*model.CatalogUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.CatalogUserError {
		return &model.CatalogUserError{Field: ue.Field, Code: model.CatalogErrorCode(ue.Code), Message: ue.Message}
	})
}

func attributes(in []*model.AttributeInput) []catalog.Attribute {
	if in == nil {
		return nil
	}
	out := make([]catalog.Attribute, len(in))
	for i, a := range in {
		out[i] = catalog.Attribute{Key: a.Key, Value: a.Value}
	}
	return out
}

func options(in []*model.SelectedOptionInput) []catalog.Attribute {
	if in == nil {
		return nil
	}
	out := make([]catalog.Attribute, len(in))
	for i, o := range in {
		out[i] = catalog.Attribute{Key: o.Name, Value: o.Value}
	}
	return out
}

func nilIfEmpty(id pulid.ID) *pulid.ID {
	if id == "" {
		return nil
	}
	return &id
}

func isTrue(b *bool) bool { return b != nil && *b }

func addressInput(a *model.MailingAddressInput) addressbook.Input {
	return addressbook.Input{
		FirstName: deref(a.FirstName), LastName: deref(a.LastName), Company: deref(a.Company),
		Address1: a.Address1, Address2: deref(a.Address2), City: a.City, ProvinceCode: deref(a.ProvinceCode),
		Zip: deref(a.Zip), CountryCode: a.CountryCode, Phone: deref(a.Phone),
	}
}

// viewerCustomer re-reads the viewer, so that a payload shows its new
// default addresses.
func (r *Resolver) viewerCustomer(ctx context.Context) *ent.Customer {
	v, err := account.CurrentViewer(ctx)
	if err != nil || v == nil {
		return nil
	}
	c, err := r.Accounts.Customer(ctx, v.Customer.ID)
	if err != nil {
		return v.Customer
	}
	return c
}

// cartErrors maps cart userErrors.
func cartErrors(ues []apperr.UserError) []*model.CartUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.CartUserError {
		return &model.CartUserError{Field: ue.Field, Code: model.CartErrorCode(ue.Code), Message: ue.Message}
	})
}

func cartLines(in []*model.CartLineInput) []cart.LineInput {
	out := make([]cart.LineInput, len(in))
	for i, l := range in {
		q := 1
		if l.Quantity != nil {
			q = *l.Quantity
		}
		out[i] = cart.LineInput{VariantID: l.MerchandiseID, Quantity: q}
	}
	return out
}

// nilIfBlank is how a nullable String backed by a plain Go string says
// "nothing": the store keeps "" for absent text, the API answers null.
func nilIfBlank(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// warehouseErrors maps warehouse userErrors.
func warehouseErrors(ues []apperr.UserError) []*model.WarehouseUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.WarehouseUserError {
		return &model.WarehouseUserError{Field: ue.Field, Code: model.WarehouseErrorCode(ue.Code), Message: ue.Message}
	})
}
