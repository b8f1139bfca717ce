package outbox

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/customer"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockalert"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/notify"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/policy"
)

// mailKinds maps the events that mail the buyer to the kind of mail.
var mailKinds = map[string]string{
	// Confirmed once paid: a declined card must not get a "thank you".
	orders.EventPaymentCaptured: notify.KindOrderConfirmation,
	orders.EventPaymentFailed:   notify.KindPaymentFailed,
	orders.EventFulfilled:       notify.KindShipped,
	orders.EventDelivered:       notify.KindDelivered,
	orders.EventReturnApproved:  notify.KindReturnApproved,
}

func format(minor int64, currency string) string {
	return money.Format(minor, money.Currency(currency).Exponent()) + " " + currency
}

// orderLink is the link to an order in its mails.
func (d *Dispatcher) orderLink(o *ent.Order) string {
	if d.OrderLink != nil {
		return d.OrderLink(o)
	}
	return OrderLink(d.StorefrontURL, o, "")
}

// OrderLink is the storefront page of an order: the account's for a
// registered customer's order; for a guest order, one carrying its email
// (to read it) and its access token (to act on it).
func OrderLink(storefront string, o *ent.Order, token string) string {
	base := strings.TrimRight(storefront, "/")
	if o.CustomerID != nil {
		return base + "/account/orders/" + string(o.ID)
	}
	q := url.Values{"email": {o.Email}}
	if token != "" {
		q.Set("token", token)
	}
	return base + "/orders/" + string(o.ID) + "?" + q.Encode()
}

