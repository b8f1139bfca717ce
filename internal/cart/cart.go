// Package cart keeps shopping carts: lines of variants with quantities, for
// guests (the cart ID is the key) and for customers (one active cart that
// follows them across devices; a guest cart merges into it at sign-in).
// Prices are never stored here: every read prices the cart from the current
// catalog (pricing.go).
package cart

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/addressbook"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Limits of a cart.
const (
	MaxQuantity = 999 // per line
	MaxLines    = 100
)

// Error codes (CartErrorCode in the schema).
const (
	CodeInvalidQuantity    = "INVALID_QUANTITY"
	CodeVariantUnavailable = "VARIANT_UNAVAILABLE"
	CodeInsufficientStock  = "INSUFFICIENT_STOCK"
	CodeLineNotFound       = "LINE_NOT_FOUND"
	CodeCartClosed         = "CART_CLOSED"
	CodeTooManyLines       = "TOO_MANY_LINES"
	CodeInvalid            = "INVALID"
	CodeDiscountInvalid    = "DISCOUNT_CODE_INVALID"
	CodeShippingInvalid    = "SHIPPING_METHOD_UNAVAILABLE"
)

// Service is the cart service.
type Service struct {
	st       *store.Store
	client   *ent.Client
	currency money.Currency
	pricer   *Pricer
}

// New returns the cart service.
func New(st *store.Store, currency money.Currency, pricer *Pricer) *Service {
	return &Service{st: st, client: st.Client, currency: currency, pricer: pricer}
}

// Pricer returns the pricer the service quotes with.
func (s *Service) Pricer() *Pricer { return s.pricer }

// LineInput adds a quantity of a variant.
type LineInput struct {
	VariantID pulid.ID
	Quantity  int
}

// LineUpdate sets a line's quantity; 0 removes it.
type LineUpdate struct {
	LineID   pulid.ID
	Quantity int
}

// access loads a cart the viewer may use: a guest cart with its ID, a
// customer's cart by that customer (or an admin). An unknown ID is
// NOT_FOUND.
func (s *Service) access(ctx context.Context, id pulid.ID) (*ent.Cart, error) {
	c, err := s.client.Cart.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "no cart has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("load cart: %w", err)
	}
	if err := CheckAccess(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// CheckAccess allows a guest cart to whoever holds its ID, and a customer's
// cart to that customer and admins.
func CheckAccess(ctx context.Context, c *ent.Cart) error {
	if c.CustomerID == nil {
		return nil
	}
	_, err := policy.OwnAccount(ctx, *c.CustomerID)
	return err
}

// Get returns a cart the viewer may read (see access).
func (s *Service) Get(ctx context.Context, id pulid.ID) (*ent.Cart, error) { return s.access(ctx, id) }

// open loads a cart the viewer may change: it must also be ACTIVE.
func (s *Service) open(ctx context.Context, id pulid.ID) (*ent.Cart, []apperr.UserError, error) {
	c, err := s.access(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if c.Status != entcart.StatusACTIVE {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "cartId"}, CodeCartClosed, "this cart is %s and can't change", c.Status)}, nil
	}
	return c, nil, nil
}

// Create starts a cart. A signed-in customer who has an active cart gets
// that one, with the lines added: a customer has one cart across devices.
// A guest's cart costs three statements: the lines' stock (checkLines), the
// cart, its lines.
func (s *Service) Create(ctx context.Context, lines []LineInput, note *string) (*ent.Cart, []apperr.UserError, error) {
	v, err := account.CurrentViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	if note != nil && text.TooLong(*note, maxNote) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "note"}, CodeInvalid, "a note has at most %d characters", maxNote)}, nil
	}
	if v != nil {
		c, err := s.openCartOf(ctx, v.Customer.ID)
		if err != nil {
			return nil, nil, err
		}
		if c != nil {
			return s.addToOpen(ctx, c, lines, note)
		}
	}
	if ues, err := s.checkLines(ctx, lines, nil); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	var c *ent.Cart
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		create := tx.Cart.Create().SetCurrency(string(s.currency))
		if v != nil {
			create.SetCustomerID(v.Customer.ID)
		}
		if note != nil {
			create.SetNote(*note)
		}
		var err error
		if c, err = create.Save(ctx); err != nil {
			return err
		}
		return insertLines(ctx, tx, c.ID, lines)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("create cart: %w", err)
	}
	// The row as written (ent fills every column, times at the stores'
	// precision), now bound to the client rather than the committed
	// transaction.
	return c.Unwrap(), nil, nil
}

// addToOpen is Create for a customer who already has an open cart: the
// lines add to it (on top of its own, within stock), and the note replaces
// its note when given.
func (s *Service) addToOpen(ctx context.Context, c *ent.Cart, lines []LineInput, note *string) (*ent.Cart, []apperr.UserError, error) {
	existing, err := s.client.CartLine.Query().Where(cartline.CartID(c.ID)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load cart lines: %w", err)
	}
	if ues, err := s.checkLines(ctx, lines, existing); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		if note != nil {
			if err := tx.Cart.UpdateOneID(c.ID).SetNote(*note).Exec(ctx); err != nil {
				return err
			}
		}
		return addLines(ctx, tx, c.ID, lines)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("add to cart: %w", err)
	}
	return s.touch(ctx, c)
}

