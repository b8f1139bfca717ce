// Package checkout turns a cart into an order: it re-prices the cart from
// current prices, re-validates it, reserves stock atomically, redeems
// discount codes, places the order and starts its payment, exactly once per
// idempotency key.
//
// The work is split around the provider call so that no database lock is
// held while a payment provider is on the line:
//
//  1. One transaction locks the cart row, re-checks the key, prices the
//     cart, reserves stock by conditional updates, redeems codes, writes the
//     order, its lines, parcels, payment (marked in flight) and first event,
//     and closes the cart. Any failure rolls all of it back.
//  2. The provider is asked for the payment, under an idempotency key of
//     the attempt (payment.IdempotencyKey of the payment row): asking again
//     never pays twice.
//  3. One transaction records the outcome (order.Settle) and empties the
//     cart, or reopens it when the payment was declined.
//
// The payment row's next_action PROCESSING is the recorded step between 1
// and 3. A call with the same key finds the order (waiting on the cart lock
// if one is being placed); while its payment is PROCESSING (the first call
// is still at the provider, crashed, or failed to record the answer) the
// call resumes the attempt itself: it asks the provider again with the same
// key and records the answer, at once rather than after a timeout. Records
// are conditional updates, so however many calls resume at once, one
// records the outcome and all answer the same. A payment nobody resumes is
// left to orders.Reconcile.
package checkout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/discount"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/store"
)

// Error codes (CheckoutErrorCode in the schema).
const (
	CodeInvalid             = "INVALID"
	CodeCartClosed          = "CART_CLOSED"
	CodeEmptyCart           = "EMPTY_CART"
	CodeEmailRequired       = "EMAIL_REQUIRED"
	CodeAddressRequired     = "SHIPPING_ADDRESS_REQUIRED"
	CodeShippingRequired    = "SHIPPING_METHOD_REQUIRED"
	CodeVariantUnavailable  = "VARIANT_UNAVAILABLE"
	CodeInsufficientStock   = "INSUFFICIENT_STOCK"
	CodeDiscountInapplicabe = "DISCOUNT_CODE_NOT_APPLICABLE"
	CodePriceChanged        = "PRICE_CHANGED"
	CodeIdempotencyReused   = "IDEMPOTENCY_KEY_REUSED"
	CodeProviderUnavailable = "PAYMENT_PROVIDER_UNAVAILABLE"
	CodePaymentDeclined     = "PAYMENT_DECLINED"
)

// Input asks to complete a cart.
type Input struct {
	CartID         pulid.ID
	IdempotencyKey string
	Provider       string
	Token          string
	// ExpectedTotal, when set, must equal the total at completion: a buyer
	// who saw another price is told (PRICE_CHANGED) instead of charged.
	ExpectedTotal *int64
	// VisitorID is the storefront's analytics visitor id (as given to
	// analyticsEventsRecord), "" when none: the order's analytics events
	// join that visitor's session (internal/analytics, server.go).
	VisitorID string
}

// Result is a placed order and its payment.
type Result struct {
	Order   *ent.Order
	Payment *ent.Payment
}

// Service completes checkouts.
type Service struct {
	st     *store.Store
	carts  *cart.Service
	orders *orders.Service
	// beforeRecord runs between the provider's answer and its record
	// (WithBeforeRecord).
	beforeRecord func(context.Context) error
}

// Option adjusts the service.
type Option func(*Service)

// WithBeforeRecord makes f run after the provider answered and before the
// answer is recorded; an error from f fails the record as a refusing
// database would. Tests only: it is the failpoint of a write lost after a
// capture, or (blocking) of a crash at that moment.
func WithBeforeRecord(f func(context.Context) error) Option {
	return func(s *Service) { s.beforeRecord = f }
}

// New returns the checkout service.
func New(st *store.Store, carts *cart.Service, orders *orders.Service, opts ...Option) *Service {
	s := &Service{st: st, carts: carts, orders: orders}
	for _, o := range opts {
		o(s)
	}
	return s
}

// resumeWithin is how long after it began an attempt may be resumed by
// asking the provider again: less than the 24 hours Stripe keeps an
// idempotency key, after which the same call would pay again. Older
// attempts are left to the reconciler, which only reads.
const resumeWithin = 23 * time.Hour

// placement is what the first transaction did.
type placement struct {
	order        *ent.Order
	payment      *ent.Payment
	reservations []*ent.StockReservation
	existing     *ent.Order // placed by an earlier call with the key
	ues          []apperr.UserError
}

