package analytics

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsdaily"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/sales"
)

// Period is the figures of one period (or of the whole range).
type Period struct {
	Start time.Time
	// Visitor-days, and those of them that added to a cart.
	Sessions, CartSessions                     int
	ProductViews, Clicks, AddToCarts, Searches int
	CheckoutsStarted                           int
	// Orders placed and paid by the visitors counted in Sessions, from the
	// server's own events (server.go): the same people as Sessions.
	OrdersPlaced, OrdersPaid int
	// Every paid order (internal/sales), consent or not.
	Orders  int
	Revenue int64 // minor units
}

// AddToCartRate is the share of sessions that added to a cart.
func (p Period) AddToCartRate() float64 { return ratio(p.CartSessions, p.Sessions) }

// ConversionRate is orders placed per session, both counted of the
// recorded visitors only (an opted-out buyer is in neither).
func (p Period) ConversionRate() float64 { return ratio(p.OrdersPlaced, p.Sessions) }

// AverageOrderValue is revenue per order, rounded half up.
func (p Period) AverageOrderValue() int64 {
	if p.Orders == 0 {
		return 0
	}
	return (2*p.Revenue + int64(p.Orders)) / (2 * int64(p.Orders))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// PromotionShare is what the orders a promotion or a discount code took
// something off brought (sales.ByPromotion).
type PromotionShare = sales.PromotionShare

// SellerShare is what one seller's lines brought.
type SellerShare struct {
	SellerID pulid.ID
	Seller   *ent.Seller
	Orders   int
	Revenue  int64
}

// Report is ShopReport's answer.
type Report struct {
	Totals      Period
	Periods     []Period
	ByPromotion []PromotionShare
	BySeller    []SellerShare
}

// authorize: the whole shop is the admins'; a seller's figures are its
// members' and the admins'.
func authorize(ctx context.Context, sellerID *pulid.ID) error {
	if sellerID == nil {
		_, err := policy.RequireAdmin(ctx)
		return err
	}
	_, err := policy.ManageSeller(ctx, *sellerID)
	return err
}

// dayRange is the rollup days counted for [from, to): those whose midnight
// (UTC) falls in [the day of from, to).
func dayRange(from, to time.Time) (string, string) {
	last := to.UTC().Add(-time.Nanosecond)
	return from.UTC().Format(time.DateOnly), last.AddDate(0, 0, 1).Format(time.DateOnly)
}

// shopWide are the metrics counted both for the shop (seller_id empty) and
// per seller: the shop's figure is its own row, not the sum of the
// sellers' (a visitor or an order meets several sellers).
var shopWide = []any{string(analyticsdaily.MetricSESSIONS), string(analyticsdaily.MetricCART_SESSIONS),
	string(analyticsdaily.MetricORDER_PLACED), string(analyticsdaily.MetricORDER_PAID)}

// scope restricts rollups to a seller's rows, or for the shop to every
// other event row and the shop-wide rows of shopWide.
func scope(sellerID *pulid.ID) func(*entsql.Selector) {
	if sellerID != nil {
		return func(s *entsql.Selector) { s.Where(entsql.EQ(s.C(analyticsdaily.FieldSellerID), string(*sellerID))) }
	}
	return func(s *entsql.Selector) {
		s.Where(entsql.Or(
			entsql.NotIn(s.C(analyticsdaily.FieldMetric), shopWide...),
			entsql.EQ(s.C(analyticsdaily.FieldSellerID), "")))
	}
}

func (p *Period) add(metric analyticsdaily.Metric, n int) {
	switch metric {
	case analyticsdaily.MetricSESSIONS:
		p.Sessions += n
	case analyticsdaily.MetricCART_SESSIONS:
		p.CartSessions += n
	case analyticsdaily.MetricPRODUCT_VIEWED:
		p.ProductViews += n
	case analyticsdaily.MetricPRODUCT_CLICKED:
		p.Clicks += n
	case analyticsdaily.MetricCART_LINE_ADDED:
		p.AddToCarts += n
	case analyticsdaily.MetricSEARCH_PERFORMED:
		p.Searches += n
	case analyticsdaily.MetricCHECKOUT_STARTED:
		p.CheckoutsStarted += n
	case analyticsdaily.MetricORDER_PLACED:
		p.OrdersPlaced += n
	case analyticsdaily.MetricORDER_PAID:
		p.OrdersPaid += n
	}
}

// ShopReport is the shop's figures (sellerID nil), or one seller's, over
// [from, to) per period: behaviour from the daily rollups (UTC days),
// orders and revenue from paid orders (internal/sales). A fixed number of
// statements whatever the range and the data. Who: admins for the shop; a
// seller's members and admins for a seller (UNAUTHENTICATED, FORBIDDEN);
// BAD_USER_INPUT for a bad range.
func (s *Service) ShopReport(ctx context.Context, sellerID *pulid.ID, from, to time.Time, iv sales.Interval) (*Report, error) {
	if err := authorize(ctx, sellerID); err != nil {
		return nil, err
	}
	starts, index, err := sales.Periods(from, to, iv)
	if err != nil {
		return nil, err
	}
	r := &Report{Periods: make([]Period, len(starts))}
	for i, t := range starts {
		r.Periods[i].Start = t
	}
	first, end := dayRange(from, to)
	var rows []struct {
		Day    string `json:"day"`
		Metric string `json:"metric"`
		Sum    int    `json:"sum"`
	}
	err = s.St.Client.AnalyticsDaily.Query().
		Where(analyticsdaily.DayGTE(first), analyticsdaily.DayLT(end), scope(sellerID)).
		GroupBy(analyticsdaily.FieldDay, analyticsdaily.FieldMetric).
		Aggregate(ent.As(ent.Sum(analyticsdaily.FieldCount), "sum")).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("shop report: %w", err)
	}
	for _, row := range rows {
		d, err := time.Parse(time.DateOnly, row.Day)
		if err != nil {
			return nil, fmt.Errorf("shop report: day %q: %w", row.Day, err)
		}
		if i, ok := index[sales.PeriodStart(d, iv).Format(time.DateOnly)]; ok {
			r.Periods[i].add(analyticsdaily.Metric(row.Metric), row.Sum)
			r.Totals.add(analyticsdaily.Metric(row.Metric), row.Sum)
		}
	}
	b, err := s.Sales.Breakdown(ctx, sellerID, from, to, iv)
	if err != nil {
		return nil, err
	}
	for i, p := range b.Periods {
		r.Periods[i].Orders, r.Periods[i].Revenue = p.Orders, p.Gross
	}
	r.Totals.Start = starts[0]
	r.Totals.Orders, r.Totals.Revenue = b.Total.Orders, b.Total.Gross
	if r.BySeller, err = s.sellerShares(ctx, b.BySeller); err != nil {
		return nil, err
	}
	if r.ByPromotion, err = s.Sales.ByPromotion(ctx, sellerID, from, to); err != nil {
		return nil, err
	}
	return r, nil
}