// enqueueMails renders the buyer's mails of a batch of events into the
// mail outbox, in the dispatcher's transaction: an event is marked
// published together with its mails, and a mail's key (event, kind) keeps a
// redelivered event from mailing twice.
func (d *Dispatcher) enqueueMails(ctx context.Context, tx *ent.Client, evs []*ent.OrderEvent) error {
	var want []*ent.OrderEvent
	var ids []pulid.ID
	for _, e := range evs {
		if _, ok := mailKinds[e.Type]; ok {
			want = append(want, e)
			ids = append(ids, e.OrderID)
		}
	}
	if len(want) == 0 {
		return nil
	}
	os, err := tx.Order.Query().Where(entorder.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byID := map[pulid.ID]*ent.Order{}
	for _, o := range os {
		byID[o.ID] = o
	}
	lines, err := tx.OrderLine.Query().Where(orderline.OrderIDIn(ids...)).Order(ent.Asc(orderline.FieldCreatedAt)).All(ctx)
	if err != nil {
		return err
	}
	for _, e := range want {
		o := byID[e.OrderID]
		if o == nil {
			continue
		}
		kind := mailKinds[e.Type]
		data := notify.OrderData{Name: orders.Name(o), Total: format(o.Total, o.Currency),
			Link: d.orderLink(o)}
		switch kind {
		case notify.KindOrderConfirmation:
			for _, l := range lines {
				if l.OrderID == o.ID {
					name := l.ProductName
					if l.VariantTitle != "" {
						name += " – " + l.VariantTitle
					}
					data.Lines = append(data.Lines, notify.OrderLine{Name: name, Quantity: l.Quantity, Total: format(l.Total, o.Currency)})
				}
			}
		case notify.KindPaymentFailed:
			data.Reason = strings.TrimPrefix(e.Message, "payment failed: ")
		case notify.KindShipped:
			f, err := tx.Fulfillment.Get(ctx, pulid.ID(e.Ref))
			if err != nil {
				return err
			}
			data.Carrier, data.Tracking, data.TrackLink = f.Carrier, f.TrackingNumber, f.TrackingURL
		case notify.KindReturnApproved:
			r, err := tx.Refund.Get(ctx, pulid.ID(e.Ref))
			if err != nil {
				return err
			}
			data.Refund = format(r.Amount, o.Currency)
		}
		m, err := notify.OrderMail(kind, o.Email, data)
		if err != nil {
			return err
		}
		if err := notify.Enqueue(ctx, tx, d.St.Dialect, string(e.ID)+":"+kind, kind, m, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// enqueueStockAlerts mails the shoppers waiting for variants back in stock,
// and uses up their alerts, in the dispatcher's transaction.
func (d *Dispatcher) enqueueStockAlerts(ctx context.Context, tx *ent.Client, evs []*ent.DomainEvent) error {
	for _, e := range evs {
		if e.Type != events.BackInStock {
			continue
		}
		alerts, err := tx.StockAlert.Query().Where(stockalert.VariantID(pulid.ID(e.SubjectID)), stockalert.NotifiedAtIsNil()).All(ctx)
		if err != nil || len(alerts) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		// Mail only about what shoppers may buy (policy.Shopper): the alerts
		// of a hidden product stay armed.
		v, err := tx.ProductVariant.Query().Where(productvariant.ID(pulid.ID(e.SubjectID)), policy.Shopper().Variants()).WithProduct().Only(ctx)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		data := notify.StockData{Product: v.Edges.Product.Name, Variant: v.Title, Link: d.StorefrontURL + "/products/" + v.Edges.Product.Slug}
		ids := make([]pulid.ID, len(alerts))
		for i, a := range alerts {
			m, err := notify.BackInStockMail(a.Email, data)
			if err != nil {
				return err
			}
			if err := notify.Enqueue(ctx, tx, d.St.Dialect, string(e.ID)+":"+string(a.ID), notify.KindBackInStock, m, time.Now()); err != nil {
				return err
			}
			ids[i] = a.ID
		}
		if err := tx.StockAlert.Update().Where(stockalert.IDIn(ids...)).SetNotifiedAt(time.Now()).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// enqueueWishlistMails tells the customers whose wishlists hold a variant
// that it is back in stock or cheaper, once per event and customer.
func (d *Dispatcher) enqueueWishlistMails(ctx context.Context, tx *ent.Client, evs []*ent.DomainEvent) error {
	for _, e := range evs {
		if e.Type != events.BackInStock && e.Type != events.PriceDropped {
			continue
		}
		owners, err := tx.WishlistItem.Query().Where(wishlistitem.VariantID(pulid.ID(e.SubjectID))).Unique(true).
			Select(wishlistitem.FieldCustomerID).Strings(ctx)
		if err != nil || len(owners) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		ids := make([]pulid.ID, len(owners))
		for i, o := range owners {
			ids[i] = pulid.ID(o)
		}
		customers, err := tx.Customer.Query().Where(customer.IDIn(ids...), customer.DeletedAtIsNil()).All(ctx)
		if err != nil {
			return err
		}
		v, err := tx.ProductVariant.Query().Where(productvariant.ID(pulid.ID(e.SubjectID)), policy.Shopper().Variants()).WithProduct().Only(ctx)
		if ent.IsNotFound(err) {
			continue // not for sale (policy.Shopper): nothing to tell
		}
		if err != nil {
			return err
		}
		link := d.StorefrontURL + "/products/" + v.Edges.Product.Slug
		for _, c := range customers {
			var m notify.Message
			kind := notify.KindWishlistBackInStock
			if e.Type == events.PriceDropped {
				kind = notify.KindWishlistPriceDrop
				m, err = notify.WishlistPriceDropMail(c.Email, notify.PriceData{Product: v.Edges.Product.Name, Variant: v.Title,
					OldPrice: e.Data["oldPrice"] + " " + e.Data["currency"], NewPrice: e.Data["newPrice"] + " " + e.Data["currency"], Link: link})
			} else {
				m, err = notify.WishlistBackInStockMail(c.Email, notify.StockData{Product: v.Edges.Product.Name, Variant: v.Title, Link: link})
			}
			if err != nil {
				return err
			}
			if err := notify.Enqueue(ctx, tx, d.St.Dialect, string(e.ID)+":"+string(c.ID), kind, m, time.Now()); err != nil {
				return err
			}
		}
	}
	return nil
}
