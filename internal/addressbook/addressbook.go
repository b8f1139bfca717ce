// Package addressbook keeps customers' addresses and their default shipping
// and billing addresses. Only the owner (or an admin) reads or changes them.
package addressbook

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// MaxAddresses bounds one address book.
const MaxAddresses = 50

// Error codes (CustomerErrorCode in the schema).
const (
	codeBlank    = "BLANK"
	codeInvalid  = "INVALID"
	codeTooLong  = "TOO_LONG"
	codeNotFound = "NOT_FOUND"
	codeLimit    = "LIMIT_EXCEEDED"
)

// Input is an address as the client sends it.
type Input struct {
	FirstName, LastName, Company, Address1, Address2, City, ProvinceCode, Zip, CountryCode, Phone string
}

// Defaults says which defaults an address becomes.
type Defaults struct{ Shipping, Billing bool }

// Book is the address book service.
type Book struct{ st *store.Store }

// New returns the address book service.
func New(st *store.Store) *Book { return &Book{st: st} }

// Check validates and normalizes an address; field paths start with
// prefix (such as "input", "address").
func Check(in Input, prefix ...string) (Input, []apperr.UserError) {
	var ues []apperr.UserError
	f := func(name string) []string { return append(append([]string{}, prefix...), name) }
	type rule struct {
		name     string
		value    *string
		required bool
		max      int
	}
	in.CountryCode = strings.ToUpper(strings.TrimSpace(in.CountryCode))
	for _, r := range []rule{
		{"firstName", &in.FirstName, false, text.LabelMax}, {"lastName", &in.LastName, false, text.LabelMax},
		{"company", &in.Company, false, text.NameMax}, {"address1", &in.Address1, true, 200},
		{"address2", &in.Address2, false, 200}, {"city", &in.City, true, 100},
		{"provinceCode", &in.ProvinceCode, false, 10}, {"zip", &in.Zip, false, 20},
		{"phone", &in.Phone, false, 30},
	} {
		*r.value = strings.TrimSpace(*r.value)
		switch {
		case r.required && *r.value == "":
			ues = append(ues, apperr.UserErr(f(r.name), codeBlank, "%s can't be blank", r.name))
		case text.TooLong(*r.value, r.max):
			ues = append(ues, apperr.UserErr(f(r.name), codeTooLong, "%s is too long (at most %d characters)", r.name, r.max))
		}
	}
	if reg, err := language.ParseRegion(in.CountryCode); len(in.CountryCode) != 2 || err != nil || !reg.IsCountry() {
		ues = append(ues, apperr.UserErr(f("countryCode"), codeInvalid, "countryCode must be an ISO 3166-1 alpha-2 country code"))
	}
	return in, ues
}

// Create adds an address to the viewer's book.
func (b *Book) Create(ctx context.Context, in Input, d Defaults) (*ent.Address, []apperr.UserError, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	in, ues := Check(in, "input", "address")
	if len(ues) > 0 {
		return nil, ues, nil
	}
	n, err := b.st.Client.Address.Query().Where(address.CustomerID(v.Customer.ID)).Count(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n >= MaxAddresses {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input"}, codeLimit, "an address book holds at most %d addresses", MaxAddresses)}, nil
	}
	var a *ent.Address
	err = b.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		a, err = set(tx.Address.Create().SetCustomerID(v.Customer.ID), in).Save(ctx)
		if err != nil {
			return err
		}
		// The first address becomes both defaults.
		return setDefaults(ctx, tx, v.Customer.ID, a.ID, Defaults{Shipping: d.Shipping || n == 0, Billing: d.Billing || n == 0})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("create address: %w", err)
	}
	// Unwrap: a belongs to the committed transaction; the payload loads its edges.
	return a.Unwrap(), nil, nil
}

type setter[T any] interface {
	SetFirstName(string) T
	SetLastName(string) T
	SetCompany(string) T
	SetAddress1(string) T
	SetAddress2(string) T
	SetCity(string) T
	SetProvinceCode(string) T
	SetZip(string) T
	SetCountryCode(string) T
	SetPhone(string) T
}

func set[T setter[T]](b T, in Input) T {
	return b.SetFirstName(in.FirstName).SetLastName(in.LastName).SetCompany(in.Company).
		SetAddress1(in.Address1).SetAddress2(in.Address2).SetCity(in.City).SetProvinceCode(in.ProvinceCode).
		SetZip(in.Zip).SetCountryCode(in.CountryCode).SetPhone(in.Phone)
}

func setDefaults(ctx context.Context, tx *ent.Tx, customerID, addressID pulid.ID, d Defaults) error {
	u := tx.Customer.UpdateOneID(customerID)
	if d.Shipping {
		u.SetDefaultShippingAddressID(addressID)
	}
	if d.Billing {
		u.SetDefaultBillingAddressID(addressID)
	}
	if !d.Shipping && !d.Billing {
		return nil
	}
	return u.Exec(ctx)
}

// owned loads an address the viewer may change (its own; any for admins).
func (b *Book) owned(ctx context.Context, id pulid.ID) (*ent.Address, []apperr.UserError, error) {
	a, err := b.st.Client.Address.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := account.RequireViewer(ctx); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "id"}, codeNotFound, "no address has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := CanRead(ctx, a); err != nil {
		return nil, nil, err
	}
	return a, nil, nil
}

// CanRead decides who may see an address: its owner and admins. Every path
// to an address (the book, node(id:)) asks it. Errors: UNAUTHENTICATED,
// FORBIDDEN.
func CanRead(ctx context.Context, a *ent.Address) error {
	_, err := policy.OwnAccount(ctx, a.CustomerID)
	return err
}

// Update replaces an address. Who: its owner and admins.
func (b *Book) Update(ctx context.Context, id pulid.ID, in Input, d Defaults) (*ent.Address, []apperr.UserError, error) {
	a, ues, err := b.owned(ctx, id)
	if a == nil {
		return nil, ues, err
	}
	in, ues = Check(in, "input", "address")
	if len(ues) > 0 {
		return nil, ues, nil
	}
	err = b.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		if a, err = set(tx.Address.UpdateOne(a), in).Save(ctx); err != nil {
			return err
		}
		return setDefaults(ctx, tx, a.CustomerID, a.ID, d)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("update address: %w", err)
	}
	// Unwrap: a belongs to the committed transaction; the payload loads its edges.
	return a.Unwrap(), nil, nil
}

// Delete removes an address (and clears the defaults that pointed to it).
// Who: its owner and admins.
func (b *Book) Delete(ctx context.Context, id pulid.ID) (pulid.ID, []apperr.UserError, error) {
	a, ues, err := b.owned(ctx, id)
	if a == nil {
		return "", ues, err
	}
	err = b.st.WithTx(ctx, func(tx *ent.Tx) error {
		c, err := tx.Customer.Get(ctx, a.CustomerID)
		if err != nil {
			return err
		}
		u := tx.Customer.UpdateOne(c)
		if c.DefaultShippingAddressID != nil && *c.DefaultShippingAddressID == a.ID {
			u.ClearDefaultShippingAddressID()
		}
		if c.DefaultBillingAddressID != nil && *c.DefaultBillingAddressID == a.ID {
			u.ClearDefaultBillingAddressID()
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
		return tx.Address.DeleteOne(a).Exec(ctx)
	})
	if err != nil {
		return "", nil, fmt.Errorf("delete address: %w", err)
	}
	return a.ID, nil, nil
}
