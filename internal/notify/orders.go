package notify

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

var orderTemplates = map[string]template{
	KindOrderConfirmation: newTemplate("Your order {{.Name}}",
		"Thank you for your order {{.Name}}.\n\n{{range .Lines}}{{.Quantity}} × {{.Name}}: {{.Total}}\n{{end}}\nTotal: {{.Total}}\n\nFollow it here: {{.Link}}\n",
		`<p>Thank you for your order {{.Name}}.</p><table>{{range .Lines}}<tr><td>{{.Quantity}} × {{.Name}}</td><td>{{.Total}}</td></tr>{{end}}</table><p><strong>Total: {{.Total}}</strong></p><p><a href="{{.Link}}">Follow your order</a></p>`),
	KindPaymentFailed: newTemplate("Payment for your order {{.Name}} failed",
		"The payment for your order {{.Name}} failed: {{.Reason}}.\n\nYour cart is waiting for you; you can try again: {{.Link}}\n",
		`<p>The payment for your order {{.Name}} failed: {{.Reason}}.</p><p><a href="{{.Link}}">Try again</a></p>`),
	KindShipped: newTemplate("Your order {{.Name}} has shipped",
		"Your order {{.Name}} is on its way with {{.Carrier}}.\nTracking number: {{.Tracking}}\n{{if .TrackLink}}Track it: {{.TrackLink}}\n{{end}}",
		`<p>Your order {{.Name}} is on its way with {{.Carrier}}.</p><p>Tracking number: {{.Tracking}}</p>{{if .TrackLink}}<p><a href="{{.TrackLink}}">Track your parcel</a></p>{{end}}`),
	KindDelivered: newTemplate("Your order {{.Name}} was delivered",
		"Your order {{.Name}} was delivered. Enjoy!\n\nSomething wrong? You can request a return: {{.Link}}\n",
		`<p>Your order {{.Name}} was delivered. Enjoy!</p><p>Something wrong? <a href="{{.Link}}">Request a return</a>.</p>`),
	KindReturnApproved: newTemplate("Your return for order {{.Name}} was approved",
		"Your return for order {{.Name}} was approved. {{.Refund}} is on its way back to you.\n",
		`<p>Your return for order {{.Name}} was approved. {{.Refund}} is on its way back to you.</p>`),
}

// OrderMail renders an order mail of a kind.
func OrderMail(kind, to string, d OrderData) (Message, error) {
	t, ok := orderTemplates[kind]
	if !ok {
		return Message{}, errUnknownKind(kind)
	}
	return t.render(to, d)
}

// KindBackInStock is the mail to a shopper who asked for a variant.
const KindBackInStock = "back_in_stock"

// StockData is what the back-in-stock mail shows.
type StockData struct {
	Product string
	Variant string
	Link    string
}

var backInStock = newTemplate("{{.Product}} is back in stock",
	"Good news: {{.Product}}{{if .Variant}} ({{.Variant}}){{end}} is back in stock.\n\n{{.Link}}\n\nYou asked to be told once; ask again on the product page to be told next time.\n",
	`<p>Good news: <strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}} is back in stock.</p><p><a href="{{.Link}}">See it</a></p><p>You asked to be told once; ask again on the product page to be told next time.</p>`)

// BackInStockMail renders the back-in-stock mail.
func BackInStockMail(to string, d StockData) (Message, error) { return backInStock.render(to, d) }

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

var (
	wishlistBack = newTemplate("From your wishlist: {{.Product}} is back in stock",
		"{{.Product}}{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, is back in stock.\n\n{{.Link}}\n",
		`<p><strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, is back in stock.</p><p><a href="{{.Link}}">See it</a></p>`)
	wishlistPrice = newTemplate("From your wishlist: {{.Product}} now costs {{.NewPrice}}",
		"{{.Product}}{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, went from {{.OldPrice}} to {{.NewPrice}}.\n\n{{.Link}}\n",
		`<p><strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, went from {{.OldPrice}} to <strong>{{.NewPrice}}</strong>.</p><p><a href="{{.Link}}">See it</a></p>`)
)

// WishlistBackInStockMail renders the wishlist back-in-stock mail.
func WishlistBackInStockMail(to string, d StockData) (Message, error) {
	return wishlistBack.render(to, d)
}

// WishlistPriceDropMail renders the wishlist price-drop mail.
func WishlistPriceDropMail(to string, d PriceData) (Message, error) {
	return wishlistPrice.render(to, d)
}