// errRollback aborts the first transaction when userErrors were found.
var errRollback = errors.New("rollback")

// Complete turns a cart into an order. Who: whoever may use the cart (its
// guest holder, its customer, an admin). Business failures are userErrors
// with the codes above; nothing is written when there is one.
func (s *Service) Complete(ctx context.Context, in Input) (*Result, []apperr.UserError, error) {
	res, ues, err := s.complete(ctx, in)
	if res != nil && res.Order != nil {
		// The caller may use the cart, so the order is theirs: its payload
		// shows it whole, even to a guest (who has no email argument here).
		orders.Grant(ctx, res.Order.ID)
	}
	return res, ues, err
}

func (s *Service) complete(ctx context.Context, in Input) (*Result, []apperr.UserError, error) {
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if ues := s.check(in); len(ues) > 0 {
		return nil, ues, nil
	}
	provider := s.orders.Providers()[in.Provider]
	var pl *placement
	err := s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		pl, err = s.place(ctx, tx, in)
		if err == nil && len(pl.ues) > 0 {
			return errRollback
		}
		return err
	})
	switch {
	case errors.Is(err, errRollback):
		return nil, pl.ues, nil
	case err != nil:
		return nil, nil, fmt.Errorf("checkout: %w", err)
	case pl.existing != nil:
		return s.replay(ctx, pl.existing.Unwrap(), in)
	}
	// Unwrap: both were created by the committed transaction's client; the
	// payload's resolvers load their edges afterwards.
	return s.pay(ctx, in, provider, pl.order.Unwrap(), pl.payment.Unwrap(), pl.reservations)
}

// pay asks the provider for a placed order's payment and records the
// answer (steps 2 and 3), for the first call of an attempt or one resuming
// it. reservations are those the first call made (nil: read them).
func (s *Service) pay(ctx context.Context, in Input, provider payment.Provider, placed *ent.Order, pay *ent.Payment, reservations []*ent.StockReservation) (*Result, []apperr.UserError, error) {
	outcome, perr := provider.Create(ctx, payment.Request{PaymentID: pay.ID, OrderID: placed.ID, Amount: pay.Amount, Currency: pay.Currency,
		Token: in.Token, Email: placed.Email, IdempotencyKey: payment.IdempotencyKey(pay.ID)})
	if perr != nil {
		// The provider may have taken the money before the line broke:
		// the attempt stays PROCESSING, for a retry with the same key (or
		// the reconciler) to find out.
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "payment"}, CodeProviderUnavailable,
			"the payment provider could not be reached; try again with the same idempotencyKey")}, nil
	}
	if s.beforeRecord != nil {
		if err := s.beforeRecord(ctx); err != nil {
			return nil, nil, fmt.Errorf("record payment outcome: %w", err)
		}
	}
	changed := false
	err := s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		if changed, err = s.orders.SettleTx(ctx, tx.Client(), pay, outcome, "provider:"+pay.Provider, reservations); err != nil {
			return err
		}
		if outcome.Status == payment.Failed {
			// Declined: the buyer keeps the cart and may try again.
			return tx.Cart.Update().Where(entcart.ID(placed.CartID), entcart.StatusEQ(entcart.StatusCOMPLETED)).SetStatus(entcart.StatusACTIVE).Exec(ctx)
		}
		_, err = tx.CartLine.Delete().Where(cartline.CartID(placed.CartID)).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("record payment outcome: %w", err)
	}
	if !changed {
		// Someone (a webhook, a concurrent call with the key) recorded an
		// outcome first: answer from it.
		return s.answer(ctx, placed.ID)
	}
	return settled(placed, pay, outcome, s.orders.Now())
}

// settled is the answer after this call recorded the outcome, built from
// what it wrote rather than read back.
func settled(o *ent.Order, p *ent.Payment, out payment.Outcome, now time.Time) (*Result, []apperr.UserError, error) {
	if out.Ref != "" {
		p.ProviderRef = out.Ref
	}
	p.NextAction, p.ClientSecret = out.NextAction, out.ClientSecret
	switch out.Status {
	case payment.Failed:
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "payment"}, CodePaymentDeclined, "the payment was declined: %s", out.FailureReason)}, nil
	case payment.Captured:
		p.Status, p.CapturedAmount = entpayment.StatusCAPTURED, p.Amount
		o.Status, o.PaymentStatus, o.PaidAt = entorder.StatusPAID, entorder.PaymentStatusCAPTURED, &now
	case payment.Authorized:
		p.Status, o.PaymentStatus = entpayment.StatusAUTHORIZED, entorder.PaymentStatusAUTHORIZED
	}
	return &Result{Order: o, Payment: p}, nil, nil
}

