package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/accounttoken"
	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/ent/session"
)

// Export is everything Comptoir holds about a person (GDPR art. 15 and 20).
// Orders join it when they exist.
type Export struct {
	ExportedAt time.Time `json:"exportedAt"`
	Profile    struct {
		ID               string     `json:"id"`
		Email            string     `json:"email"`
		FirstName        string     `json:"firstName"`
		LastName         string     `json:"lastName"`
		AcceptsMarketing bool       `json:"acceptsMarketing"`
		EmailVerifiedAt  *time.Time `json:"emailVerifiedAt"`
		CreatedAt        time.Time  `json:"createdAt"`
	} `json:"profile"`
	Addresses   []map[string]any `json:"addresses"`
	Sessions    []map[string]any `json:"sessions"`
	Memberships []map[string]any `json:"sellerMemberships"`
}

// ExportData returns the viewer's personal data as a JSON document.
func (s *Service) ExportData(ctx context.Context) ([]byte, error) {
	v, err := RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	c := v.Customer
	var e Export
	e.ExportedAt = s.now().UTC()
	e.Profile.ID, e.Profile.Email, e.Profile.FirstName, e.Profile.LastName = string(c.ID), c.Email, c.FirstName, c.LastName
	e.Profile.AcceptsMarketing, e.Profile.EmailVerifiedAt, e.Profile.CreatedAt = c.AcceptsMarketing, c.EmailVerifiedAt, c.CreatedAt
	addrs, err := s.client.Address.Query().Where(address.CustomerID(c.ID)).Order(ent.Asc(address.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	e.Addresses = []map[string]any{}
	for _, a := range addrs {
		e.Addresses = append(e.Addresses, map[string]any{
			"id": a.ID, "firstName": a.FirstName, "lastName": a.LastName, "company": a.Company,
			"address1": a.Address1, "address2": a.Address2, "city": a.City, "provinceCode": a.ProvinceCode,
			"zip": a.Zip, "countryCode": a.CountryCode, "phone": a.Phone,
			"defaultShipping": c.DefaultShippingAddressID != nil && *c.DefaultShippingAddressID == a.ID,
			"defaultBilling":  c.DefaultBillingAddressID != nil && *c.DefaultBillingAddressID == a.ID,
		})
	}
	sessions, err := s.client.Session.Query().Where(session.CustomerID(c.ID)).Order(ent.Asc(session.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	e.Sessions = []map[string]any{}
	for _, x := range sessions {
		e.Sessions = append(e.Sessions, map[string]any{
			"createdAt": x.CreatedAt, "lastUsedAt": x.LastUsedAt, "userAgent": x.UserAgent, "revokedAt": x.RevokedAt,
		})
	}
	e.Memberships = []map[string]any{}
	for _, m := range c.Edges.Memberships {
		e.Memberships = append(e.Memberships, map[string]any{"sellerId": m.SellerID, "role": m.Role})
	}
	return json.MarshalIndent(e, "", "  ")
}

// DeleteAccount erases the viewer's account (GDPR art. 17) after checking
// its password: personal data is overwritten, addresses, memberships and
// mailed tokens are deleted and every session is revoked. The row stays,
// anonymous, so that orders can keep pointing at it without personal data.
func (s *Service) DeleteAccount(ctx context.Context, password string) ([]UserError, error) {
	v, err := RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	ok, err := s.hasher.Verify(password, v.Customer.PasswordHash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []UserError{{Field: []string{"input", "password"}, Code: CodeInvalid, Message: "The password is wrong"}}, nil
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	c := v.Customer
	placeholder := fmt.Sprintf("deleted-%s@invalid", c.ID)
	now := s.now()
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.Customer.UpdateOne(c).SetEmail(placeholder).SetEmailKey(placeholder).
			// Not a valid PHC hash: no password can ever match it.
			SetPasswordHash("!deleted:" + hex.EncodeToString(random)).
			SetFirstName("").SetLastName("").SetAcceptsMarketing(false).ClearEmailVerifiedAt().
			ClearDefaultShippingAddressID().ClearDefaultBillingAddressID().SetDeletedAt(now).Exec(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.Address.Delete().Where(address.CustomerID(c.ID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.SellerMember.Delete().Where(sellermember.CustomerID(c.ID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.AccountToken.Delete().Where(accounttoken.CustomerID(c.ID)).Exec(ctx); err != nil {
			return err
		}
		return tx.Session.Update().Where(session.CustomerID(c.ID), session.RevokedAtIsNil()).
			SetRevokedAt(now).SetRevokedReason("account_deleted").SetUserAgent("").Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("delete account: %w", err)
	}
	return nil, nil
}