// sellerShares loads the sellers of shares in one statement.
func (s *Service) sellerShares(ctx context.Context, shares []sales.Share) ([]SellerShare, error) {
	out := make([]SellerShare, len(shares))
	ids := make([]pulid.ID, len(shares))
	for i, sh := range shares {
		ids[i] = pulid.ID(sh.Key)
		out[i] = SellerShare{SellerID: pulid.ID(sh.Key), Orders: sh.Orders, Revenue: sh.Gross}
	}
	if len(ids) == 0 {
		return out, nil
	}
	ss, err := s.St.Client.Seller.Query().Where(seller.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("shop report sellers: %w", err)
	}
	byID := map[pulid.ID]*ent.Seller{}
	for _, x := range ss {
		byID[x.ID] = x
	}
	for i := range out {
		out[i].Seller = byID[out[i].SellerID]
	}
	return out, nil
}

// SearchStat is how often one search was run.
type SearchStat struct {
	Terms       string
	Searches    int
	ZeroResults int
}

func checkFirst(n int) error {
	if n < 1 || n > 100 {
		return apperr.BadInput([]string{"first"}, "first must be from 1 to 100")
	}
	return nil
}

// TopSearches ranks the searches of [from, to) (UTC days), and separately
// those that found nothing: two statements. Who: admins.
func (s *Service) TopSearches(ctx context.Context, from, to time.Time, n int) (top, zero []SearchStat, err error) {
	if err := authorize(ctx, nil); err != nil {
		return nil, nil, err
	}
	if !to.After(from) {
		return nil, nil, apperr.BadInput([]string{"to"}, "to must be after from")
	}
	if err := checkFirst(n); err != nil {
		return nil, nil, err
	}
	first, end := dayRange(from, to)
	query := func(zeroOnly bool) ([]SearchStat, error) {
		var rows []struct {
			Terms    string `json:"search_terms"`
			Searches int    `json:"searches"`
			Zeros    int    `json:"zeros"`
		}
		err := s.St.Client.AnalyticsDaily.Query().
			Where(analyticsdaily.MetricEQ(analyticsdaily.MetricSEARCH_PERFORMED), analyticsdaily.DayGTE(first), analyticsdaily.DayLT(end)).
			Modify(func(sel *entsql.Selector) {
				sum, zeros := entsql.Sum(sel.C(analyticsdaily.FieldCount)), entsql.Sum(sel.C(analyticsdaily.FieldZeroResults))
				sel.Select(sel.C(analyticsdaily.FieldSearchTerms)).AppendSelectAs(sum, "searches").AppendSelectAs(zeros, "zeros").
					GroupBy(sel.C(analyticsdaily.FieldSearchTerms)).Limit(n)
				if zeroOnly {
					sel.Having(entsql.GT(zeros, 0)).OrderExpr(entsql.Expr(zeros + " DESC"))
				} else {
					sel.OrderExpr(entsql.Expr(sum + " DESC"))
				}
				sel.OrderBy(sel.C(analyticsdaily.FieldSearchTerms))
			}).Scan(ctx, &rows)
		out := make([]SearchStat, len(rows))
		for i, r := range rows {
			out[i] = SearchStat{Terms: r.Terms, Searches: r.Searches, ZeroResults: r.Zeros}
		}
		return out, err
	}
	if top, err = query(false); err != nil {
		return nil, nil, fmt.Errorf("top searches: %w", err)
	}
	if zero, err = query(true); err != nil {
		return nil, nil, fmt.Errorf("top searches: %w", err)
	}
	return top, zero, nil
}