// check validates the input itself.
func (s *Service) check(in Input) []apperr.UserError {
	var ues []apperr.UserError
	if n := utf8.RuneCountInString(in.IdempotencyKey); n < 8 || n > 100 {
		ues = append(ues, apperr.UserErr([]string{"input", "idempotencyKey"}, CodeInvalid, "idempotencyKey must have 8 to 100 characters (a UUID is a good key)"))
	}
	if _, ok := s.orders.Providers()[in.Provider]; !ok {
		ues = append(ues, apperr.UserErr([]string{"input", "payment", "provider"}, CodeProviderUnavailable, "payment provider %q is not available", in.Provider))
	} else if in.Provider != "manual" && strings.TrimSpace(in.Token) == "" {
		ues = append(ues, apperr.UserErr([]string{"input", "payment", "token"}, CodeInvalid, "a payment token is required for %s", in.Provider))
	}
	if len(in.Token) > 200 {
		ues = append(ues, apperr.UserErr([]string{"input", "payment", "token"}, CodeInvalid, "the payment token is too long"))
	}
	if in.VisitorID != "" && !analytics.ValidVisitorID(in.VisitorID) {
		ues = append(ues, apperr.UserErr([]string{"input", "visitorId"}, CodeInvalid, "a visitor id has 1 to %d characters", analytics.MaxVisitorID))
	}
	return ues
}

