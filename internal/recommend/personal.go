package recommend

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productpair"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
)

// How much one signal of a shopper says about their taste, before recency:
// a purchase more than a wish, a wish more than a view.
const (
	signalBought = 1.0
	signalWished = 0.8
	signalViewed = 0.5
	// How much a co-view says next to a co-purchase.
	kindViewedFactor = 0.6
	// signals caps each kind of signal read (the most recent ones).
	signals = 100
	// partners caps the partners read per signal product and kind.
	partners = 50
)

// Service reads shoppers' lists.
type Service struct {
	Client *ent.Client
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

func (p *Service) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

// ForCustomer returns at most first (nil: DefaultFirst) products picked
// for a customer from their views, paid orders and wishlists: never a
// product they bought unless it is consumable, only what the public may buy
// now, best first, then the shop's best sellers. Seven statements at most.
// Only the customer and admins may read it. Errors: UNAUTHENTICATED,
// FORBIDDEN, BAD_USER_INPUT (first).
func (p *Service) ForCustomer(ctx context.Context, customerID pulid.ID, first *int) ([]*ent.Product, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	n, err := First(first)
	if err != nil {
		return nil, err
	}
	return p.forCustomer(ctx, customerID, n)
}

func (p *Service) forCustomer(ctx context.Context, customerID pulid.ID, first int) ([]*ent.Product, error) {
	c := p.Client
	if first <= 0 {
		return []*ent.Product{}, nil
	}
	seeds := map[pulid.ID]float64{}
	now := p.now()
	add := func(id pulid.ID, at time.Time, w float64) {
		seeds[id] += w * decay(at, now)
	}
	views, err := c.AnalyticsEvent.Query().Where(analyticsevent.CustomerID(customerID),
		analyticsevent.TypeEQ(analyticsevent.TypePRODUCT_VIEWED), analyticsevent.ProductIDNotNil()).
		Order(ent.Desc(analyticsevent.FieldOccurredAt)).Limit(signals).
		Select(analyticsevent.FieldProductID, analyticsevent.FieldOccurredAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a customer: %w", err)
	}
	for _, v := range views {
		add(*v.ProductID, v.OccurredAt, signalViewed)
	}
	orders, err := c.Order.Query().Where(order.CustomerID(customerID), order.PaidAtNotNil()).
		Order(ent.Desc(order.FieldPaidAt)).Limit(signals).
		WithLines(func(q *ent.OrderLineQuery) { q.Select(orderline.FieldOrderID, orderline.FieldProductID) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a customer: %w", err)
	}
	for _, o := range orders {
		for _, l := range o.Edges.Lines {
			add(l.ProductID, *o.PaidAt, signalBought)
		}
	}
	wished, err := c.WishlistItem.Query().Where(wishlistitem.CustomerID(customerID)).
		Order(ent.Desc(wishlistitem.FieldCreatedAt)).Limit(signals).
		Select(wishlistitem.FieldProductID, wishlistitem.FieldCreatedAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a customer: %w", err)
	}
	for _, w := range wished {
		add(w.ProductID, w.CreatedAt, signalWished)
	}
	out, err := pick(ctx, c, seeds, notBoughtBy(customerID), first)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a customer: %w", err)
	}
	return out, nil
}

// ForVisitor is ForCustomer for a guest: from the views recorded under the
// storefront's visitor id (see internal/analytics). Anyone holding the
// visitor id may call it: the id is the storefront's secret cookie. Four
// statements at most. Errors: BAD_USER_INPUT for an empty or too long
// visitor id or a bad first.
func (p *Service) ForVisitor(ctx context.Context, visitorID string, first *int) ([]*ent.Product, error) {
	if !analytics.ValidVisitorID(visitorID) {
		return nil, apperr.BadInput([]string{"visitorId"}, "visitorId must be 1 to %d bytes", analytics.MaxVisitorID)
	}
	n, err := First(first)
	if err != nil {
		return nil, err
	}
	c := p.Client
	if n <= 0 {
		return []*ent.Product{}, nil
	}
	now := p.now()
	views, err := c.AnalyticsEvent.Query().Where(analyticsevent.Visitor(analytics.Digest(visitorID)),
		analyticsevent.TypeEQ(analyticsevent.TypePRODUCT_VIEWED), analyticsevent.ProductIDNotNil()).
		Order(ent.Desc(analyticsevent.FieldOccurredAt)).Limit(signals).
		Select(analyticsevent.FieldProductID, analyticsevent.FieldOccurredAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a visitor: %w", err)
	}
	seeds := map[pulid.ID]float64{}
	for _, v := range views {
		seeds[*v.ProductID] += signalViewed * decay(v.OccurredAt, now)
	}
	out, err := pick(ctx, c, seeds, nil, n)
	if err != nil {
		return nil, fmt.Errorf("recommendations for a visitor: %w", err)
	}
	return out, nil
}

// decay is how much a signal at t still counts at now (1 when fresh).
func decay(t, now time.Time) float64 {
	d := now.Sub(t)
	if d < 0 {
		d = 0
	}
	return math.Exp(-float64(d) / float64(Tau))
}

// notBoughtBy keeps products the customer never paid for, and consumable
// ones.
func notBoughtBy(customerID pulid.ID) predicate.Product {
	return func(s *entsql.Selector) {
		d := entsql.Dialect(s.Dialect())
		l, o := d.Table(orderline.Table).As("l"), d.Table(order.Table).As("o")
		bought := d.Select(l.C(orderline.FieldProductID)).From(l).
			Join(o).On(o.C(order.FieldID), l.C(orderline.FieldOrderID)).
			Where(entsql.And(entsql.EQ(o.C(order.FieldCustomerID), string(customerID)), entsql.NotNull(o.C(order.FieldPaidAt))))
		s.Where(entsql.Or(entsql.EQ(s.C(product.FieldConsumable), true), entsql.NotIn(s.C(product.FieldID), bought)))
	}
}

// pick ranks the partners of the seeds (each seed's partners scored
// relative to its best one, so that a popular seed does not drown the
// others), keeps those allowed, and fills up with best sellers.
func pick(ctx context.Context, c *ent.Client, seeds map[pulid.ID]float64, allowed predicate.Product, first int) ([]*ent.Product, error) {
	where := recommendable()
	if allowed != nil {
		where = product.And(where, allowed)
	}
	total := map[pulid.ID]float64{}
	if len(seeds) > 0 {
		ids := make([]pulid.ID, 0, len(seeds))
		for id := range seeds {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		rows, err := seedPairs(ctx, c, ids, where)
		if err != nil {
			return nil, err
		}
		best := map[[2]string]float64{}
		for _, r := range rows {
			k := [2]string{string(r.a), r.kind}
			best[k] = math.Max(best[k], r.score)
		}
		for _, r := range rows {
			f := 1.0
			if r.kind == kindViewed {
				f = kindViewedFactor
			}
			if b := best[[2]string{string(r.a), r.kind}]; b > 0 {
				total[r.b] += seeds[r.a] * f * r.score / b
			}
		}
	}
	ranked := make([]scored, 0, len(total))
	for id, s := range total {
		ranked = append(ranked, scored{b: id, score: s})
	}
	sortScored(ranked)
	if len(ranked) > first {
		ranked = ranked[:first]
	}
	out := make([]*ent.Product, 0, first)
	if len(ranked) > 0 {
		ids := make([]pulid.ID, len(ranked))
		for i, r := range ranked {
			ids[i] = r.b
		}
		rows, err := c.Product.Query().Where(product.IDIn(ids...)).All(ctx)
		if err != nil {
			return nil, err
		}
		byID := make(map[pulid.ID]*ent.Product, len(rows))
		for _, r := range rows {
			byID[r.ID] = r
		}
		for _, id := range ids {
			if p, ok := byID[id]; ok {
				out = append(out, p)
			}
		}
	}
	if len(out) >= first {
		return out, nil
	}
	// The shop's best sellers (catalog.BestSellers keeps units_sold).
	chosen := make([]pulid.ID, len(out))
	for i, p := range out {
		chosen[i] = p.ID
	}
	more, err := c.Product.Query().Where(where, product.IDNotIn(chosen...)).
		Order(ent.Desc(product.FieldUnitsSold), ent.Asc(product.FieldID)).Limit(first - len(out)).All(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, more...), nil
}

// seedPairs reads the best partners (of both kinds) of the seeds that
// where allows, in one statement.
func seedPairs(ctx context.Context, c *ent.Client, seeds []pulid.ID, where predicate.Product) ([]scored, error) {
	d := entsql.Dialect(c.Dialect())
	pp := d.Table(productpair.Table)
	inner := d.Select(pp.C(productpair.FieldProductA), pp.C(productpair.FieldProductB), pp.C(productpair.FieldKind), pp.C(productpair.FieldScore)).
		From(pp).
		Where(entsql.And(
			entsql.In(pp.C(productpair.FieldProductA), anyIDs(seeds)...),
			entsql.In(pp.C(productpair.FieldProductB), productIDs(d, where)),
		))
	inner.AppendSelectExprAs(entsql.Expr(fmt.Sprintf("ROW_NUMBER() OVER (PARTITION BY %s, %s ORDER BY %s DESC, %s)",
		pp.C(productpair.FieldProductA), pp.C(productpair.FieldKind), pp.C(productpair.FieldScore), pp.C(productpair.FieldProductB))), "rn")
	t := inner.As("t")
	q, args := d.Select(t.C(productpair.FieldProductA), t.C(productpair.FieldProductB), t.C(productpair.FieldKind), t.C(productpair.FieldScore)).
		From(t).Where(entsql.LTE(t.C("rn"), partners)).Query()
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []scored
	for rows.Next() {
		var s scored
		if err := rows.Scan(&s.a, &s.b, &s.kind, &s.score); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