// ProductStat is how one product did.
type ProductStat struct {
	ProductID                 pulid.ID
	Product                   *ent.Product // nil when deleted
	Views, Clicks, AddToCarts int
	Purchases                 int
	Revenue                   int64
}

type productCounts struct {
	ProductID string `json:"product_id"`
	Views     int    `json:"views"`
	Clicks    int    `json:"clicks"`
	Adds      int    `json:"adds"`
}

// productCounts sums the rollups per product, the most viewed first (n of
// them), or of the products ids when not nil.
func (s *Service) productCounts(ctx context.Context, sellerID *pulid.ID, first, end string, n int, ids []string) ([]productCounts, error) {
	var out []productCounts
	q := s.St.Client.AnalyticsDaily.Query().
		Where(analyticsdaily.DayGTE(first), analyticsdaily.DayLT(end), analyticsdaily.ProductIDNEQ(""),
			analyticsdaily.MetricIn(analyticsdaily.MetricPRODUCT_VIEWED, analyticsdaily.MetricPRODUCT_CLICKED, analyticsdaily.MetricCART_LINE_ADDED))
	if sellerID != nil {
		q.Where(analyticsdaily.SellerID(string(*sellerID)))
	}
	if ids != nil {
		q.Where(analyticsdaily.ProductIDIn(ids...))
	}
	err := q.Modify(func(sel *entsql.Selector) {
		metric, count := sel.C(analyticsdaily.FieldMetric), sel.C(analyticsdaily.FieldCount)
		when := func(m analyticsdaily.Metric) string {
			return fmt.Sprintf("SUM(CASE WHEN %s = '%s' THEN %s ELSE 0 END)", metric, m, count)
		}
		views := when(analyticsdaily.MetricPRODUCT_VIEWED)
		sel.Select(sel.C(analyticsdaily.FieldProductID)).AppendSelectAs(views, "views").
			AppendSelectAs(when(analyticsdaily.MetricPRODUCT_CLICKED), "clicks").
			AppendSelectAs(when(analyticsdaily.MetricCART_LINE_ADDED), "adds").
			GroupBy(sel.C(analyticsdaily.FieldProductID))
		if ids == nil {
			sel.OrderExpr(entsql.Expr(views + " DESC")).OrderBy(sel.C(analyticsdaily.FieldProductID)).Limit(n)
		}
	}).Scan(ctx, &out)
	return out, err
}

