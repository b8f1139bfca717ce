// Package affiliate runs the affiliate program: customers join and get a
// referral code and link; visits through the link are counted once per
// visitor and day and hand back an attribution token; a cart carrying a
// token (or a typed code) attributes its order to the affiliate, last click
// wins, within Window of the click; the order earns the affiliate a
// commission on its net subtotal, PENDING until it is delivered and its
// return window has passed, lowered by partial refunds and REVERSED by a
// full one. Self-referral earns nothing.
package affiliate

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	"github.com/comptoir/comptoir/ent/affiliatecommission"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/referralvisit"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
)

// Window is how long after a click its order is attributed.
const Window = 30 * 24 * time.Hour

// Error codes (AffiliateErrorCode in the schema).
const (
	CodeInvalid       = "INVALID"
	CodeNotFound      = "NOT_FOUND"
	CodeAlreadyJoined = "ALREADY_JOINED"
	CodeSelfReferral  = "SELF_REFERRAL"
	CodeNothingToPay  = "NOTHING_TO_PAY"
)

// Service runs the program.
type Service struct {
	St    *store.Store
	Carts *cart.Service
	// DefaultPPM is the program's commission, in parts per million of the
	// net subtotal.
	DefaultPPM    int
	ReturnWindow  time.Duration
	StorefrontURL string
	Currency      money.Currency
	Now           func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func in(p ...string) []string { return append([]string{"input"}, p...) }

// Rate is an affiliate's commission in parts per million.
func (s *Service) Rate(a *ent.Affiliate) int {
	if a.CommissionPpm != nil {
		return *a.CommissionPpm
	}
	return s.DefaultPPM
}

// Link is the storefront link carrying an affiliate's code.
func (s *Service) Link(a *ent.Affiliate) string {
	return strings.TrimRight(s.StorefrontURL, "/") + "/?ref=" + a.Code
}

func newCode() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return base32.StdEncoding.EncodeToString(b) // 8 characters A-Z2-7
}

// Join puts the viewer in the program. Who: any signed-in customer, once.
func (s *Service) Join(ctx context.Context) (*ent.Affiliate, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	for range 5 {
		a, err := s.St.Client.Affiliate.Create().SetCustomerID(v.Customer.ID).SetCode(newCode()).Save(ctx)
		if err == nil {
			return a, nil, nil
		}
		if !ent.IsConstraintError(err) {
			return nil, nil, err
		}
		if ok, err := s.St.Client.Affiliate.Query().Where(entaffiliate.CustomerID(v.Customer.ID)).Exist(ctx); err != nil {
			return nil, nil, err
		} else if ok {
			return nil, []apperr.UserError{apperr.UserErr(in(), CodeAlreadyJoined, "you are already an affiliate")}, nil
		}
	}
	return nil, nil, fmt.Errorf("join: no free referral code")
}

