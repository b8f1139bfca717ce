package account

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/address"
	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	"github.com/comptoir/comptoir/ent/affiliatecommission"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/orderreturn"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/reviewvote"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/session"
	"github.com/comptoir/comptoir/ent/stockalert"
	entwishlist "github.com/comptoir/comptoir/ent/wishlist"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/money"
)

// ExportVersion is the version of the Export document's shape; it changes
// when a field is removed or changes meaning (adding one does not).
const ExportVersion = 1

// Export is everything Comptoir holds about a person (GDPR art. 15 and 20):
// the account, and every row that belongs to it. docs/data-export.md
// documents each field; resolvers/privacy_test.go checks them one by one.
// Amounts are decimal strings in the row's currency.
type Export struct {
	Version           int                    `json:"version"`
	ExportedAt        time.Time              `json:"exportedAt"`
	Profile           ExportProfile          `json:"profile"`
	Addresses         []ExportAddress        `json:"addresses"`
	Sessions          []ExportSession        `json:"sessions"`
	Memberships       []ExportMembership     `json:"sellerMemberships"`
	Orders            []ExportOrder          `json:"orders"`
	Reviews           []ExportReview         `json:"reviews"`
	HelpfulVotes      []ExportVote           `json:"helpfulVotes"`
	Wishlists         []ExportWishlist       `json:"wishlists"`
	Carts             []ExportCart           `json:"carts"`
	Affiliate         *ExportAffiliate       `json:"affiliate"`
	BackInStockAlerts []ExportStockAlert     `json:"backInStockAlerts"`
	AnalyticsEvents   []ExportAnalyticsEvent `json:"analyticsEvents"`
}

// ExportProfile is the account itself.
type ExportProfile struct {
	ID               string     `json:"id"`
	Email            string     `json:"email"`
	FirstName        string     `json:"firstName"`
	LastName         string     `json:"lastName"`
	Role             string     `json:"role"`
	AcceptsMarketing bool       `json:"acceptsMarketing"`
	AnalyticsOptOut  bool       `json:"analyticsOptOut"`
	EmailVerifiedAt  *time.Time `json:"emailVerifiedAt"`
	CreatedAt        time.Time  `json:"createdAt"`
}

// ExportAddress is an address-book entry.
type ExportAddress struct {
	ID              string `json:"id"`
	FirstName       string `json:"firstName"`
	LastName        string `json:"lastName"`
	Company         string `json:"company"`
	Address1        string `json:"address1"`
	Address2        string `json:"address2"`
	City            string `json:"city"`
	ProvinceCode    string `json:"provinceCode"`
	Zip             string `json:"zip"`
	CountryCode     string `json:"countryCode"`
	Phone           string `json:"phone"`
	DefaultShipping bool   `json:"defaultShipping"`
	DefaultBilling  bool   `json:"defaultBilling"`
}

// ExportSession is a sign-in.
type ExportSession struct {
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt time.Time  `json:"lastUsedAt"`
	ExpiresAt  time.Time  `json:"expiresAt"`
	UserAgent  string     `json:"userAgent"`
	RevokedAt  *time.Time `json:"revokedAt"`
}

// ExportMembership is a seller team the account belongs to.
type ExportMembership struct {
	SellerID string `json:"sellerId"`
	Role     string `json:"role"`
}

// ExportOrder is an order placed signed in, with its lines and returns.
type ExportOrder struct {
	ID                string              `json:"id"`
	Number            int64               `json:"number"`
	CreatedAt         time.Time           `json:"createdAt"`
	Email             string              `json:"email"`
	Phone             string              `json:"phone"`
	Status            string              `json:"status"`
	PaymentStatus     string              `json:"paymentStatus"`
	FulfillmentStatus string              `json:"fulfillmentStatus"`
	Currency          string              `json:"currency"`
	Subtotal          string              `json:"subtotal"`
	Discount          string              `json:"discount"`
	Shipping          string              `json:"shipping"`
	Tax               string              `json:"tax"`
	Total             string              `json:"total"`
	Refunded          string              `json:"refunded"`
	ShippingAddress   *schema.CartAddress `json:"shippingAddress"`
	DiscountCodes     []string            `json:"discountCodes"`
	Note              string              `json:"note"`
	Lines             []ExportOrderLine   `json:"lines"`
	Returns           []ExportReturn      `json:"returns"`
}

