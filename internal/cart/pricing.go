package cart

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/discount"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/pricing"
	"github.com/comptoir/comptoir/internal/shipping"
	"github.com/comptoir/comptoir/internal/tax"
)

// Group is one seller's lines of a cart: they ship as one parcel.
type Group struct {
	SellerID    pulid.ID
	Lines       []int // indexes into Quote.Lines
	WeightGrams int
	Subtotal    int64
	Rates       []shipping.Rate // applicable methods, cheapest first
	Selected    *shipping.Rate  // the buyer's choice, if still applicable
}

// Quote is a cart priced from the current catalog, discount codes, tax
// table and shipping methods.
type Quote struct {
	Cart  *ent.Cart
	Lines []*ent.CartLine // variants and products loaded
	// Price has one line result per Lines entry.
	Price  pricing.Result
	Groups []Group
	// CartRates are the methods that could ship the whole cart as one
	// parcel: its address and total weight.
	CartRates []shipping.Rate
	// Discounts are the loaded codes, by key.
	Discounts map[string]*pricing.Discount
	TaxRate   int
	// Overflow is set (wrapping money.ErrOverflow) when the cart's amounts
	// leave int64: Price is then empty and no amount of the cart may be
	// shown or charged (checkout refuses it, reads report it).
	Overflow  error
	lineIndex map[pulid.ID]int
}

// OverflowError is what a client is told about a cart whose amounts leave
// int64 (Quote.Overflow): BAD_USER_INPUT, since fewer units or lines fix it.
func OverflowError(err error) error {
	return fmt.Errorf("%w: %w", apperr.New(apperr.BadUserInput, "this cart's total is above the maximum amount: remove units or lines"), err)
}

// Line returns the price of one line of the quote.
func (q *Quote) Line(id pulid.ID) (pricing.LineResult, *ent.CartLine, bool) {
	i, ok := q.lineIndex[id]
	if !ok || i >= len(q.Price.Lines) { // no price when Overflow
		return pricing.LineResult{}, nil, false
	}
	return q.Price.Lines[i], q.Lines[i], true
}

// Money returns an amount in the cart's currency.
func (q *Quote) Money(minor int64) money.Money {
	return money.New(minor, money.Currency(q.Cart.Currency))
}

// Pricer prices carts. It is shared by cart reads (through the request's
// loader) and checkout (inside its transaction).
type Pricer struct {
	IncludeTax bool
	Now        func() time.Time
	// Promotions serves the live automatic promotions (nil: none).
	Promotions PromotionSource
}

// PromotionSource serves the live promotions without a statement per call
// (internal/promotion keeps them in memory).
type PromotionSource interface {
	Live(ctx context.Context) ([]*pricing.Promotion, error)
}