// Mine is the customer's affiliate, nil when not joined. Who: the customer
// and admins.
func (s *Service) Mine(ctx context.Context, customerID pulid.ID) (*ent.Affiliate, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	a, err := s.St.Client.Affiliate.Query().Where(entaffiliate.CustomerID(customerID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return a, err
}

// visitorKey tells visitors apart: the storefront's visitor id, else the
// signed-in account, else the client address and user agent; hashed.
func visitorKey(ctx context.Context, visitorID string) string {
	ci := account.ClientInfoFrom(ctx)
	raw := "addr:" + ci.IP + "\x00" + ci.UserAgent
	if vw, _ := account.CurrentViewer(ctx); vw != nil {
		raw = "account:" + string(vw.Customer.ID)
	}
	if id := strings.TrimSpace(visitorID); id != "" {
		raw = "visitor:" + id
	}
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func byCode(ctx context.Context, c *ent.Client, code string) (*ent.Affiliate, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" || len(code) > 40 {
		return nil, nil
	}
	a, err := c.Affiliate.Query().Where(entaffiliate.Code(code)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return a, err
}

func selfReferral(ctx context.Context, a *ent.Affiliate) bool {
	v, _ := account.CurrentViewer(ctx)
	return v != nil && v.Customer.ID == a.CustomerID
}

// Visit records a click on an affiliate's link, once per visitor and day,
// and returns the click's attribution token (the same all day). Who:
// anyone but the affiliate.
func (s *Service) Visit(ctx context.Context, code, visitorID string) (string, []apperr.UserError, error) {
	if len(visitorID) > 200 {
		return "", []apperr.UserError{apperr.UserErr(in("visitorId"), CodeInvalid, "a visitor id has at most 200 characters")}, nil
	}
	a, err := byCode(ctx, s.St.Client, code)
	if err != nil {
		return "", nil, err
	}
	if a == nil {
		return "", []apperr.UserError{apperr.UserErr(in("code"), CodeNotFound, "no affiliate has this code")}, nil
	}
	if selfReferral(ctx, a) {
		return "", []apperr.UserError{apperr.UserErr(in("code"), CodeSelfReferral, "you can't refer yourself")}, nil
	}
	key, day := visitorKey(ctx, visitorID), s.now().UTC().Format(time.DateOnly)
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	err = s.St.Client.ReferralVisit.Create().SetAffiliateID(a.ID).SetVisitor(key).SetDay(day).
		SetToken(base64.RawURLEncoding.EncodeToString(b)).SetCreatedAt(s.now()).
		OnConflict(entsql.ConflictColumns(referralvisit.FieldAffiliateID, referralvisit.FieldVisitor, referralvisit.FieldDay)).
		DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) { // a repeat visit: the row is there
		return "", nil, fmt.Errorf("record visit: %w", err)
	}
	tok, err := s.St.Client.ReferralVisit.Query().Where(referralvisit.AffiliateID(a.ID), referralvisit.Visitor(key), referralvisit.Day(day)).
		Select(referralvisit.FieldToken).String(ctx)
	return tok, nil, err
}

// Attribute puts the affiliate of a click (its token) or of a typed code
// (a click now) on a cart; the last one set wins. Who: whoever may change
// the cart; not the affiliate.
func (s *Service) Attribute(ctx context.Context, cartID pulid.ID, token, code *string) (*ent.Cart, []apperr.UserError, error) {
	if (token == nil) == (code == nil) {
		return nil, []apperr.UserError{apperr.UserErr(in("attributionToken"), CodeInvalid, "give an attribution token or a referral code")}, nil
	}
	c, err := s.Carts.Get(ctx, cartID)
	if err != nil {
		return nil, nil, err
	}
	var a *ent.Affiliate
	at := s.now()
	if token != nil {
		v, err := s.St.Client.ReferralVisit.Query().Where(referralvisit.Token(strings.TrimSpace(*token))).Only(ctx)
		if ent.IsNotFound(err) || (err == nil && at.Sub(v.CreatedAt) > Window) {
			return nil, []apperr.UserError{apperr.UserErr(in("attributionToken"), CodeNotFound, "this token is unknown or older than %d days", int(Window.Hours()/24))}, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if a, err = s.St.Client.Affiliate.Get(ctx, v.AffiliateID); err != nil {
			return nil, nil, err
		}
		at = v.CreatedAt
	} else {
		var err error
		if a, err = byCode(ctx, s.St.Client, *code); err != nil {
			return nil, nil, err
		}
		if a == nil {
			return nil, []apperr.UserError{apperr.UserErr(in("referralCode"), CodeNotFound, "no affiliate has this code")}, nil
		}
	}
	if selfReferral(ctx, a) || (c.CustomerID != nil && *c.CustomerID == a.CustomerID) {
		return nil, []apperr.UserError{apperr.UserErr(in(), CodeSelfReferral, "you can't refer yourself")}, nil
	}
	return s.Carts.SetAttribution(ctx, cartID, a.ID, at)
}

// Attributed is the affiliate a cart's order goes to: the cart's last
// click, when within Window at t.
func Attributed(c *ent.Cart, t time.Time) *pulid.ID {
	if c.AffiliateID == nil || c.AffiliateClickedAt == nil || t.Sub(*c.AffiliateClickedAt) > Window {
		return nil
	}
	return c.AffiliateID
}

// Handle writes and adjusts commissions from a batch of timeline events, in
// the outbox dispatcher's transaction: a paid attributed order earns one
// (unless the buyer is the affiliate); a refund lowers it pro rata and a
// full one reverses it.
func (s *Service) Handle(ctx context.Context, tx *ent.Client, _ string, evs []*ent.OrderEvent) error {
	var paid, refunded []pulid.ID
	for _, e := range evs {
		switch e.Type {
		case orders.EventPaymentCaptured, orders.EventMarkedPaid:
			paid = append(paid, e.OrderID)
		case orders.EventRefunded:
			refunded = append(refunded, e.OrderID)
		}
	}
	if len(paid) > 0 {
		if err := s.earn(ctx, tx, paid); err != nil {
			return fmt.Errorf("affiliate commissions: %w", err)
		}
	}
	if len(refunded) > 0 {
		if err := s.adjust(ctx, tx, refunded); err != nil {
			return fmt.Errorf("affiliate reversals: %w", err)
		}
	}
	return nil
}

func (s *Service) earn(ctx context.Context, tx *ent.Client, ids []pulid.ID) error {
	os, err := tx.Order.Query().Where(entorder.IDIn(ids...), entorder.AffiliateIDNotNil(), entorder.PaidAtNotNil()).All(ctx)
	if err != nil || len(os) == 0 {
		return err
	}
	var orderIDs, affIDs []pulid.ID
	for _, o := range os {
		orderIDs = append(orderIDs, o.ID)
		affIDs = append(affIDs, *o.AffiliateID)
	}
	done, err := tx.AffiliateCommission.Query().Where(affiliatecommission.OrderIDIn(orderIDs...)).
		Select(affiliatecommission.FieldOrderID).Strings(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, id := range done {
		seen[id] = true
	}
	affs, err := tx.Affiliate.Query().Where(entaffiliate.IDIn(affIDs...)).All(ctx)
	if err != nil {
		return err
	}
	byID := map[pulid.ID]*ent.Affiliate{}
	var custIDs []pulid.ID
	for _, a := range affs {
		byID[a.ID] = a
		custIDs = append(custIDs, a.CustomerID)
	}
	custs, err := tx.Customer.Query().Where(customer.IDIn(custIDs...)).Select(customer.FieldID, customer.FieldEmail).All(ctx)
	if err != nil {
		return err
	}
	emails := map[pulid.ID]string{}
	for _, c := range custs {
		emails[c.ID] = c.Email
	}
	lines, err := tx.OrderLine.Query().Where(orderline.OrderIDIn(orderIDs...)).All(ctx)
	if err != nil {
		return err
	}
	inclusive := map[pulid.ID]bool{}
	for _, o := range os {
		inclusive[o.ID] = o.PricesIncludeTax
	}
	base := map[pulid.ID]int64{}
	var calc money.Calc
	for _, l := range lines {
		b := l.Total
		if inclusive[l.OrderID] {
			b = calc.Sub(b, l.Tax)
		}
		base[l.OrderID] = calc.Add(base[l.OrderID], b)
	}
	var creates []*ent.AffiliateCommissionCreate
	for _, o := range os {
		a := byID[*o.AffiliateID]
		if a == nil || seen[string(o.ID)] || self(a, emails[a.CustomerID], o) {
			continue
		}
		rate := s.Rate(a)
		creates = append(creates, tx.AffiliateCommission.Create().SetAffiliateID(a.ID).SetOrderID(o.ID).
			SetBase(base[o.ID]).SetRatePpm(rate).SetAmount(calc.Check(money.PartsPerMillion(base[o.ID], rate))).SetCurrency(o.Currency))
	}
	if err := calc.Err(); err != nil {
		// The orders' amounts were checked when they were placed.
		return fmt.Errorf("affiliate commissions: %w", err)
	}
	if len(creates) == 0 {
		return nil
	}
	return tx.AffiliateCommission.CreateBulk(creates...).Exec(ctx)
}

// self: the buyer is the affiliate (same account or same email).
func self(a *ent.Affiliate, email string, o *ent.Order) bool {
	if o.CustomerID != nil && *o.CustomerID == a.CustomerID {
		return true
	}
	return email != "" && account.EmailKey(email) == account.EmailKey(o.Email)
}

func (s *Service) adjust(ctx context.Context, tx *ent.Client, ids []pulid.ID) error {
	cs, err := tx.AffiliateCommission.Query().Where(affiliatecommission.OrderIDIn(ids...),
		affiliatecommission.StatusIn(affiliatecommission.StatusPENDING, affiliatecommission.StatusAPPROVED)).All(ctx)
	if err != nil || len(cs) == 0 {
		return err
	}
	var orderIDs []pulid.ID
	for _, c := range cs {
		orderIDs = append(orderIDs, c.OrderID)
	}
	byID, err := orders.ByID(ctx, tx, orderIDs)
	if err != nil {
		return err
	}
	for _, c := range cs {
		o := byID[c.OrderID]
		var calc money.Calc
		full := calc.Check(money.PartsPerMillion(c.Base, c.RatePpm))
		u := tx.AffiliateCommission.UpdateOneID(c.ID)
		if o.Total <= 0 || o.RefundedTotal >= o.Total {
			u.SetAmount(0).SetStatus(affiliatecommission.StatusREVERSED)
		} else {
			// In 128 bits: full × what is left overflows int64 long before
			// the share does.
			u.SetAmount(calc.Prorate(full, o.Total-o.RefundedTotal, o.Total))
		}
		if err := calc.Err(); err != nil {
			return fmt.Errorf("adjust commission %s: %w", c.ID, err)
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Approve makes payable the pending commissions of orders delivered at
// least a return window before now; it reports how many. A background
// worker runs it.
func (s *Service) Approve(ctx context.Context, now time.Time, limit int) (int, error) {
	pending, err := s.St.Client.AffiliateCommission.Query().Where(affiliatecommission.StatusEQ(affiliatecommission.StatusPENDING)).
		Order(ent.Asc(affiliatecommission.FieldCreatedAt)).Limit(limit).Select(affiliatecommission.FieldOrderID).Strings(ctx)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	orderIDs := make([]pulid.ID, len(pending))
	for i, id := range pending {
		orderIDs[i] = pulid.ID(id)
	}
	ids, err := s.St.Client.Order.Query().Where(entorder.IDIn(orderIDs...), entorder.DeliveredAtLTE(now.Add(-s.ReturnWindow))).IDs(ctx)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return s.St.Client.AffiliateCommission.Update().Where(affiliatecommission.OrderIDIn(ids...),
		affiliatecommission.StatusEQ(affiliatecommission.StatusPENDING)).SetStatus(affiliatecommission.StatusAPPROVED).Save(ctx)
}

// Stats are an affiliate's clicks, conversions and earnings by status.
type Stats struct {
	Clicks, Conversions     int
	Pending, Approved, Paid int64
}

// CanRead allows an affiliate's figures to the affiliate and admins.
func CanRead(ctx context.Context, a *ent.Affiliate) error {
	_, err := policy.OwnAccount(ctx, a.CustomerID)
	return err
}

// StatsMany reads the figures of several affiliates in two statements
// (clicks; commissions by status), whatever their number.
func StatsMany(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]*Stats, error) {
	out := make(map[pulid.ID]*Stats, len(ids))
	for _, id := range ids {
		out[id] = &Stats{}
	}
	var clicks []struct {
		AffiliateID string `json:"affiliate_id"`
		Count       int    `json:"count"`
	}
	if err := c.ReferralVisit.Query().Where(referralvisit.AffiliateIDIn(ids...)).
		GroupBy(referralvisit.FieldAffiliateID).Aggregate(ent.Count()).Scan(ctx, &clicks); err != nil {
		return nil, err
	}
	for _, r := range clicks {
		if st := out[pulid.ID(r.AffiliateID)]; st != nil {
			st.Clicks = r.Count
		}
	}
	var rows []struct {
		AffiliateID string `json:"affiliate_id"`
		Status      string `json:"status"`
		Count       int    `json:"count"`
		Sum         int64  `json:"sum"`
	}
	if err := c.AffiliateCommission.Query().Where(affiliatecommission.AffiliateIDIn(ids...)).
		GroupBy(affiliatecommission.FieldAffiliateID, affiliatecommission.FieldStatus).
		Aggregate(ent.Count(), ent.Sum(affiliatecommission.FieldAmount)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		st := out[pulid.ID(r.AffiliateID)]
		if st == nil {
			continue
		}
		switch affiliatecommission.Status(r.Status) {
		case affiliatecommission.StatusPENDING:
			st.Pending = r.Sum
		case affiliatecommission.StatusAPPROVED:
			st.Approved = r.Sum
		case affiliatecommission.StatusPAID:
			st.Paid = r.Sum
		default: // REVERSED: not a conversion
			continue
		}
		st.Conversions += r.Count
	}
	return out, nil
}

// List lists every affiliate, newest first. Who: admins.
func (s *Service) List(ctx context.Context, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.AffiliateConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.St.Client.Affiliate.Query().Paginate(ctx, after, first, before, last,
		ent.WithAffiliateOrder(&ent.AffiliateOrder{Field: ent.AffiliateOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// SetCommission sets an affiliate's rate (nil: the program's). Who: admins.
func (s *Service) SetCommission(ctx context.Context, id pulid.ID, ppm *int) (*ent.Affiliate, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	u := s.St.Client.Affiliate.UpdateOneID(id)
	if ppm == nil {
		u.ClearCommissionPpm()
	} else {
		u.SetCommissionPpm(*ppm)
	}
	a, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("id"), CodeNotFound, "no affiliate with this id")}, nil
	}
	return a, nil, err
}

// Pay pays an affiliate's approved commissions and records the payout.
// Who: admins.
func (s *Service) Pay(ctx context.Context, id pulid.ID) (*ent.Affiliate, int64, []apperr.UserError, error) {
	v, err := policy.RequireAdmin(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	a, err := s.St.Client.Affiliate.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, 0, []apperr.UserError{apperr.UserErr(in("id"), CodeNotFound, "no affiliate with this id")}, nil
	}
	if err != nil {
		return nil, 0, nil, err
	}
	var total int64
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		q := tx.AffiliateCommission.Query().Where(affiliatecommission.AffiliateID(id), affiliatecommission.StatusEQ(affiliatecommission.StatusAPPROVED))
		if s.St.Dialect == dialect.Postgres {
			q = q.ForUpdate()
		}
		cs, err := q.All(ctx)
		if err != nil || len(cs) == 0 {
			return err
		}
		ids := make([]pulid.ID, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
			total += c.Amount
		}
		p, err := tx.AffiliatePayout.Create().SetAffiliateID(id).SetAmount(total).SetCurrency(string(s.Currency)).
			SetCommissions(len(cs)).SetActor(string(v.Customer.ID)).Save(ctx)
		if err != nil {
			return err
		}
		return tx.AffiliateCommission.Update().Where(affiliatecommission.IDIn(ids...)).
			SetStatus(affiliatecommission.StatusPAID).SetPayoutID(p.ID).Exec(ctx)
	})
	if err != nil {
		return nil, 0, nil, fmt.Errorf("pay affiliate: %w", err)
	}
	if total == 0 {
		return nil, 0, []apperr.UserError{apperr.UserErr(in("id"), CodeNothingToPay, "this affiliate has no approved commission to pay")}, nil
	}
	return a, total, nil, nil
}

// Customer is the affiliate's account. Who: the affiliate and admins.
func (s *Service) Customer(ctx context.Context, a *ent.Affiliate) (*ent.Customer, error) {
	if _, err := policy.OwnAccount(ctx, a.CustomerID); err != nil {
		return nil, err
	}
	return s.St.Client.Customer.Get(ctx, a.CustomerID)
}