// ExportOrderLine is a line of an order.
type ExportOrderLine struct {
	ID               string `json:"id"`
	ProductName      string `json:"productName"`
	VariantTitle     string `json:"variantTitle"`
	SKU              string `json:"sku"`
	Quantity         int    `json:"quantity"`
	UnitPrice        string `json:"unitPrice"`
	Total            string `json:"total"`
	RefundedQuantity int    `json:"refundedQuantity"`
	ReturnedQuantity int    `json:"returnedQuantity"`
}

// ExportReturn is a return request.
type ExportReturn struct {
	ID           string                `json:"id"`
	CreatedAt    time.Time             `json:"createdAt"`
	Status       string                `json:"status"`
	Reason       string                `json:"reason"`
	DecisionNote string                `json:"decisionNote"`
	Lines        []schema.LineQuantity `json:"lines"`
}

// ExportReview is a review written.
type ExportReview struct {
	ID         string    `json:"id"`
	ProductID  string    `json:"productId"`
	CreatedAt  time.Time `json:"createdAt"`
	AuthorName string    `json:"authorName"`
	Rating     int       `json:"rating"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Status     string    `json:"status"`
}

// ExportVote is a review marked helpful.
type ExportVote struct {
	ReviewID string `json:"reviewId"`
}

// ExportWishlist is a wishlist with its items.
type ExportWishlist struct {
	ID        string               `json:"id"`
	Name      string               `json:"name"`
	IsDefault bool                 `json:"isDefault"`
	CreatedAt time.Time            `json:"createdAt"`
	Items     []ExportWishlistItem `json:"items"`
}

// ExportWishlistItem is a variant in a wishlist.
type ExportWishlistItem struct {
	ProductID string    `json:"productId"`
	VariantID string    `json:"variantId"`
	AddedAt   time.Time `json:"addedAt"`
}

// ExportCart is a cart of the account, open or past.
type ExportCart struct {
	ID              string              `json:"id"`
	CreatedAt       time.Time           `json:"createdAt"`
	Status          string              `json:"status"`
	Currency        string              `json:"currency"`
	BuyerEmail      string              `json:"buyerEmail"`
	BuyerPhone      string              `json:"buyerPhone"`
	ShippingAddress *schema.CartAddress `json:"shippingAddress"`
	DiscountCodes   []string            `json:"discountCodes"`
	Note            string              `json:"note"`
	Lines           []ExportCartLine    `json:"lines"`
}

// ExportCartLine is a quantity of a variant in a cart.
type ExportCartLine struct {
	VariantID string `json:"variantId"`
	Quantity  int    `json:"quantity"`
}

// ExportAffiliate is the account's membership of the affiliate program.
type ExportAffiliate struct {
	ID          string             `json:"id"`
	Code        string             `json:"code"`
	JoinedAt    time.Time          `json:"joinedAt"`
	Commissions []ExportCommission `json:"commissions"`
}

// ExportCommission is what a referred order earned.
type ExportCommission struct {
	OrderID  string `json:"orderId"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Status   string `json:"status"`
}

// ExportStockAlert is a back-in-stock alert asked for with the account's
// email.
type ExportStockAlert struct {
	VariantID  string     `json:"variantId"`
	CreatedAt  time.Time  `json:"createdAt"`
	NotifiedAt *time.Time `json:"notifiedAt"`
}

func amount(minor int64, currency string) string {
	return money.Format(minor, money.Currency(currency).Exponent())
}

// ExportData returns the viewer's personal data as a JSON document (see
// Export). Who: the signed-in account itself (UNAUTHENTICATED otherwise).
func (s *Service) ExportData(ctx context.Context) ([]byte, error) {
	v, err := RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.export(ctx, v.Customer)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return json.MarshalIndent(e, "", "  ")
}

