// Package wishlist keeps customers' wishlists: any number of named lists,
// one of them the default, items (variants) added and removed, moved to the
// cart, and shared read-only through an unguessable token.
package wishlist

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	entwishlist "github.com/comptoir/comptoir/ent/wishlist"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (WishlistErrorCode in the schema).
const (
	CodeInvalid  = "INVALID"
	CodeNotFound = "NOT_FOUND"
)

// Limits.
const (
	MaxLists = 50
	MaxItems = 500
)

// Service manages wishlists.
type Service struct {
	St    *store.Store
	Carts *cart.Service
}

func token() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func checkName(name string) (string, []apperr.UserError) {
	name = strings.TrimSpace(name)
	if name == "" || text.TooLong(name, text.LabelMax) {
		return "", []apperr.UserError{apperr.UserErr([]string{"input", "name"}, CodeInvalid, "a name has 1 to %d characters", text.LabelMax)}
	}
	return name, nil
}

// own loads a list of the viewer's (admins too): NOT_FOUND for an unknown
// id, FORBIDDEN for another customer's.
func (s *Service) own(ctx context.Context, id pulid.ID) (*ent.Wishlist, error) {
	w, err := s.St.Client.Wishlist.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Customer); err != nil {
			return nil, err
		}
		return nil, apperr.New(apperr.NotFound, "no wishlist has this id")
	}
	if err != nil {
		return nil, err
	}
	if err := CanRead(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// CanRead decides who may see a list by its id: its owner and admins (the
// share token is the other way in, see Shared). Errors: UNAUTHENTICATED,
// FORBIDDEN.
func CanRead(ctx context.Context, w *ent.Wishlist) error {
	_, err := policy.OwnAccount(ctx, w.CustomerID)
	return err
}

// CanReadItem decides who may see a list's item by its id: the list's
// owner and admins.
func CanReadItem(ctx context.Context, it *ent.WishlistItem) error {
	_, err := policy.OwnAccount(ctx, it.CustomerID)
	return err
}

// Get returns one of the viewer's lists.
func (s *Service) Get(ctx context.Context, id pulid.ID) (*ent.Wishlist, error) { return s.own(ctx, id) }

// Shared returns a list by its share token, read-only, to anyone.
func (s *Service) Shared(ctx context.Context, tok string) (*ent.Wishlist, error) {
	w, err := s.St.Client.Wishlist.Query().Where(entwishlist.ShareToken(tok)).Only(ctx)
	if ent.IsNotFound(err) || tok == "" {
		return nil, apperr.New(apperr.NotFound, "no wishlist is shared with this token")
	}
	return w, err
}

// List lists the viewer's lists, default first.
func (s *Service) List(ctx context.Context, customerID pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.WishlistConnection, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.St.Client.Wishlist.Query().Where(entwishlist.CustomerID(customerID)).
		Paginate(ctx, after, first, before, last, ent.WithWishlistOrder(&ent.WishlistOrder{Field: ent.WishlistOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionAsc}))
}

// Items lists a list's items, oldest first.
func (s *Service) Items(ctx context.Context, w *ent.Wishlist, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.WishlistItemConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.St.Client.WishlistItem.Query().Where(wishlistitem.WishlistID(w.ID)).
		Paginate(ctx, after, first, before, last, ent.WithWishlistItemOrder(&ent.WishlistItemOrder{Field: ent.WishlistItemOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionAsc}))
}

// Create makes a list; the first one is the default. Who: signed-in
// customers.
func (s *Service) Create(ctx context.Context, name string) (*ent.Wishlist, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	name, ues := checkName(name)
	if ues != nil {
		return nil, ues, nil
	}
	n, err := s.St.Client.Wishlist.Query().Where(entwishlist.CustomerID(v.Customer.ID)).Count(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n >= MaxLists {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input"}, CodeInvalid, "at most %d wishlists", MaxLists)}, nil
	}
	w, err := s.St.Client.Wishlist.Create().SetCustomerID(v.Customer.ID).SetName(name).SetIsDefault(n == 0).SetShareToken(token()).Save(ctx)
	return w, nil, err
}

// defaultList returns the viewer's default list, creating "Wishlist".
func (s *Service) defaultList(ctx context.Context, customerID pulid.ID) (*ent.Wishlist, error) {
	w, err := s.St.Client.Wishlist.Query().Where(entwishlist.CustomerID(customerID), entwishlist.IsDefault(true)).First(ctx)
	if ent.IsNotFound(err) {
		w, _, err = s.Create(ctx, "Wishlist")
	}
	return w, err
}

// Update renames a list or makes it the default. Who: its owner.
func (s *Service) Update(ctx context.Context, id pulid.ID, name *string, makeDefault bool) (*ent.Wishlist, []apperr.UserError, error) {
	w, err := s.own(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		u := tx.Wishlist.UpdateOne(w)
		if name != nil {
			n, ues := checkName(*name)
			if ues != nil {
				return &userErrs{ues}
			}
			u.SetName(n)
		}
		if makeDefault && !w.IsDefault {
			if err := tx.Wishlist.Update().Where(entwishlist.CustomerID(w.CustomerID), entwishlist.IsDefault(true)).SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
			u.SetIsDefault(true)
		}
		var err error
		w, err = u.Save(ctx)
		return err
	})
	if ue, ok := err.(*userErrs); ok {
		return nil, ue.list, nil
	}
	return w, nil, err
}

type userErrs struct{ list []apperr.UserError }

func (u *userErrs) Error() string { return "user errors" }

// Delete deletes a list and its items; another list becomes the default.
// Who: its owner.
func (s *Service) Delete(ctx context.Context, id pulid.ID) error {
	w, err := s.own(ctx, id)
	if err != nil {
		return err
	}
	return s.St.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.WishlistItem.Delete().Where(wishlistitem.WishlistID(w.ID)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Wishlist.DeleteOne(w).Exec(ctx); err != nil {
			return err
		}
		if !w.IsDefault {
			return nil
		}
		next, err := tx.Wishlist.Query().Where(entwishlist.CustomerID(w.CustomerID)).Order(ent.Asc(entwishlist.FieldCreatedAt)).First(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return tx.Wishlist.UpdateOne(next).SetIsDefault(true).Exec(ctx)
	})
}

// AddItems adds published variants to a list (the default one when id is
// nil); a variant already there stays once. Who: the list's owner.
func (s *Service) AddItems(ctx context.Context, id *pulid.ID, variantIDs []pulid.ID) (*ent.Wishlist, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	var w *ent.Wishlist
	if id != nil {
		w, err = s.own(ctx, *id)
	} else {
		w, err = s.defaultList(ctx, v.Customer.ID)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(variantIDs) == 0 || len(variantIDs) > 100 {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "variantIds"}, CodeInvalid, "give 1 to 100 variants")}, nil
	}
	// Wishing is shopping: the public view, even for the seller's members.
	vs, err := s.St.Client.ProductVariant.Query().Where(productvariant.IDIn(variantIDs...), policy.Shopper().Variants()).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	found := map[pulid.ID]*ent.ProductVariant{}
	for _, pv := range vs {
		found[pv.ID] = pv
	}
	var ues []apperr.UserError
	for i, id := range variantIDs {
		if found[id] == nil {
			ues = append(ues, apperr.UserErr([]string{"input", "variantIds", fmt.Sprint(i)}, CodeNotFound, "no published variant has this id"))
		}
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	n, err := s.St.Client.WishlistItem.Query().Where(wishlistitem.WishlistID(w.ID)).Count(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n+len(found) > MaxItems {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "variantIds"}, CodeInvalid, "a wishlist holds at most %d items", MaxItems)}, nil
	}
	creates := make([]*ent.WishlistItemCreate, 0, len(found))
	for _, pv := range found {
		creates = append(creates, s.St.Client.WishlistItem.Create().SetWishlistID(w.ID).SetVariantID(pv.ID).
			SetCustomerID(w.CustomerID).SetProductID(pv.ProductID))
	}
	if err := s.St.Client.WishlistItem.CreateBulk(creates...).OnConflictColumns(wishlistitem.FieldWishlistID, wishlistitem.FieldVariantID).
		DoNothing().Exec(ctx); err != nil && !isNoRows(err) {
		return nil, nil, fmt.Errorf("add wishlist items: %w", err)
	}
	return w, nil, nil
}

