package notify

import "strconv"

// OrderData is what order mails show.
type OrderData struct {
	Name      string // #10042
	Total     string // "38.28 EUR"
	Lines     []OrderLine
	Link      string // the order on the storefront
	Reason    string // payment failed
	Carrier   string
	Tracking  string
	TrackLink string
	Refund    string // return approved
}

// OrderLine is a line in an order mail.
type OrderLine struct {
	Name     string
	Quantity int
	Total    string
}

// Kinds of order mails, by the event that sends them.
const (
	KindOrderConfirmation = "order_confirmation"
	KindPaymentFailed     = "payment_failed"
	KindShipped           = "shipped"
	KindDelivered         = "delivered"
	KindReturnApproved    = "return_approved"
)

// OrderMail renders an order mail of a kind.
func OrderMail(kind, to string, d OrderData) (Message, error) {
	var m letter
	switch kind {
	case KindOrderConfirmation:
		m.markup("<p>").say("Thank you for your order ").data(d.Name).say(".").textOnly("\n\n").markup("</p><table>")
		for _, l := range d.Lines {
			m.markup("<tr><td>").say(strconv.Itoa(l.Quantity) + " × ").data(l.Name).textOnly(": ").markup("</td><td>").data(l.Total).textOnly("\n").markup("</td></tr>")
		}
		m.markup("</table><p><strong>").textOnly("\n").say("Total: ").data(d.Total).markup("</strong></p><p><a href=\"").href(d.Link).markup("\">Follow your order</a></p>").
			textOnly("\n\nFollow it here: " + d.Link + "\n")
		return m.message(to, "Your order "+d.Name), nil
	case KindPaymentFailed:
		m.markup("<p>").say("The payment for your order ").data(d.Name).say(" failed: ").data(d.Reason).say(".").
			textOnly("\n\nYour cart is waiting for you; you can try again: " + d.Link + "\n").
			markup("</p><p><a href=\"").href(d.Link).markup("\">Try again</a></p>")
		return m.message(to, "Payment for your order "+d.Name+" failed"), nil
	case KindShipped:
		m.markup("<p>").say("Your order ").data(d.Name).say(" is on its way with ").data(d.Carrier).say(".").
			textOnly("\n").markup("</p><p>").say("Tracking number: ").data(d.Tracking).textOnly("\n").markup("</p>")
		if d.TrackLink != "" {
			m.textOnly("Track it: " + d.TrackLink + "\n").markup("<p><a href=\"").href(d.TrackLink).markup("\">Track your parcel</a></p>")
		}
		return m.message(to, "Your order "+d.Name+" has shipped"), nil
	case KindDelivered:
		m.markup("<p>").say("Your order ").data(d.Name).say(" was delivered. Enjoy!").
			textOnly("\n\nSomething wrong? You can request a return: " + d.Link + "\n").
			markup("</p><p>Something wrong? <a href=\"").href(d.Link).markup("\">Request a return</a>.</p>")
		return m.message(to, "Your order "+d.Name+" was delivered"), nil
	case KindReturnApproved:
		m.markup("<p>").say("Your return for order ").data(d.Name).say(" was approved. ").data(d.Refund).say(" is on its way back to you.").
			textOnly("\n").markup("</p>")
		return m.message(to, "Your return for order "+d.Name+" was approved"), nil
	}
	return Message{}, errUnknownKind(kind)
}

// KindBackInStock is the mail to a shopper who asked for a variant.
const KindBackInStock = "back_in_stock"

// StockData is what the back-in-stock mail shows.
type StockData struct {
	Product string
	Variant string
	Link    string
}

// product adds "Product (Variant)", the product in bold in HTML.
func (m *letter) product(product, variant string) *letter {
	m.markup("<strong>").data(product).markup("</strong>")
	if variant != "" {
		m.say(" (").data(variant).say(")")
	}
	return m
}

// seeIt ends a stock or price mail with the link.
func (m *letter) seeIt(link string) *letter {
	return m.textOnly("\n\n" + link + "\n").markup("</p><p><a href=\"").href(link).markup("\">See it</a></p>")
}

// BackInStockMail renders the back-in-stock mail.
func BackInStockMail(to string, d StockData) (Message, error) {
	var m letter
	m.markup("<p>").say("Good news: ").product(d.Product, d.Variant).say(" is back in stock.").seeIt(d.Link).
		textOnly("\n").markup("<p>").say("You asked to be told once; ask again on the product page to be told next time.").textOnly("\n").markup("</p>")
	return m.message(to, d.Product+" is back in stock"), nil
}

// Wishlist mails.
const (
	KindWishlistBackInStock = "wishlist_back_in_stock"
	KindWishlistPriceDrop   = "wishlist_price_drop"
)

// PriceData is what the price-drop mail shows.
type PriceData struct {
	Product  string
	Variant  string
	OldPrice string
	NewPrice string
	Link     string
}

// WishlistBackInStockMail renders the wishlist back-in-stock mail.
func WishlistBackInStockMail(to string, d StockData) (Message, error) {
	var m letter
	m.markup("<p>").product(d.Product, d.Variant).say(", in your wishlist, is back in stock.").seeIt(d.Link)
	return m.message(to, "From your wishlist: "+d.Product+" is back in stock"), nil
}

// WishlistPriceDropMail renders the wishlist price-drop mail.
func WishlistPriceDropMail(to string, d PriceData) (Message, error) {
	var m letter
	m.markup("<p>").product(d.Product, d.Variant).say(", in your wishlist, went from ").data(d.OldPrice).say(" to ").
		markup("<strong>").data(d.NewPrice).markup("</strong>").say(".").seeIt(d.Link)
	return m.message(to, "From your wishlist: "+d.Product+" now costs "+d.NewPrice), nil
}
