package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/accounttoken"
	"github.com/comptoir/comptoir/ent/address"
	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/referralvisit"
	"github.com/comptoir/comptoir/ent/refreshtoken"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/sellerinvitation"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/ent/session"
	"github.com/comptoir/comptoir/ent/stockalert"
	entwishlist "github.com/comptoir/comptoir/ent/wishlist"
	"github.com/comptoir/comptoir/ent/wishlistitem"
)

// DeletedAuthorName is the author of the reviews of an erased account.
const DeletedAuthorName = "Deleted customer"

// DeleteAccount erases the viewer's account (GDPR art. 17) after checking
// its password, in one transaction:
//
//   - kept for accounting, anonymised: the account row (a tombstone that
//     orders, reviews and commissions still point at) and its orders, which
//     keep amounts, lines, tax and the country and province that taxed them,
//     while email, phone, names, street, city, zip and note become a
//     tombstone;
//   - kept, de-identified: reviews (from DeletedAuthorName) and the affiliate
//     record behind commissions (its referral code is replaced);
//   - deleted: addresses, seller memberships, sessions and refresh tokens,
//     mailed tokens, carts, wishlists, referral visits, back-in-stock alerts
//     and seller invitations of its email, every mail to its email,
//     queued or sent, and its raw analytics events and visitor-days
//     (EraseAnalytics; the anonymous daily rollups stay).
//
// docs/data-export.md lists the same, table by table.
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
	// Mails, alerts and invitations went to the address however it was
	// spelt: matched case-insensitively.
	email := strings.TrimSpace(c.Email)
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
		if err := anonymiseOrders(ctx, tx, c, placeholder); err != nil {
			return err
		}
		if err := tx.Review.Update().Where(review.CustomerID(c.ID)).SetAuthorName(DeletedAuthorName).Exec(ctx); err != nil {
			return err
		}
		if err := forgetAffiliate(ctx, tx, s.st.Dialect, c); err != nil {
			return err
		}
		if err := EraseAnalytics(ctx, tx, &c.ID, ""); err != nil {
			return err
		}
		cartIDs, err := tx.Cart.Query().Where(entcart.CustomerID(c.ID)).IDs(ctx)
		if err != nil {
			return err
		}
		lists, err := tx.Wishlist.Query().Where(entwishlist.CustomerID(c.ID)).IDs(ctx)
		if err != nil {
			return err
		}
		sessions, err := tx.Session.Query().Where(session.CustomerID(c.ID)).IDs(ctx)
		if err != nil {
			return err
		}
		deletes := []func() (int, error){
			func() (int, error) { return tx.Address.Delete().Where(address.CustomerID(c.ID)).Exec(ctx) },
			func() (int, error) { return tx.SellerMember.Delete().Where(sellermember.CustomerID(c.ID)).Exec(ctx) },
			func() (int, error) { return tx.AccountToken.Delete().Where(accounttoken.CustomerID(c.ID)).Exec(ctx) },
			func() (int, error) {
				return tx.RefreshToken.Delete().Where(refreshtoken.SessionIDIn(sessions...)).Exec(ctx)
			},
			func() (int, error) { return tx.Session.Delete().Where(session.IDIn(sessions...)).Exec(ctx) },
			func() (int, error) { return tx.CartLine.Delete().Where(cartline.CartIDIn(cartIDs...)).Exec(ctx) },
			func() (int, error) { return tx.Cart.Delete().Where(entcart.IDIn(cartIDs...)).Exec(ctx) },
			func() (int, error) {
				return tx.WishlistItem.Delete().Where(wishlistitem.WishlistIDIn(lists...)).Exec(ctx)
			},
			func() (int, error) { return tx.Wishlist.Delete().Where(entwishlist.IDIn(lists...)).Exec(ctx) },
			func() (int, error) {
				return tx.MailOutbox.Delete().Where(mailoutbox.ToEqualFold(email)).Exec(ctx)
			},
			func() (int, error) {
				return tx.StockAlert.Delete().Where(stockalert.EmailEqualFold(email)).Exec(ctx)
			},
			func() (int, error) {
				return tx.SellerInvitation.Delete().Where(sellerinvitation.EmailEqualFold(email)).Exec(ctx)
			},
		}
		for _, del := range deletes {
			if _, err := del(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("delete account: %w", err)
	}
	return nil, nil
}

// anonymiseOrders turns the account's orders into tombstones: amounts,
// lines and tax stay for the books; who and where (but the country and
// province that set the tax) go.
func anonymiseOrders(ctx context.Context, tx *ent.Tx, c *ent.Customer, placeholder string) error {
	os, err := tx.Order.Query().Where(entorder.CustomerID(c.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, o := range os {
		u := tx.Order.UpdateOne(o).SetEmail(placeholder).SetPhone("").SetNote("")
		if a := o.ShippingAddress; a != nil {
			u.SetShippingAddress(&schema.CartAddress{CountryCode: a.CountryCode, ProvinceCode: a.ProvinceCode})
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// forgetAffiliate keeps the affiliate record that commissions point at but
// replaces its referral code (shared on the customer's pages and links)
// and forgets the visits it brought.
func forgetAffiliate(ctx context.Context, tx *ent.Tx, dialect string, c *ent.Customer) error {
	a, err := tx.Affiliate.Query().Where(entaffiliate.CustomerID(c.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ReferralVisit.Delete().Where(referralvisit.AffiliateID(a.ID)).Exec(ctx); err != nil {
		return err
	}
	random := make([]byte, 8)
	if _, err := rand.Read(random); err != nil {
		return err
	}
	// The code is immutable to the rest of the code base; erasure is the
	// one exception.
	q, args := entsql.Dialect(dialect).Update(entaffiliate.Table).Set(entaffiliate.FieldCode, "deleted-"+hex.EncodeToString(random)).
		Where(entsql.EQ(entaffiliate.FieldID, string(a.ID))).Query()
	_, err = tx.ExecContext(ctx, q, args...)
	return err
}