// QuoteMany prices carts in a fixed number of statements whatever their
// number and lines: lines with their variants and products (1, loadLines);
// discount codes (1, when any); category ancestry (1, when a code or live
// promotion is restricted to categories); first orders (1, when a live
// promotion is for first orders and a cart has a customer); tax rates (1)
// and shipping methods with zones (2), when an
// address is set.
func (p *Pricer) QuoteMany(ctx context.Context, c *ent.Client, carts []*ent.Cart) (map[pulid.ID]*Quote, error) {
	ids := make([]pulid.ID, len(carts))
	var codes []string
	var dests []tax.Destination
	for i, ct := range carts {
		ids[i] = ct.ID
		codes = append(codes, ct.DiscountCodes...)
		if a := ct.ShippingAddress; a != nil {
			dests = append(dests, tax.Destination{Country: a.CountryCode, Province: a.ProvinceCode})
		}
	}
	lines, err := loadLines(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	discounts, err := discount.Load(ctx, c, codes)
	if err != nil {
		return nil, err
	}
	var promos []*pricing.Promotion
	if p.Promotions != nil {
		if promos, err = p.Promotions.Live(ctx); err != nil {
			return nil, err
		}
	}
	needCats, firstOrders := false, false
	for _, d := range discounts {
		needCats = needCats || len(d.CategoryIDs) > 0
	}
	for _, pr := range promos {
		needCats = needCats || len(pr.CategoryIDs) > 0
		firstOrders = firstOrders || pr.Segment == pricing.SegmentFirstOrder
	}
	ancestry, err := categoryAncestry(ctx, c, lines, needCats)
	if err != nil {
		return nil, err
	}
	ordered := map[pulid.ID]bool{}
	if firstOrders {
		if ordered, err = customersWithOrders(ctx, c, carts); err != nil {
			return nil, err
		}
	}
	var rates map[tax.Destination]int
	var table *shipping.Table
	if len(dests) > 0 {
		if rates, err = tax.Rates(ctx, c, dests); err != nil {
			return nil, err
		}
		if table, err = shipping.Load(ctx, c); err != nil {
			return nil, err
		}
	}
	byCart := make(map[pulid.ID][]*ent.CartLine, len(carts))
	for _, l := range lines {
		byCart[l.CartID] = append(byCart[l.CartID], l)
	}
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	out := make(map[pulid.ID]*Quote, len(carts))
	for _, ct := range carts {
		q := &Quote{Cart: ct, Lines: byCart[ct.ID], Discounts: discounts, lineIndex: map[pulid.ID]int{}}
		in := pricing.Input{Currency: money.Currency(ct.Currency), IncludeTax: p.IncludeTax, Codes: ct.DiscountCodes, Discounts: discounts, Now: now,
			Promotions: promos, Buyer: pricing.Buyer{SignedIn: ct.CustomerID != nil, FirstOrder: ct.CustomerID != nil && !ordered[*ct.CustomerID]}}
		country := ""
		if a := ct.ShippingAddress; a != nil {
			country = a.CountryCode
			q.TaxRate = rates[tax.Destination{Country: a.CountryCode, Province: a.ProvinceCode}]
			in.TaxRatePPM = q.TaxRate
		}
		groupOf := map[pulid.ID]int{}
		var weight, subtotal int64
		var calc money.Calc
		for i, l := range q.Lines {
			v := l.Edges.Variant
			pr := v.Edges.Product
			q.lineIndex[l.ID] = i
			in.Lines = append(in.Lines, pricing.Line{
				ID: l.ID, VariantID: v.ID, ProductID: pr.ID, SellerID: pr.SellerID, CategoryIDs: ancestryOf(ancestry, pr.CategoryID),
				UnitPrice: v.Price, Quantity: l.Quantity, WeightGrams: v.WeightGrams,
			})
			g, ok := groupOf[pr.SellerID]
			if !ok {
				g = len(q.Groups)
				groupOf[pr.SellerID] = g
				q.Groups = append(q.Groups, Group{SellerID: pr.SellerID})
			}
			q.Groups[g].Lines = append(q.Groups[g].Lines, i)
			lineWeight := calc.Mul(int64(v.WeightGrams), int64(l.Quantity))
			lineSubtotal := calc.Mul(v.Price, int64(l.Quantity))
			q.Groups[g].WeightGrams = int(calc.Add(int64(q.Groups[g].WeightGrams), lineWeight))
			q.Groups[g].Subtotal = calc.Add(q.Groups[g].Subtotal, lineSubtotal)
			weight = calc.Add(weight, lineWeight)
			subtotal = calc.Add(subtotal, lineSubtotal)
		}
		if err := calc.Err(); err != nil {
			// No parcel or rate from wrapped-around sums.
			q.Groups, q.Overflow = nil, fmt.Errorf("price cart %s: %w", ct.ID, err)
			out[ct.ID] = q
			continue
		}
		for gi := range q.Groups {
			g := &q.Groups[gi]
			g.Rates = table.Rates(shipping.Parcel{SellerID: g.SellerID, Country: country, WeightGrams: g.WeightGrams, Subtotal: g.Subtotal, Currency: ct.Currency})
			if chosen, ok := ct.ShippingMethods[string(g.SellerID)]; ok {
				for ri := range g.Rates {
					if g.Rates[ri].Method.ID == chosen {
						g.Selected = &g.Rates[ri]
					}
				}
			}
			var price int64
			if g.Selected != nil {
				price = g.Selected.Price
			}
			in.Shipments = append(in.Shipments, pricing.Shipment{SellerID: g.SellerID, Price: price})
		}
		if len(q.Lines) > 0 {
			q.CartRates = table.Rates(shipping.Parcel{Country: country, WeightGrams: int(weight), Subtotal: subtotal, Currency: ct.Currency})
		}
		if q.Price, err = pricing.Price(in); err != nil {
			q.Overflow = fmt.Errorf("price cart %s: %w", ct.ID, err)
		}
		out[ct.ID] = q
	}
	return out, nil
}

// Sellers loads the sellers of a quote's parcels, in one statement.
func (s *Service) Sellers(ctx context.Context, q *Quote) (map[pulid.ID]*ent.Seller, error) {
	ids := make([]pulid.ID, len(q.Groups))
	for i, g := range q.Groups {
		ids[i] = g.SellerID
	}
	rows, err := s.client.Seller.Query().Where(seller.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load parcel sellers: %w", err)
	}
	out := make(map[pulid.ID]*ent.Seller, len(rows))
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// sellerStatusColumn is the product's seller's status, read with the
// product (loadLines) so that checkout checks sellers without another
// statement.
const sellerStatusColumn = "seller_status"

// ForSale reports whether a quoted product may still be bought: the public
// view (policy.Shopper), read from the seller status selected with it.
func ForSale(p *ent.Product) bool {
	v, err := p.Value(sellerStatusColumn)
	if err != nil {
		return false
	}
	var status seller.Status
	switch s := v.(type) {
	case string:
		status = seller.Status(s)
	case []byte:
		status = seller.Status(s)
	default:
		return false
	}
	return policy.Shopper().Sees(p.Status, p.SellerID, status)
}

// customersWithOrders reports which of the carts' customers have placed
// an order, in one statement.
func customersWithOrders(ctx context.Context, c *ent.Client, carts []*ent.Cart) (map[pulid.ID]bool, error) {
	var ids []pulid.ID
	for _, ct := range carts {
		if ct.CustomerID != nil {
			ids = append(ids, *ct.CustomerID)
		}
	}
	out := map[pulid.ID]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		CustomerID pulid.ID `json:"customer_id"`
	}
	if err := c.Order.Query().Where(order.CustomerIDIn(ids...)).Unique(true).Select(order.FieldCustomerID).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("load customers' orders: %w", err)
	}
	for _, r := range rows {
		out[r.CustomerID] = true
	}
	return out, nil
}