// ProductPerformance ranks products by views over [from, to), then by
// units purchased: the most viewed and the best sold are both candidates.
// At most five statements whatever the data. Who: admins for every
// product; a seller's members and admins for its own.
func (s *Service) ProductPerformance(ctx context.Context, sellerID *pulid.ID, from, to time.Time, n int) ([]ProductStat, error) {
	if err := authorize(ctx, sellerID); err != nil {
		return nil, err
	}
	if !to.After(from) {
		return nil, apperr.BadInput([]string{"to"}, "to must be after from")
	}
	if err := checkFirst(n); err != nil {
		return nil, err
	}
	first, end := dayRange(from, to)
	viewed, err := s.productCounts(ctx, sellerID, first, end, n, nil)
	if err != nil {
		return nil, fmt.Errorf("product performance: %w", err)
	}
	sold, err := s.Sales.TopAll(ctx, sellerID, from, to, n)
	if err != nil {
		return nil, err
	}
	stats := map[pulid.ID]*ProductStat{}
	var order []pulid.ID
	get := func(id pulid.ID) *ProductStat {
		p := stats[id]
		if p == nil {
			p = &ProductStat{ProductID: id}
			stats[id] = p
			order = append(order, id)
		}
		return p
	}
	for _, v := range viewed {
		get(pulid.ID(v.ProductID))
	}
	for _, t := range sold {
		get(t.ProductID)
	}
	// Every candidate's figures, whichever list brought it: two statements.
	ids := make([]string, len(order))
	for i, id := range order {
		ids[i] = string(id)
	}
	if len(ids) > 0 {
		counts, err := s.productCounts(ctx, sellerID, first, end, n, ids)
		if err != nil {
			return nil, fmt.Errorf("product performance: %w", err)
		}
		for _, v := range counts {
			p := stats[pulid.ID(v.ProductID)]
			p.Views, p.Clicks, p.AddToCarts = v.Views, v.Clicks, v.Adds
		}
	}
	bought, err := s.Sales.ProductSales(ctx, order, from, to)
	if err != nil {
		return nil, err
	}
	for id, t := range bought {
		stats[id].Purchases, stats[id].Revenue = t.Units, t.Gross
	}
	out := make([]ProductStat, 0, len(order))
	for _, id := range order {
		out = append(out, *stats[id])
	}
	slices.SortFunc(out, func(a, b ProductStat) int {
		if a.Views != b.Views {
			return cmp.Compare(b.Views, a.Views)
		}
		if a.Purchases != b.Purchases {
			return cmp.Compare(b.Purchases, a.Purchases)
		}
		return cmp.Compare(a.ProductID, b.ProductID)
	})
	out = out[:min(n, len(out))]
	if len(out) == 0 {
		return out, nil
	}
	view, err := policy.Reader(ctx)
	if err != nil {
		return nil, err
	}
	pids := make([]pulid.ID, len(out))
	for i, p := range out {
		pids[i] = p.ProductID
	}
	ps, err := s.St.Client.Product.Query().Where(product.IDIn(pids...), view.Products()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("product performance: %w", err)
	}
	byID := map[pulid.ID]*ent.Product{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	for i := range out {
		out[i].Product = byID[out[i].ProductID]
	}
	return out, nil
}