// place is the first transaction (see the package comment). It returns the
// order found under the key instead when a concurrent call placed it.
func (s *Service) place(ctx context.Context, tx *ent.Tx, in Input) (*placement, error) {
	q := tx.Cart.Query().Where(entcart.ID(in.CartID))
	if s.st.Dialect == dialect.Postgres {
		q = q.ForUpdate()
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "no cart has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("lock cart: %w", err)
	}
	if err := cart.CheckAccess(ctx, c); err != nil {
		return nil, err
	}
	if o, err := tx.Order.Query().Where(entorder.IdempotencyKey(in.IdempotencyKey)).Only(ctx); err == nil {
		return &placement{existing: o}, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	if c.Status != entcart.StatusACTIVE {
		return &placement{ues: []apperr.UserError{apperr.UserErr([]string{"input", "cartId"}, CodeCartClosed, "this cart is %s: it can't be checked out again", c.Status)}}, nil
	}
	quotes, err := s.carts.Pricer().QuoteMany(ctx, tx.Client(), []*ent.Cart{c})
	if err != nil {
		return nil, err
	}
	qt := quotes[c.ID]
	if qt.Overflow != nil || qt.Price.Total > money.MaxMinor {
		// Nothing is reserved or written: an order at a wrapped-around
		// total would charge a wrong amount, and no amount the API takes
		// in (an expected total, a refund) could name a larger one.
		return &placement{ues: []apperr.UserError{apperr.UserErr([]string{"input", "cartId"}, CodeInvalid,
			"the cart's total is above the maximum amount, %s: remove units or lines", money.Format(money.MaxMinor, money.Currency(c.Currency).Exponent()))}}, nil
	}
	email, err := buyerEmail(ctx, c)
	if err != nil {
		return nil, err
	}
	if ues := validate(qt, email, in); len(ues) > 0 {
		return &placement{ues: ues}, nil
	}
	orderID := pulid.New("ord")
	holds := make([]inventory.Hold, len(qt.Lines))
	for i, l := range qt.Lines {
		holds[i] = inventory.Hold{VariantID: l.VariantID, Quantity: l.Quantity}
	}
	reservations, short, err := inventory.Reserve(ctx, tx.Client(), s.st.Dialect, orderID, holds, s.orders.Now())
	if err != nil {
		return nil, err
	}
	if len(short) > 0 {
		var ues []apperr.UserError
		for _, sh := range short {
			for i, l := range qt.Lines {
				if l.VariantID == sh.VariantID {
					ues = append(ues, apperr.UserErr([]string{"input", "cartId", "lines", fmt.Sprint(i)}, CodeInsufficientStock,
						"only %d of %s are available, %d asked", sh.Available, l.Edges.Variant.Sku, l.Quantity))
				}
			}
		}
		return &placement{ues: ues}, nil
	}
	customerKey := discount.CustomerKey(c.CustomerID, email)
	for _, cr := range qt.Price.Codes {
		switch err := discount.Redeem(ctx, tx.Client(), s.st.Dialect, qt.Discounts[cr.Code], customerKey); {
		case errors.Is(err, discount.ErrUsedUp), errors.Is(err, discount.ErrCustomerLimited):
			return &placement{ues: []apperr.UserError{apperr.UserErr([]string{"input", "cartId"}, CodeDiscountInapplicabe, "%s: %v", cr.Code, err)}}, nil
		case err != nil:
			return nil, err
		}
	}
	number, err := orders.NextNumber(ctx, tx, s.st.Dialect)
	if err != nil {
		return nil, err
	}
	p := qt.Price
	oc := tx.Order.Create().SetID(orderID).SetNumber(number).SetEmail(email).SetPhone(c.BuyerPhone).
		SetCartID(c.ID).SetIdempotencyKey(in.IdempotencyKey).SetCurrency(c.Currency).
		SetPricesIncludeTax(p.IncludesTax).SetSubtotal(p.Subtotal).SetDiscountTotal(p.Discount).
		SetShippingTotal(p.Shipping).SetTaxTotal(p.Tax).SetTotal(p.Total).SetShippingAddress(c.ShippingAddress).
		SetDiscountCodes(c.DiscountCodes).SetNote(c.Note).SetNillableCustomerID(c.CustomerID).SetShipments(parcels(qt)).
		SetNillableAffiliateID(affiliate.Attributed(c, s.orders.Now()))
	o, err := oc.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create order: %w", err)
	}
	lines := make([]*ent.OrderLineCreate, len(qt.Lines))
	lineIDs := make([]pulid.ID, len(qt.Lines))
	for i, l := range qt.Lines {
		v, lr := l.Edges.Variant, p.Lines[i]
		lineIDs[i] = pulid.New(ent.IDPrefix(orderline.Table))
		lines[i] = tx.OrderLine.Create().SetID(lineIDs[i]).SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(v.ProductID).
			SetSellerID(v.Edges.Product.SellerID).SetProductName(v.Edges.Product.Name).SetVariantTitle(v.Title).
			SetSku(v.Sku).SetQuantity(l.Quantity).SetUnitPrice(v.Price).SetSubtotal(lr.Subtotal).
			SetDiscount(lr.Discount).SetTax(lr.Tax).SetTotal(lr.Total).SetTaxRatePpm(qt.TaxRate).SetWeightGrams(v.WeightGrams)
	}
	if err := tx.OrderLine.CreateBulk(lines...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("create order lines: %w", err)
	}
	if err := saveAllocations(ctx, tx.Client(), o, qt, lineIDs); err != nil {
		return nil, err
	}
	sellers := make([]pulid.ID, len(qt.Lines))
	for i, l := range qt.Lines {
		sellers[i] = l.Edges.Variant.Edges.Product.SellerID
	}
	// In this transaction: an order rolled back was never placed.
	if err := analytics.OrderPlaced(ctx, tx.Client(), o, sellers, in.VisitorID, s.orders.Now()); err != nil {
		return nil, err
	}
	timeout := s.orders.Config().PaymentTimeout
	if in.Provider == "manual" {
		timeout = s.orders.Config().ManualPaymentTimeout
	}
	pay, err := tx.Payment.Create().SetOrderID(o.ID).SetProvider(in.Provider).SetAmount(p.Total).SetCurrency(c.Currency).
		SetNextAction(orders.Processing).SetExpiresAt(s.orders.Now().Add(timeout)).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create payment: %w", err)
	}
	if err := orders.Event(ctx, tx.Client(), o.ID, orders.EventPlaced, actorOf(ctx), "order %s placed: %s", orders.Name(o),
		money.Format(p.Total, money.Currency(c.Currency).Exponent())+" "+c.Currency); err != nil {
		return nil, err
	}
	if err := tx.Cart.Update().Where(entcart.ID(c.ID)).SetStatus(entcart.StatusCOMPLETED).Exec(ctx); err != nil {
		return nil, err
	}
	return &placement{order: o, payment: pay, reservations: reservations}, nil
}

// parcels snapshots each seller's parcel and its chosen shipping.
func parcels(q *cart.Quote) []schema.OrderShipment {
	out := make([]schema.OrderShipment, len(q.Groups))
	for i, g := range q.Groups {
		m := g.Selected.Method
		// The price paid: what free-shipping promotions left of it.
		out[i] = schema.OrderShipment{SellerID: g.SellerID, MethodID: m.ID, MethodName: m.Name, Price: g.Selected.Price - q.Price.ShipmentDiscount[i],
			Tax: q.Price.ShipmentTax[i], WeightGrams: g.WeightGrams, MinDays: m.MinDays, MaxDays: m.MaxDays}
	}
	return out
}