func (s *Service) export(ctx context.Context, c *ent.Customer) (*Export, error) {
	db := s.client
	e := &Export{Version: ExportVersion, ExportedAt: s.now().UTC(),
		Profile: ExportProfile{ID: string(c.ID), Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Role: string(c.Role),
			AcceptsMarketing: c.AcceptsMarketing, AnalyticsOptOut: c.AnalyticsOptOut, EmailVerifiedAt: c.EmailVerifiedAt, CreatedAt: c.CreatedAt},
		Addresses: []ExportAddress{}, Sessions: []ExportSession{}, Memberships: []ExportMembership{}, Orders: []ExportOrder{},
		Reviews: []ExportReview{}, HelpfulVotes: []ExportVote{}, Wishlists: []ExportWishlist{}, Carts: []ExportCart{},
		BackInStockAlerts: []ExportStockAlert{}}

	addrs, err := db.Address.Query().Where(address.CustomerID(c.ID)).Order(ent.Asc(address.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		e.Addresses = append(e.Addresses, ExportAddress{ID: string(a.ID), FirstName: a.FirstName, LastName: a.LastName, Company: a.Company,
			Address1: a.Address1, Address2: a.Address2, City: a.City, ProvinceCode: a.ProvinceCode, Zip: a.Zip, CountryCode: a.CountryCode, Phone: a.Phone,
			DefaultShipping: c.DefaultShippingAddressID != nil && *c.DefaultShippingAddressID == a.ID,
			DefaultBilling:  c.DefaultBillingAddressID != nil && *c.DefaultBillingAddressID == a.ID})
	}
	sessions, err := db.Session.Query().Where(session.CustomerID(c.ID)).Order(ent.Asc(session.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, x := range sessions {
		e.Sessions = append(e.Sessions, ExportSession{CreatedAt: x.CreatedAt, LastUsedAt: x.LastUsedAt, ExpiresAt: x.ExpiresAt, UserAgent: x.UserAgent, RevokedAt: x.RevokedAt})
	}
	for _, m := range c.Edges.Memberships {
		e.Memberships = append(e.Memberships, ExportMembership{SellerID: string(m.SellerID), Role: string(m.Role)})
	}

	orders, err := db.Order.Query().Where(entorder.CustomerID(c.ID)).Order(ent.Asc(entorder.FieldCreatedAt), ent.Asc(entorder.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]pulid.ID, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	lines, err := db.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).Order(ent.Asc(orderline.FieldCreatedAt), ent.Asc(orderline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	returns, err := db.OrderReturn.Query().Where(orderreturn.OrderIDIn(ids...)).Order(ent.Asc(orderreturn.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		x := ExportOrder{ID: string(o.ID), Number: o.Number, CreatedAt: o.CreatedAt, Email: o.Email, Phone: o.Phone, Status: string(o.Status),
			PaymentStatus: string(o.PaymentStatus), FulfillmentStatus: string(o.FulfillmentStatus), Currency: o.Currency,
			Subtotal: amount(o.Subtotal, o.Currency), Discount: amount(o.DiscountTotal, o.Currency), Shipping: amount(o.ShippingTotal, o.Currency),
			Tax: amount(o.TaxTotal, o.Currency), Total: amount(o.Total, o.Currency), Refunded: amount(o.RefundedTotal, o.Currency),
			ShippingAddress: o.ShippingAddress, DiscountCodes: append([]string{}, o.DiscountCodes...), Note: o.Note,
			Lines: []ExportOrderLine{}, Returns: []ExportReturn{}}
		for _, l := range lines {
			if l.OrderID == o.ID {
				x.Lines = append(x.Lines, ExportOrderLine{ID: string(l.ID), ProductName: l.ProductName, VariantTitle: l.VariantTitle, SKU: l.Sku,
					Quantity: l.Quantity, UnitPrice: amount(l.UnitPrice, o.Currency), Total: amount(l.Total, o.Currency),
					RefundedQuantity: l.RefundedQuantity, ReturnedQuantity: l.ReturnedQuantity})
			}
		}
		for _, r := range returns {
			if r.OrderID == o.ID {
				x.Returns = append(x.Returns, ExportReturn{ID: string(r.ID), CreatedAt: r.CreatedAt, Status: string(r.Status), Reason: r.Reason,
					DecisionNote: r.DecisionNote, Lines: append([]schema.LineQuantity{}, r.Lines...)})
			}
		}
		e.Orders = append(e.Orders, x)
	}

	revs, err := db.Review.Query().Where(review.CustomerID(c.ID)).Order(ent.Asc(review.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range revs {
		e.Reviews = append(e.Reviews, ExportReview{ID: string(r.ID), ProductID: string(r.ProductID), CreatedAt: r.CreatedAt, AuthorName: r.AuthorName,
			Rating: r.Rating, Title: r.Title, Body: r.Body, Status: string(r.Status)})
	}
	votes, err := db.ReviewVote.Query().Where(reviewvote.CustomerID(c.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, vt := range votes {
		e.HelpfulVotes = append(e.HelpfulVotes, ExportVote{ReviewID: string(vt.ReviewID)})
	}

	lists, err := db.Wishlist.Query().Where(entwishlist.CustomerID(c.ID)).Order(ent.Asc(entwishlist.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	items, err := db.WishlistItem.Query().Where(wishlistitem.CustomerID(c.ID)).Order(ent.Asc(wishlistitem.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		x := ExportWishlist{ID: string(l.ID), Name: l.Name, IsDefault: l.IsDefault, CreatedAt: l.CreatedAt, Items: []ExportWishlistItem{}}
		for _, it := range items {
			if it.WishlistID == l.ID {
				x.Items = append(x.Items, ExportWishlistItem{ProductID: string(it.ProductID), VariantID: string(it.VariantID), AddedAt: it.CreatedAt})
			}
		}
		e.Wishlists = append(e.Wishlists, x)
	}

	carts, err := db.Cart.Query().Where(entcart.CustomerID(c.ID)).Order(ent.Asc(entcart.FieldCreatedAt)).
		WithLines(func(q *ent.CartLineQuery) { q.Order(ent.Asc(cartline.FieldCreatedAt)) }).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, ct := range carts {
		x := ExportCart{ID: string(ct.ID), CreatedAt: ct.CreatedAt, Status: string(ct.Status), Currency: ct.Currency, BuyerEmail: ct.BuyerEmail,
			BuyerPhone: ct.BuyerPhone, ShippingAddress: ct.ShippingAddress, DiscountCodes: append([]string{}, ct.DiscountCodes...), Note: ct.Note,
			Lines: []ExportCartLine{}}
		for _, l := range ct.Edges.Lines {
			x.Lines = append(x.Lines, ExportCartLine{VariantID: string(l.VariantID), Quantity: l.Quantity})
		}
		e.Carts = append(e.Carts, x)
	}

	aff, err := db.Affiliate.Query().Where(entaffiliate.CustomerID(c.ID)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if aff != nil {
		x := &ExportAffiliate{ID: string(aff.ID), Code: aff.Code, JoinedAt: aff.CreatedAt, Commissions: []ExportCommission{}}
		cms, err := db.AffiliateCommission.Query().Where(affiliatecommission.AffiliateID(aff.ID)).Order(ent.Asc(affiliatecommission.FieldCreatedAt)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, cm := range cms {
			x.Commissions = append(x.Commissions, ExportCommission{OrderID: string(cm.OrderID), Amount: amount(cm.Amount, cm.Currency), Currency: cm.Currency, Status: string(cm.Status)})
		}
		e.Affiliate = x
	}

	alerts, err := db.StockAlert.Query().Where(stockalert.EmailEqualFold(c.Email)).Order(ent.Asc(stockalert.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range alerts {
		e.BackInStockAlerts = append(e.BackInStockAlerts, ExportStockAlert{VariantID: string(a.VariantID), CreatedAt: a.CreatedAt, NotifiedAt: a.NotifiedAt})
	}
	if e.AnalyticsEvents, err = exportAnalytics(ctx, db, c); err != nil {
		return nil, err
	}
	return e, nil
}
