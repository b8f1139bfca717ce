package resolvers

import (
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/apperr"
)

func analyticsErrors(ues []apperr.UserError) []*model.AnalyticsUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.AnalyticsUserError {
		return &model.AnalyticsUserError{Field: ue.Field, Code: model.AnalyticsErrorCode(ue.Code), Message: ue.Message}
	})
}

func derefOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func (r *Resolver) reportPeriod(p analytics.Period) *model.ShopReportPeriod {
	cur := string(r.Currency)
	return &model.ShopReportPeriod{Start: p.Start, Sessions: p.Sessions, ProductViews: p.ProductViews, AddToCarts: p.AddToCarts,
		AddToCartRate: p.AddToCartRate(), CheckoutsStarted: p.CheckoutsStarted, Orders: p.Orders, SessionOrdersPlaced: p.OrdersPlaced,
		SessionOrdersPaid: p.OrdersPaid, ConversionRate: p.ConversionRate(),
		Revenue: orderMoney(p.Revenue, cur), AverageOrderValue: orderMoney(p.AverageOrderValue(), cur)}
}

func (r *Resolver) shopReport(rep *analytics.Report) *model.ShopReport {
	cur := string(r.Currency)
	out := &model.ShopReport{Totals: r.reportPeriod(rep.Totals), Periods: make([]*model.ShopReportPeriod, len(rep.Periods)),
		RevenueByPromotion: make([]*model.PromotionRevenue, len(rep.ByPromotion)), RevenueBySeller: make([]*model.SellerRevenue, len(rep.BySeller))}
	for i, p := range rep.Periods {
		out.Periods[i] = r.reportPeriod(p)
	}
	for i, p := range rep.ByPromotion {
		out.RevenueByPromotion[i] = &model.PromotionRevenue{Source: model.DiscountSource(p.Source), PromotionID: p.ID, Title: p.Title,
			Orders: p.Orders, Revenue: orderMoney(p.Gross, cur), Discount: orderMoney(p.Discount, cur)}
	}
	for i, s := range rep.BySeller {
		out.RevenueBySeller[i] = &model.SellerRevenue{Seller: s.Seller, Orders: s.Orders, Revenue: orderMoney(s.Revenue, cur)}
	}
	return out
}

func searchStats(ss []analytics.SearchStat) []*model.SearchTermStat {
	out := make([]*model.SearchTermStat, len(ss))
	for i, s := range ss {
		out[i] = &model.SearchTermStat{Terms: s.Terms, Searches: s.Searches, ZeroResultSearches: s.ZeroResults}
	}
	return out
}