// isNoRows: ent's bulk upsert with DO NOTHING on PostgreSQL reports "no
// rows" when every row already existed.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// RemoveItems removes items from a list. Who: its owner.
func (s *Service) RemoveItems(ctx context.Context, id pulid.ID, itemIDs []pulid.ID) (*ent.Wishlist, error) {
	w, err := s.own(ctx, id)
	if err != nil {
		return nil, err
	}
	_, err = s.St.Client.WishlistItem.Delete().Where(wishlistitem.WishlistID(w.ID), wishlistitem.IDIn(itemIDs...)).Exec(ctx)
	return w, err
}

// MoveToCart adds an item's variant to the viewer's cart (quantity) and
// removes it from the list. Who: the list's owner.
func (s *Service) MoveToCart(ctx context.Context, itemID pulid.ID, quantity int) (*ent.Cart, []apperr.UserError, error) {
	it, err := s.St.Client.WishlistItem.Get(ctx, itemID)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Customer); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "itemId"}, CodeNotFound, "no wishlist item has this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := CanReadItem(ctx, it); err != nil {
		return nil, nil, err
	}
	c, ues, err := s.Carts.Create(ctx, []cart.LineInput{{VariantID: it.VariantID, Quantity: quantity}}, nil)
	if err != nil || len(ues) > 0 {
		return c, ues, err
	}
	return c, nil, s.St.Client.WishlistItem.DeleteOne(it).Exec(ctx)
}

// InWishlist reports, for the viewer, which of the products have a variant
// in one of their lists, in one statement.
func InWishlist(ctx context.Context, c *ent.Client, customerID pulid.ID, productIDs []pulid.ID) (map[pulid.ID]bool, error) {
	ids, err := c.WishlistItem.Query().Where(wishlistitem.CustomerID(customerID), wishlistitem.ProductIDIn(productIDs...)).
		Unique(true).Select(wishlistitem.FieldProductID).Strings(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID]bool, len(ids))
	for _, id := range ids {
		out[pulid.ID(id)] = true
	}
	return out, nil
}