// validate checks a priced cart against what an order needs.
func validate(q *cart.Quote, email string, in Input) []apperr.UserError {
	var ues []apperr.UserError
	f := []string{"input", "cartId"}
	if len(q.Lines) == 0 {
		return []apperr.UserError{apperr.UserErr(f, CodeEmptyCart, "the cart is empty")}
	}
	if email == "" {
		ues = append(ues, apperr.UserErr(f, CodeEmailRequired, "set the buyer's email (cartBuyerIdentityUpdate) first"))
	}
	if q.Cart.ShippingAddress == nil {
		ues = append(ues, apperr.UserErr(f, CodeAddressRequired, "set a shipping address (cartShippingAddressUpdate) first"))
	}
	for i, l := range q.Lines {
		if !cart.ForSale(l.Edges.Variant.Edges.Product) {
			ues = append(ues, apperr.UserErr(append(f, "lines", fmt.Sprint(i)), CodeVariantUnavailable, "%s is no longer for sale", l.Edges.Variant.Sku))
		}
	}
	if q.Cart.ShippingAddress != nil {
		for _, g := range q.Groups {
			if g.Selected == nil {
				ues = append(ues, apperr.UserErr(f, CodeShippingRequired, "choose a shipping method for the parcel of seller %s (cartSelectShippingMethod)", g.SellerID))
			}
		}
	}
	for _, cr := range q.Price.Codes {
		if !cr.Applicable {
			ues = append(ues, apperr.UserErr(f, CodeDiscountInapplicabe, "%s: %s", cr.Code, cr.Reason))
		}
	}
	if in.ExpectedTotal != nil && *in.ExpectedTotal != q.Price.Total && len(ues) == 0 {
		ues = append(ues, apperr.UserErr([]string{"input", "expectedTotalAmount"}, CodePriceChanged, "the total is now %s",
			money.Format(q.Price.Total, money.Currency(q.Cart.Currency).Exponent())))
	}
	return ues
}

// buyerEmail is the cart's buyer email, else its customer's.
func buyerEmail(ctx context.Context, c *ent.Cart) (string, error) {
	if c.BuyerEmail != "" || c.CustomerID == nil {
		return c.BuyerEmail, nil
	}
	v, err := account.CurrentViewer(ctx)
	if err != nil || v == nil {
		return "", err
	}
	return v.Customer.Email, nil
}

func actorOf(ctx context.Context) string {
	if v, _ := account.CurrentViewer(ctx); v != nil {
		return string(v.Customer.ID)
	}
	return "guest"
}

// replay answers a repeated key: the same cart gets the order's current
// answer, after resuming its attempt when the outcome was never recorded;
// another cart is refused.
func (s *Service) replay(ctx context.Context, o *ent.Order, in Input) (*Result, []apperr.UserError, error) {
	if o.CartID != in.CartID {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "idempotencyKey"}, CodeIdempotencyReused, "this key was used for another cart")}, nil
	}
	p, err := s.st.Client.Payment.Query().Where(entpayment.OrderID(o.ID)).Order(ent.Desc(entpayment.FieldCreatedAt)).First(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load payment: %w", err)
	}
	if p.Status == entpayment.StatusPENDING && p.NextAction == orders.Processing && p.Provider == in.Provider &&
		s.orders.Now().Sub(p.CreatedAt) < resumeWithin {
		return s.pay(ctx, in, s.orders.Providers()[p.Provider], o, p, nil)
	}
	return s.answer(ctx, o.ID)
}

// answer reads an order and its latest payment: a payment declined at
// checkout is a PAYMENT_DECLINED userError (the cart is open again).
func (s *Service) answer(ctx context.Context, orderID pulid.ID) (*Result, []apperr.UserError, error) {
	o, err := s.st.Client.Order.Get(ctx, orderID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.st.Client.Payment.Query().Where(entpayment.OrderID(o.ID)).Order(ent.Desc(entpayment.FieldCreatedAt)).First(ctx)
	if err != nil {
		return nil, nil, err
	}
	if p.Status == entpayment.StatusFAILED {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "payment"}, CodePaymentDeclined, "the payment was declined: %s", p.FailureReason)}, nil
	}
	return &Result{Order: o, Payment: p}, nil, nil
}
