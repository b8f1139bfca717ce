package analytics

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsdaily"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/analyticsvisitorday"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// rollupLock is the PostgreSQL advisory lock that makes instances roll up
// one at a time: SESSIONS counts visitor-days first seen, which two
// concurrent rollups would both count.
const rollupLock = 0x616e616c // "anal"

type dailyKey struct {
	day, seller, product, terms string
	metric                      analyticsdaily.Metric
}

type dayKey struct{ day, visitor, seller string }

// Rollup folds up to Cfg.RollupBatch raw events into the daily rollups,
// in one transaction and a fixed number of statements whatever the batch
// holds, and reports how many it folded. Visitors are counted once per day
// (SESSIONS), for the shop and for each seller whose products they met,
// and once more when they added to a cart (CART_SESSIONS).
func (s *Service) Rollup(ctx context.Context) (int, error) {
	cfg := s.Cfg.withDefaults()
	n := 0
	err := s.St.WithTx(ctx, func(tx *ent.Tx) error {
		if s.St.Dialect == dialect.Postgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", rollupLock); err != nil {
				return err
			}
		}
		evs, err := tx.AnalyticsEvent.Query().Where(analyticsevent.RolledUp(false)).
			Order(ent.Asc(analyticsevent.FieldID)).Limit(cfg.RollupBatch).All(ctx)
		if err != nil || len(evs) == 0 {
			return err
		}
		n = len(evs)
		counts := map[dailyKey]*[2]int64{}
		add := func(k dailyKey, zero bool) {
			c := counts[k]
			if c == nil {
				c = &[2]int64{}
				counts[k] = c
			}
			c[0]++
			if zero {
				c[1]++
			}
		}
		carted := map[dayKey]bool{}
		var days, visitors []string
		ids := make([]pulid.ID, len(evs))
		for i, e := range evs {
			ids[i] = e.ID
			day := e.OccurredAt.UTC().Format(time.DateOnly)
			k := dailyKey{day: day, metric: analyticsdaily.Metric(e.Type), terms: e.SearchTerms}
			if e.SellerID != nil {
				k.seller = string(*e.SellerID)
			}
			if e.ProductID != nil {
				k.product = string(*e.ProductID)
			}
			add(k, e.Type == analyticsevent.TypeSEARCH_PERFORMED && e.ResultCount != nil && *e.ResultCount == 0)
			cart := e.Type == analyticsevent.TypeCART_LINE_ADDED
			dk := dayKey{day, e.Visitor, ""}
			carted[dk] = carted[dk] || cart
			if k.seller != "" {
				dk.seller = k.seller
				carted[dk] = carted[dk] || cart
			}
			days, visitors = append(days, day), append(visitors, e.Visitor)
		}
		// The visitor-days already known (a superset: filtered below).
		known, err := tx.AnalyticsVisitorDay.Query().Where(analyticsvisitorday.DayIn(unique(days)...),
			analyticsvisitorday.VisitorIn(unique(visitors)...)).All(ctx)
		if err != nil {
			return err
		}
		had := map[dayKey]*ent.AnalyticsVisitorDay{}
		for _, d := range known {
			had[dayKey{d.Day, d.Visitor, d.SellerID}] = d
		}
		var creates []*ent.AnalyticsVisitorDayCreate
		var nowCarted []pulid.ID
		for dk, cart := range carted {
			sk := dailyKey{day: dk.day, seller: dk.seller}
			old := had[dk]
			if old == nil {
				creates = append(creates, tx.AnalyticsVisitorDay.Create().SetDay(dk.day).SetVisitor(dk.visitor).SetSellerID(dk.seller).SetCarted(cart))
				sk.metric = analyticsdaily.MetricSESSIONS
				add(sk, false)
			} else if cart && !old.Carted {
				nowCarted = append(nowCarted, old.ID)
			}
			if cart && (old == nil || !old.Carted) {
				sk.metric = analyticsdaily.MetricCART_SESSIONS
				add(sk, false)
			}
		}
		if len(creates) > 0 {
			if err := tx.AnalyticsVisitorDay.CreateBulk(creates...).Exec(ctx); err != nil {
				return err
			}
		}
		// Run even when empty, so that a rollup is always the same statements.
		if err := tx.AnalyticsVisitorDay.Update().Where(analyticsvisitorday.IDIn(nowCarted...)).SetCarted(true).Exec(ctx); err != nil {
			return err
		}
		rows := make([]*ent.AnalyticsDailyCreate, 0, len(counts))
		for k, c := range counts {
			rows = append(rows, tx.AnalyticsDaily.Create().SetDay(k.day).SetMetric(k.metric).SetSellerID(k.seller).
				SetProductID(k.product).SetSearchTerms(k.terms).SetCount(c[0]).SetZeroResults(c[1]))
		}
		err = tx.AnalyticsDaily.CreateBulk(rows...).OnConflict(
			entsql.ConflictColumns(analyticsdaily.FieldDay, analyticsdaily.FieldMetric, analyticsdaily.FieldSellerID,
				analyticsdaily.FieldProductID, analyticsdaily.FieldSearchTerms),
			entsql.ResolveWith(func(u *entsql.UpdateSet) {
				excluded := entsql.Dialect(s.St.Dialect).Table("excluded")
				for _, col := range []string{analyticsdaily.FieldCount, analyticsdaily.FieldZeroResults} {
					u.Set(col, entsql.Expr(u.Table().C(col)+" + "+excluded.C(col)))
				}
			})).Exec(ctx)
		if err != nil {
			return err
		}
		return tx.AnalyticsEvent.Update().Where(analyticsevent.IDIn(ids...)).SetRolledUp(true).Exec(ctx)
	})
	if err != nil {
		return 0, fmt.Errorf("analytics rollup: %w", err)
	}
	return n, nil
}

// Purge deletes the raw events older than the retention period that were
// rolled up, and the visitor-days of those days: two statements.
func (s *Service) Purge(ctx context.Context) (int, error) {
	cutoff := s.now().UTC().Add(-s.Cfg.withDefaults().Retention)
	n, err := s.St.Client.AnalyticsEvent.Delete().Where(analyticsevent.RolledUp(true), analyticsevent.OccurredAtLT(cutoff)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("analytics purge: %w", err)
	}
	// Days wholly before the cutoff: no event of theirs is left to count.
	if _, err := s.St.Client.AnalyticsVisitorDay.Delete().Where(analyticsvisitorday.DayLT(cutoff.Format(time.DateOnly))).Exec(ctx); err != nil {
		return 0, fmt.Errorf("analytics purge: %w", err)
	}
	return n, nil
}

// Step is one turn of the background worker: it rolls up a batch and, once
// no batch is left, purges. It returns when it is next due: now while
// events wait, after Cfg.Every otherwise.
func (s *Service) Step(ctx context.Context) (next time.Time, err error) {
	cfg := s.Cfg.withDefaults()
	n, err := s.Rollup(ctx)
	if err != nil {
		return s.now().Add(cfg.Every), err
	}
	if n == cfg.RollupBatch {
		return s.now(), nil
	}
	if _, err := s.Purge(ctx); err != nil {
		return s.now().Add(cfg.Every), err
	}
	return s.now().Add(cfg.Every), nil
}

func unique(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
