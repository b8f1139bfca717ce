package orders

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
)

type grantsKey struct{}

// WithGrants prepares ctx (one request) to remember the orders a guest
// proved to own by giving their email.
func WithGrants(ctx context.Context) context.Context {
	return withAmounts(context.WithValue(ctx, grantsKey{}, &sync.Map{}))
}

// Grant lets the rest of the request read an order whole: the caller proved
// they own it (checkout: they just placed it with a cart they may use), so
// the mutation's payload shows a guest their order's lines and payments.
func Grant(ctx context.Context, id pulid.ID) { grant(ctx, id) }

func grant(ctx context.Context, id pulid.ID) {
	if m, ok := ctx.Value(grantsKey{}).(*sync.Map); ok {
		m.Store(id, true)
	}
}

func granted(ctx context.Context, id pulid.ID) bool {
	m, ok := ctx.Value(grantsKey{}).(*sync.Map)
	if !ok {
		return false
	}
	_, g := m.Load(id)
	return g
}

// ViewFor says what of an order the viewer sees: everything for its
// customer, an admin or a guest who gave its email in this request; a
// seller's member only that seller's lines and parcels; nobody else
// anything. Nested fields (lines, parcels, fulfilments) filter with it.
func ViewFor(ctx context.Context, o *ent.Order) policy.OrderView {
	if granted(ctx, o.ID) {
		return policy.OrderView{All: true}
	}
	v, _ := account.CurrentViewer(ctx)
	if v == nil {
		return policy.OrderView{}
	}
	if v.IsAdmin() || (o.CustomerID != nil && *o.CustomerID == v.Customer.ID) {
		return policy.OrderView{All: true}
	}
	var mine []pulid.ID
	for _, m := range v.Customer.Edges.Memberships {
		mine = append(mine, m.SellerID)
	}
	return policy.OrderView{Sellers: mine}
}

// lineSellers lists the sellers with lines in an order.
func lineSellers(ctx context.Context, c *ent.Client, orderID pulid.ID) ([]pulid.ID, error) {
	ids, err := c.OrderLine.Query().Where(orderline.OrderID(orderID)).Unique(true).Select(orderline.FieldSellerID).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("order sellers: %w", err)
	}
	out := make([]pulid.ID, len(ids))
	for i, s := range ids {
		out[i] = pulid.ID(s)
	}
	return out, nil
}

// Get returns an order the viewer may read (policy.ReadOrder): its customer,
// an admin, a member of a seller with lines in it, or, for a guest order
// only, anyone giving the order's email. An email never opens a registered
// customer's order. An unknown ID, a wrong email and an email given for an
// order the viewer may not read are all NOT_FOUND, so the answer does not
// tell whether the order exists.
func (s *Service) Get(ctx context.Context, id pulid.ID, email *string) (*ent.Order, error) {
	o, err := s.st.Client.Order.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "no order has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("load order: %w", err)
	}
	guest := email != nil && guestEmailOpens(o, *email)
	sellers, err := lineSellers(ctx, s.st.Client, o.ID)
	if err != nil {
		return nil, err
	}
	if err := canRead(ctx, o, sellers, guest); err != nil {
		if email != nil && apperr.Refused(err) {
			return nil, apperr.New(apperr.NotFound, "no order has this id")
		}
		return nil, err
	}
	if guest {
		grant(ctx, o.ID)
	}
	return o, nil
}

// guestEmailOpens is the guest path's rule: the email opens a guest order
// (one without a customer) whose checkout email it is, and nothing else.
func guestEmailOpens(o *ent.Order, email string) bool {
	return o.CustomerID == nil && strings.EqualFold(strings.TrimSpace(email), o.Email)
}

// AccessToken is a guest order's signed access token, which its mails carry
// and the guest's mutations on it need (see Buyer); "" for a registered
// customer's order, which its owner changes signed in.
func (s *Service) AccessToken(o *ent.Order) string {
	if o.CustomerID != nil || s.Access == nil {
		return ""
	}
	return s.Access.Sign(accessMessage(o.ID))
}

