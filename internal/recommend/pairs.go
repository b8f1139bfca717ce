package recommend

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/productpair"
	"github.com/comptoir/comptoir/ent/recommendcursor"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/worker"
)

// Sources of the worker, as recommend_cursors.source.
const (
	sourceOrders = "orders"
	sourceViews  = "views"
)

// Pairs keeps product_pairs from the paid orders and the product views
// past its cursors, a batch at a time: each order or view is counted once
// (the cursor moves in the transaction that adds its scores), so a second
// run reads only what is new.
type Pairs struct {
	St *store.Store
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Lag is how old a row must be before it is read: a transaction that
	// committed late with an earlier time would otherwise fall behind the
	// cursor. A minute by default.
	Lag time.Duration
	// Visit is how far apart two views of one visitor may be and still be
	// a co-view. 30 minutes by default.
	Visit time.Duration
	// MaxLines caps the products of one order counted (the first ones by
	// line): an order of n products makes n(n-1) pairs.
	MaxLines int
	Log      *slog.Logger
}

func (p *Pairs) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

func (p *Pairs) lag() time.Duration {
	if p.Lag > 0 {
		return p.Lag
	}
	return time.Minute
}

func (p *Pairs) visit() time.Duration {
	if p.Visit > 0 {
		return p.Visit
	}
	return 30 * time.Minute
}

func (p *Pairs) maxLines() int {
	if p.MaxLines > 0 {
		return p.MaxLines
	}
	return 30
}

// Job runs Step on the store's wakes, merged over a minute; its limit is
// rows of each source per step.
func (p *Pairs) Job() worker.Job {
	return worker.Job{Name: "recommendation pairs", Limit: 500, Coalesce: time.Minute,
		Step: func(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
			n, err := p.Step(ctx, limit)
			if err != nil || n >= limit {
				return n, time.Time{}, err
			}
			// Rows younger than Lag were left: come back once it passed.
			young, err := p.pending(ctx)
			if err != nil || !young {
				return n, time.Time{}, err
			}
			return n, p.now().Add(p.lag()), nil
		}}
}

// Step reads at most limit paid orders and limit views past the cursors and
// adds their pairs. It returns how many rows it read from the busier source
// (limit: more may wait).
func (p *Pairs) Step(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 500
	}
	no, err := p.orders(ctx, limit)
	if err != nil {
		return 0, fmt.Errorf("recommendation pairs from orders: %w", err)
	}
	nv, err := p.views(ctx, limit)
	if err != nil {
		return 0, fmt.Errorf("recommendation pairs from views: %w", err)
	}
	return max(no, nv), nil
}

// RunAll steps until both sources are read up to now less Lag.
func (p *Pairs) RunAll(ctx context.Context) error {
	for {
		n, err := p.Step(ctx, 500)
		if err != nil {
			return err
		}
		if n < 500 {
			return nil
		}
	}
}

// pending reports whether rows were left for being younger than Lag.
func (p *Pairs) pending(ctx context.Context) (bool, error) {
	c := p.St.Client
	until := p.now().Add(-p.lag())
	young, err := c.Order.Query().Where(order.PaidAtGT(until)).Exist(ctx)
	if err != nil || young {
		return young, err
	}
	return c.AnalyticsEvent.Query().Where(analyticsevent.TypeEQ(analyticsevent.TypePRODUCT_VIEWED),
		analyticsevent.ReceivedAtGT(until)).Exist(ctx)
}

type cursor struct {
	at     time.Time
	lastID string
}

func readCursor(ctx context.Context, c *ent.Client, source string) (cursor, error) {
	row, err := c.RecommendCursor.Query().Where(recommendcursor.Source(source)).Only(ctx)
	if ent.IsNotFound(err) {
		return cursor{}, nil
	}
	if err != nil {
		return cursor{}, err
	}
	return cursor{at: row.At.UTC(), lastID: row.LastID}, nil
}

// errMoved says another run moved the cursor first: this batch is theirs.
var errMoved = errors.New("recommendation cursor moved by another run")