// AddLines adds quantities; a variant already in the cart gets its line's
// quantity increased.
func (s *Service) AddLines(ctx context.Context, id pulid.ID, lines []LineInput) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	existing, err := s.client.CartLine.Query().Where(cartline.CartID(c.ID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	if ues, err := s.checkLines(ctx, lines, existing); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	if err := s.st.WithTx(ctx, func(tx *ent.Tx) error { return addLines(ctx, tx, c.ID, lines) }); err != nil {
		return nil, nil, fmt.Errorf("add lines: %w", err)
	}
	return s.touch(ctx, c)
}

// addLines upserts lines: quantities of the same variant add up.
func addLines(ctx context.Context, tx *ent.Tx, cartID pulid.ID, lines []LineInput) error {
	for _, l := range lines {
		n, err := tx.CartLine.Update().Where(cartline.CartID(cartID), cartline.VariantID(l.VariantID)).
			AddQuantity(l.Quantity).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := tx.CartLine.Create().SetCartID(cartID).SetVariantID(l.VariantID).SetQuantity(l.Quantity).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateLines sets line quantities; 0 removes a line.
func (s *Service) UpdateLines(ctx context.Context, id pulid.ID, updates []LineUpdate) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	existing, err := s.client.CartLine.Query().Where(cartline.CartID(c.ID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := map[pulid.ID]*ent.CartLine{}
	for _, l := range existing {
		byID[l.ID] = l
	}
	var asInputs []LineInput
	for i, u := range updates {
		f := []string{"input", "lines", fmt.Sprint(i)}
		l := byID[u.LineID]
		switch {
		case l == nil:
			ues = append(ues, apperr.UserErr(append(f, "id"), CodeLineNotFound, "the cart has no line with this id"))
		case u.Quantity < 0 || u.Quantity > MaxQuantity:
			ues = append(ues, apperr.UserErr(append(f, "quantity"), CodeInvalidQuantity, "quantity must be from 0 (remove) to %d", MaxQuantity))
		case u.Quantity > 0:
			asInputs = append(asInputs, LineInput{VariantID: l.VariantID, Quantity: u.Quantity})
		}
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	if ues, err := s.checkLines(ctx, asInputs, nil); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		for _, u := range updates {
			var err error
			if u.Quantity == 0 {
				_, err = tx.CartLine.Delete().Where(cartline.ID(u.LineID)).Exec(ctx)
			} else {
				err = tx.CartLine.UpdateOneID(u.LineID).SetQuantity(u.Quantity).Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("update lines: %w", err)
	}
	return s.touch(ctx, c)
}

// RemoveLines removes lines.
func (s *Service) RemoveLines(ctx context.Context, id pulid.ID, lineIDs []pulid.ID) (*ent.Cart, []apperr.UserError, error) {
	updates := make([]LineUpdate, len(lineIDs))
	for i, l := range lineIDs {
		updates[i] = LineUpdate{LineID: l}
	}
	return s.UpdateLines(ctx, id, updates)
}

// maxNote bounds a cart note.
const maxNote = text.DescriptionMax

// UpdateNote replaces the cart's note.
func (s *Service) UpdateNote(ctx context.Context, id pulid.ID, note string) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	if text.TooLong(note, maxNote) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "note"}, CodeInvalid, "a note has at most %d characters", maxNote)}, nil
	}
	c, err = s.client.Cart.UpdateOne(c).SetNote(note).Save(ctx)
	return c, nil, err
}

// touch bumps updated_at and returns the fresh cart.
func (s *Service) touch(ctx context.Context, c *ent.Cart) (*ent.Cart, []apperr.UserError, error) {
	c, err := s.client.Cart.UpdateOne(c).Save(ctx)
	return c, nil, err
}

// maxPhone bounds a buyer phone number.
const maxPhone = 30

// UpdateBuyerIdentity sets the buyer's email and phone (empty clears).
func (s *Service) UpdateBuyerIdentity(ctx context.Context, id pulid.ID, email, phone *string) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	u := s.client.Cart.UpdateOne(c)
	if email != nil {
		e := strings.TrimSpace(*email)
		if a, err := mail.ParseAddress(e); e != "" && (err != nil || a.Address != e || len(e) > 254) {
			ues = append(ues, apperr.UserErr([]string{"input", "buyerIdentity", "email"}, CodeInvalid, "email is invalid"))
		}
		u.SetBuyerEmail(e)
	}
	if phone != nil {
		p := strings.TrimSpace(*phone)
		if len(p) > maxPhone || strings.Trim(p, "+0123456789 ()-.") != "" {
			ues = append(ues, apperr.UserErr([]string{"input", "buyerIdentity", "phone"}, CodeInvalid, "phone must be digits, spaces and + ( ) - . (at most %d characters)", maxPhone))
		}
		u.SetBuyerPhone(p)
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	c, err = u.Save(ctx)
	return c, nil, err
}

// UpdateShippingAddress sets where the cart ships to.
func (s *Service) UpdateShippingAddress(ctx context.Context, id pulid.ID, in addressbook.Input) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	in, ues = addressbook.Check(in, "input", "address")
	if len(ues) > 0 {
		return nil, ues, nil
	}
	c, err = s.client.Cart.UpdateOne(c).SetShippingAddress(&schema.CartAddress{
		FirstName: in.FirstName, LastName: in.LastName, Company: in.Company, Address1: in.Address1,
		Address2: in.Address2, City: in.City, ProvinceCode: in.ProvinceCode, Zip: in.Zip,
		CountryCode: in.CountryCode, Phone: in.Phone,
	}).Save(ctx)
	return c, nil, err
}

// SetAttribution records the affiliate of the cart's latest referral click
// (cartAttributionUpdate): the last one set wins.
func (s *Service) SetAttribution(ctx context.Context, id, affiliateID pulid.ID, at time.Time) (*ent.Cart, []apperr.UserError, error) {
	c, ues, err := s.open(ctx, id)
	if c == nil {
		return nil, ues, err
	}
	c, err = s.client.Cart.UpdateOne(c).SetAffiliateID(affiliateID).SetAffiliateClickedAt(at).Save(ctx)
	return c, nil, err
}