func accessMessage(id pulid.ID) string { return "order-access:" + string(id) }

// Buyer returns an order for one of its buyer's mutations (confirming a
// payment, reordering, asking for a return): a registered customer's order
// to that customer signed in (or an admin); a guest order to whoever gives
// its signed access token (or an admin). An email alone changes nothing.
// Refusals: NOT_FOUND for an unknown order; FORBIDDEN for a guest order
// without its token; as Get for a registered customer's order, then
// FORBIDDEN for a reader who is not the buyer (a seller's member).
func (s *Service) Buyer(ctx context.Context, id pulid.ID, token *string) (*ent.Order, error) {
	o, err := s.st.Client.Order.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "no order has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("load order: %w", err)
	}
	if o.CustomerID == nil {
		if token != nil && s.Access.Verify(accessMessage(o.ID), *token) {
			grant(ctx, o.ID)
			return o, nil
		}
		if v, _ := account.CurrentViewer(ctx); v == nil || !v.IsAdmin() {
			return nil, apperr.New(apperr.Forbidden, "a guest order is changed with the access token mailed to its buyer (input.accessToken)")
		}
		return o, nil
	}
	// A registered customer's order: the token is ignored.
	if o, err = s.Get(ctx, id, nil); err != nil {
		return nil, err
	}
	if !ViewFor(ctx, o).All {
		return nil, apperr.New(apperr.Forbidden, "only the buyer changes an order this way")
	}
	return o, nil
}

// canRead is the one rule for reading an order (policy.ReadOrder), shared
// by Get and Readable. guest says the caller proved the order's email: Get
// by the email it was given, Readable by a grant Get left earlier in the
// request (Get itself ignores grants: realtime re-asks it without the email
// to keep a registered customer's order to that customer). sellers are
// those with lines in the order.
func canRead(ctx context.Context, o *ent.Order, sellers []pulid.ID, guest bool) error {
	_, err := policy.ReadOrder(ctx, o.CustomerID, guest, sellers)
	return err
}