// categoryAncestry maps each product category of the lines to itself and
// its ancestors, when some discount or promotion is restricted to categories.
func categoryAncestry(ctx context.Context, c *ent.Client, lines []*ent.CartLine, need bool) (map[pulid.ID][]pulid.ID, error) {
	out := map[pulid.ID][]pulid.ID{}
	if !need {
		return out, nil
	}
	var ids []pulid.ID
	for _, l := range lines {
		if cid := l.Edges.Variant.Edges.Product.CategoryID; cid != nil {
			ids = append(ids, *cid)
		}
	}
	cats, err := c.Category.Query().Where(category.IDIn(ids...)).Select(category.FieldID, category.FieldPath).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load categories: %w", err)
	}
	paths := map[pulid.ID][]pulid.ID{}
	for _, ct := range cats {
		for _, part := range strings.Split(strings.Trim(ct.Path, "/"), "/") {
			paths[ct.ID] = append(paths[ct.ID], pulid.ID(part))
		}
	}
	for _, l := range lines {
		if cid := l.Edges.Variant.Edges.Product.CategoryID; cid != nil {
			out[*cid] = paths[*cid]
		}
	}
	return out, nil
}

func ancestryOf(m map[pulid.ID][]pulid.ID, id *pulid.ID) []pulid.ID {
	if id == nil {
		return nil
	}
	return m[*id]
}