// moveCursor moves a source's cursor from old to cur, or fails with
// errMoved when it no longer is at old (two instances, or a test running
// Step beside the server's job): each batch counts once.
func moveCursor(ctx context.Context, c *ent.Client, source string, old, cur cursor) error {
	if old.at.IsZero() {
		q, args := entsql.Dialect(c.Dialect()).Insert(recommendcursor.Table).
			Columns(recommendcursor.FieldID, recommendcursor.FieldSource, recommendcursor.FieldAt, recommendcursor.FieldLastID).
			Values(string(pulid.New("rcu")), source, cur.at, cur.lastID).
			OnConflict(entsql.ConflictColumns(recommendcursor.FieldSource), entsql.DoNothing()).Query()
		res, err := c.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errMoved
		}
		return nil
	}
	n, err := c.RecommendCursor.Update().
		Where(recommendcursor.Source(source), recommendcursor.At(old.at), recommendcursor.LastID(old.lastID)).
		SetAt(cur.at).SetLastID(cur.lastID).Save(ctx)
	if err != nil {
		return err
	}
	if n != 1 {
		return errMoved
	}
	return nil
}

// pairKey is one directed pair of one kind.
type pairKey struct {
	kind string
	a, b pulid.ID
}

// orders reads paid orders past the cursor: paid_at, then ID, order.
func (p *Pairs) orders(ctx context.Context, limit int) (int, error) {
	c := p.St.Client
	cur, err := readCursor(ctx, c, sourceOrders)
	if err != nil {
		return 0, err
	}
	until := p.now().Add(-p.lag())
	q := c.Order.Query().Where(order.PaidAtNotNil(), order.PaidAtLTE(until))
	if !cur.at.IsZero() {
		q = q.Where(order.Or(order.PaidAtGT(cur.at), order.And(order.PaidAt(cur.at), order.IDGT(pulid.ID(cur.lastID)))))
	}
	os, err := q.Order(ent.Asc(order.FieldPaidAt), ent.Asc(order.FieldID)).Limit(limit).
		Select(order.FieldID, order.FieldPaidAt).All(ctx)
	if err != nil || len(os) == 0 {
		return 0, err
	}
	ids := make([]pulid.ID, len(os))
	paid := make(map[pulid.ID]time.Time, len(os))
	for i, o := range os {
		ids[i] = o.ID
		paid[o.ID] = o.PaidAt.UTC()
	}
	lines, err := c.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).
		Order(ent.Asc(orderline.FieldOrderID), ent.Asc(orderline.FieldID)).
		Select(orderline.FieldOrderID, orderline.FieldProductID).All(ctx)
	if err != nil {
		return 0, err
	}
	byOrder := map[pulid.ID][]pulid.ID{}
	for _, l := range lines {
		ps := byOrder[l.OrderID]
		if len(ps) < p.maxLines() && !containsID(ps, l.ProductID) {
			byOrder[l.OrderID] = append(ps, l.ProductID)
		}
	}
	scores := map[pairKey]float64{}
	for oid, ps := range byOrder {
		w := weight(paid[oid])
		for _, a := range ps {
			for _, b := range ps {
				if a != b {
					scores[pairKey{kindBought, a, b}] += w
				}
			}
		}
	}
	last := os[len(os)-1]
	return len(os), p.save(ctx, sourceOrders, cur, cursor{at: last.PaidAt.UTC(), lastID: string(last.ID)}, scores)
}