// Readable loads the orders with these IDs that the viewer may read (the
// rule of Get, without an email: a guest's grant from earlier in the request
// counts). Two statements whatever the number of IDs: the orders, then the
// sellers of their lines. Refused and unknown IDs are absent from the map.
func Readable(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]*ent.Order, error) {
	os, err := c.Order.Query().Where(entorder.IDIn(ids...)).All(ctx)
	if err != nil || len(os) == 0 {
		return map[pulid.ID]*ent.Order{}, err
	}
	found := make([]pulid.ID, len(os))
	for i, o := range os {
		found[i] = o.ID
	}
	var pairs []struct {
		OrderID  pulid.ID `json:"order_id"`
		SellerID pulid.ID `json:"seller_id"`
	}
	if err := c.OrderLine.Query().Where(orderline.OrderIDIn(found...)).Unique(true).
		Select(orderline.FieldOrderID, orderline.FieldSellerID).Scan(ctx, &pairs); err != nil {
		return nil, fmt.Errorf("order sellers: %w", err)
	}
	sellers := make(map[pulid.ID][]pulid.ID, len(os))
	for _, p := range pairs {
		sellers[p.OrderID] = append(sellers[p.OrderID], p.SellerID)
	}
	out := make(map[pulid.ID]*ent.Order, len(os))
	for _, o := range os {
		err := canRead(ctx, o, sellers[o.ID], granted(ctx, o.ID))
		if apperr.Refused(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[o.ID] = o
	}
	return out, nil
}

// Mine lists the viewer's orders, newest first.
func (s *Service) Mine(ctx context.Context, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.OrderConnection, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	first, last, err = pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	conn, err := s.st.Client.Order.Query().Where(entorder.CustomerID(v.Customer.ID)).
		Paginate(ctx, after, first, before, last, ent.WithOrderOrder(&ent.OrderOrder{Field: ent.OrderOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
	if err != nil {
		return nil, err
	}
	// Field collection loads only the selected columns: when customer_id
	// is not among them, ViewFor would take the buyer for a stranger (and
	// show no lines). These orders are the viewer's by the filter above.
	for _, e := range conn.Edges {
		e.Node.CustomerID = &v.Customer.ID
	}
	return conn, nil
}

// List lists orders for staff: an admin sees every order (optionally one
// seller's), a seller's member only orders with that seller's lines.
func (s *Service) List(ctx context.Context, sellerID *pulid.ID, status *entorder.Status, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.OrderConnection, error) {
	if sellerID != nil {
		if _, err := policy.ManageSeller(ctx, *sellerID); err != nil {
			return nil, err
		}
	} else if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.st.Client.Order.Query()
	if sellerID != nil {
		q = q.Where(entorder.HasLinesWith(orderline.SellerID(*sellerID)))
	}
	if status != nil {
		q = q.Where(entorder.StatusEQ(*status))
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithOrderOrder(&ent.OrderOrder{Field: ent.OrderOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// Lines lists an order's lines that the view covers.
func (s *Service) Lines(ctx context.Context, o *ent.Order, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.OrderLineConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.st.Client.OrderLine.Query().Where(orderline.OrderID(o.ID))
	if view := ViewFor(ctx, o); !view.All {
		q = q.Where(orderline.SellerIDIn(view.Sellers...))
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithOrderLineOrder(&ent.OrderLineOrder{Field: ent.OrderLineOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionAsc}))
}

// Visible keeps the rows of the sellers whose part of the order the viewer
// sees (all of them for the buyer and admins).
func Visible[T any](ctx context.Context, o *ent.Order, rows []T, sellerOf func(T) pulid.ID) []T {
	view := ViewFor(ctx, o)
	if view.All {
		return rows
	}
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		if view.Sees(sellerOf(r)) {
			out = append(out, r)
		}
	}
	return out
}

// BuyerOnly returns rows only to whoever sees the whole order: payments,
// refunds, returns and the timeline are not a seller's business.
func BuyerOnly[T any](ctx context.Context, o *ent.Order, rows []T) []T {
	if ViewFor(ctx, o).All {
		return rows
	}
	return []T{}
}

// Events lists an order's timeline, oldest first, to whoever sees the
// whole order (an empty page for a seller).
func (s *Service) Events(ctx context.Context, o *ent.Order, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.OrderEventConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.st.Client.OrderEvent.Query().Where(orderevent.OrderID(o.ID))
	if !ViewFor(ctx, o).All {
		q = q.Where(orderevent.OrderID(""))
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithOrderEventOrder(&ent.OrderEventOrder{Field: ent.OrderEventOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionAsc}))
}

// ByID loads orders by ID into a map (one statement); c may be a
// transaction's client.
func ByID(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]*ent.Order, error) {
	os, err := c.Order.Query().Where(entorder.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID]*ent.Order, len(os))
	for _, o := range os {
		out[o.ID] = o
	}
	return out, nil
}

// LinesOf returns the lines of several orders that each order's view
// covers (see Lines), oldest first, in one statement: what a page of
// orders shows without a query per order.
func (s *Service) LinesOf(ctx context.Context, os []*ent.Order) (map[pulid.ID][]*ent.OrderLine, error) {
	out := make(map[pulid.ID][]*ent.OrderLine, len(os))
	if len(os) == 0 {
		return out, nil
	}
	views := make(map[pulid.ID]policy.OrderView, len(os))
	ids := make([]pulid.ID, len(os))
	for i, o := range os {
		ids[i] = o.ID
		views[o.ID] = ViewFor(ctx, o)
	}
	rows, err := s.st.Client.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).
		Order(ent.Asc(orderline.FieldCreatedAt), ent.Asc(orderline.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("order lines: %w", err)
	}
	for _, l := range rows {
		if views[l.OrderID].Sees(l.SellerID) {
			out[l.OrderID] = append(out[l.OrderID], l)
		}
	}
	return out, nil
}