// views reads product views past the cursor (received_at, then ID) and
// pairs each with the views of the same visitor within Visit of it that
// were read before it, so that every co-view counts once.
func (p *Pairs) views(ctx context.Context, limit int) (int, error) {
	c := p.St.Client
	cur, err := readCursor(ctx, c, sourceViews)
	if err != nil {
		return 0, err
	}
	until := p.now().Add(-p.lag())
	viewed := analyticsevent.And(analyticsevent.TypeEQ(analyticsevent.TypePRODUCT_VIEWED), analyticsevent.ProductIDNotNil())
	q := c.AnalyticsEvent.Query().Where(viewed, analyticsevent.ReceivedAtLTE(until))
	if !cur.at.IsZero() {
		q = q.Where(analyticsevent.Or(analyticsevent.ReceivedAtGT(cur.at),
			analyticsevent.And(analyticsevent.ReceivedAt(cur.at), analyticsevent.IDGT(pulid.ID(cur.lastID)))))
	}
	evs, err := q.Order(ent.Asc(analyticsevent.FieldReceivedAt), ent.Asc(analyticsevent.FieldID)).Limit(limit).
		Select(analyticsevent.FieldID, analyticsevent.FieldVisitor, analyticsevent.FieldProductID,
			analyticsevent.FieldOccurredAt, analyticsevent.FieldReceivedAt).All(ctx)
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	visitors := map[string]bool{}
	lo, hi := evs[0].OccurredAt, evs[0].OccurredAt
	for _, e := range evs {
		visitors[e.Visitor] = true
		if e.OccurredAt.Before(lo) {
			lo = e.OccurredAt
		}
		if e.OccurredAt.After(hi) {
			hi = e.OccurredAt
		}
	}
	vs := make([]string, 0, len(visitors))
	for v := range visitors {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	// Every view of these visitors near the batch's, read or not.
	near, err := c.AnalyticsEvent.Query().Where(viewed, analyticsevent.VisitorIn(vs...),
		analyticsevent.OccurredAtGTE(lo.Add(-p.visit()).UTC()), analyticsevent.OccurredAtLTE(hi.Add(p.visit()).UTC())).
		Select(analyticsevent.FieldID, analyticsevent.FieldVisitor, analyticsevent.FieldProductID,
			analyticsevent.FieldOccurredAt, analyticsevent.FieldReceivedAt).All(ctx)
	if err != nil {
		return 0, err
	}
	byVisitor := map[string][]*ent.AnalyticsEvent{}
	for _, e := range near {
		byVisitor[e.Visitor] = append(byVisitor[e.Visitor], e)
	}
	before := func(x, y *ent.AnalyticsEvent) bool {
		if !x.ReceivedAt.Equal(y.ReceivedAt) {
			return x.ReceivedAt.Before(y.ReceivedAt)
		}
		return x.ID < y.ID
	}
	scores := map[pairKey]float64{}
	for _, e := range evs {
		seen := map[pulid.ID]bool{*e.ProductID: true}
		for _, o := range byVisitor[e.Visitor] {
			if !before(o, e) || seen[*o.ProductID] {
				continue
			}
			d := e.OccurredAt.Sub(o.OccurredAt)
			if d < -p.visit() || d > p.visit() {
				continue
			}
			seen[*o.ProductID] = true
			at := e.OccurredAt
			if o.OccurredAt.After(at) {
				at = o.OccurredAt
			}
			w := weight(at.UTC())
			scores[pairKey{kindViewed, *e.ProductID, *o.ProductID}] += w
			scores[pairKey{kindViewed, *o.ProductID, *e.ProductID}] += w
		}
	}
	last := evs[len(evs)-1]
	return len(evs), p.save(ctx, sourceViews, cur, cursor{at: last.ReceivedAt.UTC(), lastID: string(last.ID)}, scores)
}

// save adds the scores and moves the cursor, in one transaction: a batch
// counts once or not at all.
func (p *Pairs) save(ctx context.Context, source string, old, cur cursor, scores map[pairKey]float64) error {
	keys := make([]pairKey, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	// A stable order: concurrent upserts lock rows in the same order.
	sort.Slice(keys, func(i, j int) bool {
		x, y := keys[i], keys[j]
		if x.kind != y.kind {
			return x.kind < y.kind
		}
		if x.a != y.a {
			return x.a < y.a
		}
		return x.b < y.b
	})
	err := p.St.WithTx(ctx, func(tx *ent.Tx) error {
		// The cursor first: a run that lost the race adds nothing.
		if err := moveCursor(ctx, tx.Client(), source, old, cur); err != nil {
			return err
		}
		const chunk = 500
		for i := 0; i < len(keys); i += chunk {
			part := keys[i:min(i+chunk, len(keys))]
			bulk := make([]*ent.ProductPairCreate, len(part))
			for j, k := range part {
				bulk[j] = tx.ProductPair.Create().SetKind(productpair.Kind(k.kind)).
					SetProductA(k.a).SetProductB(k.b).SetScore(scores[k])
			}
			err := tx.ProductPair.CreateBulk(bulk...).
				OnConflict(
					entsql.ConflictColumns(productpair.FieldKind, productpair.FieldProductA, productpair.FieldProductB),
					entsql.ResolveWith(func(u *entsql.UpdateSet) {
						// Add to the score: score = product_pairs.score + excluded.score.
						ex := entsql.Dialect(tx.Client().Dialect()).Table("excluded")
						u.Set(productpair.FieldScore, entsql.Expr(u.Table().C(productpair.FieldScore)+" + "+ex.C(productpair.FieldScore)))
					}),
				).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errMoved) {
		return nil
	}
	return err
}

func containsID(ids []pulid.ID, id pulid.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
