package notify

import (
	htmltemplate "html/template"
	"strings"
	"testing"
	texttemplate "text/template"
)

func TestTemplatesEscapeHTML(t *testing.T) {
	m, err := ResetPassword("a@example.com", LinkData{Name: `<script>x</script>`, Link: `https://shop.example.com/account/reset?token=at_x"onmouseover="y`})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, `"onmouseover="`) {
		t.Fatalf("HTML body not escaped:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "<script>x</script>") || m.Subject != "Reset your password" {
		t.Fatalf("text body: %q", m.Text)
	}
}

// The templates the mails were written with before they became code
// (templates.go says why), kept here as the reference the code must match.
type oldTemplate struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

func old(subject, text, html string) oldTemplate {
	return oldTemplate{texttemplate.Must(texttemplate.New("s").Parse(subject)), texttemplate.Must(texttemplate.New("t").Parse(text)), htmltemplate.Must(htmltemplate.New("h").Parse(html))}
}

func (o oldTemplate) render(t *testing.T, data any) Message {
	t.Helper()
	var s, x, h strings.Builder
	if err := o.subject.Execute(&s, data); err != nil {
		t.Fatal(err)
	}
	if err := o.text.Execute(&x, data); err != nil {
		t.Fatal(err)
	}
	if err := o.html.Execute(&h, data); err != nil {
		t.Fatal(err)
	}
	return Message{Subject: s.String(), Text: x.String(), HTML: h.String()}
}

var (
	oldVerify = old("Confirm your email address",
		"Hello {{.Name}},\n\nConfirm your email address by opening this link:\n{{.Link}}\n\nThe link works once and expires in 24 hours.\n",
		`<p>Hello {{.Name}},</p><p><a href="{{.Link}}">Confirm your email address</a>.</p><p>The link works once and expires in 24 hours.</p>`)
	oldReset = old("Reset your password",
		"Hello {{.Name}},\n\nChoose a new password by opening this link:\n{{.Link}}\n\nThe link works once and expires in 1 hour. If you did not ask for it, ignore this mail.\n",
		`<p>Hello {{.Name}},</p><p><a href="{{.Link}}">Choose a new password</a>.</p><p>The link works once and expires in 1 hour. If you did not ask for it, ignore this mail.</p>`)
	oldInvitation = old("Join {{.Seller}} on Comptoir",
		"Hello,\n\nYou are invited to join {{.Seller}} as {{.Role}}. Sign in with this email address and accept by opening this link:\n{{.Link}}\n\nThe link works once and expires in 7 days.\n",
		`<p>Hello,</p><p>You are invited to join <strong>{{.Seller}}</strong> as {{.Role}}.</p><p>Sign in with this email address and <a href="{{.Link}}">accept the invitation</a>.</p><p>The link works once and expires in 7 days.</p>`)
	oldOrders = map[string]oldTemplate{
		KindOrderConfirmation: old("Your order {{.Name}}",
			"Thank you for your order {{.Name}}.\n\n{{range .Lines}}{{.Quantity}} × {{.Name}}: {{.Total}}\n{{end}}\nTotal: {{.Total}}\n\nFollow it here: {{.Link}}\n",
			`<p>Thank you for your order {{.Name}}.</p><table>{{range .Lines}}<tr><td>{{.Quantity}} × {{.Name}}</td><td>{{.Total}}</td></tr>{{end}}</table><p><strong>Total: {{.Total}}</strong></p><p><a href="{{.Link}}">Follow your order</a></p>`),
		KindPaymentFailed: old("Payment for your order {{.Name}} failed",
			"The payment for your order {{.Name}} failed: {{.Reason}}.\n\nYour cart is waiting for you; you can try again: {{.Link}}\n",
			`<p>The payment for your order {{.Name}} failed: {{.Reason}}.</p><p><a href="{{.Link}}">Try again</a></p>`),
		KindShipped: old("Your order {{.Name}} has shipped",
			"Your order {{.Name}} is on its way with {{.Carrier}}.\nTracking number: {{.Tracking}}\n{{if .TrackLink}}Track it: {{.TrackLink}}\n{{end}}",
			`<p>Your order {{.Name}} is on its way with {{.Carrier}}.</p><p>Tracking number: {{.Tracking}}</p>{{if .TrackLink}}<p><a href="{{.TrackLink}}">Track your parcel</a></p>{{end}}`),
		KindDelivered: old("Your order {{.Name}} was delivered",
			"Your order {{.Name}} was delivered. Enjoy!\n\nSomething wrong? You can request a return: {{.Link}}\n",
			`<p>Your order {{.Name}} was delivered. Enjoy!</p><p>Something wrong? <a href="{{.Link}}">Request a return</a>.</p>`),
		KindReturnApproved: old("Your return for order {{.Name}} was approved",
			"Your return for order {{.Name}} was approved. {{.Refund}} is on its way back to you.\n",
			`<p>Your return for order {{.Name}} was approved. {{.Refund}} is on its way back to you.</p>`),
	}
	oldBackInStock = old("{{.Product}} is back in stock",
		"Good news: {{.Product}}{{if .Variant}} ({{.Variant}}){{end}} is back in stock.\n\n{{.Link}}\n\nYou asked to be told once; ask again on the product page to be told next time.\n",
		`<p>Good news: <strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}} is back in stock.</p><p><a href="{{.Link}}">See it</a></p><p>You asked to be told once; ask again on the product page to be told next time.</p>`)
	oldWishlistBack = old("From your wishlist: {{.Product}} is back in stock",
		"{{.Product}}{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, is back in stock.\n\n{{.Link}}\n",
		`<p><strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, is back in stock.</p><p><a href="{{.Link}}">See it</a></p>`)
	oldWishlistPrice = old("From your wishlist: {{.Product}} now costs {{.NewPrice}}",
		"{{.Product}}{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, went from {{.OldPrice}} to {{.NewPrice}}.\n\n{{.Link}}\n",
		`<p><strong>{{.Product}}</strong>{{if .Variant}} ({{.Variant}}){{end}}, in your wishlist, went from {{.OldPrice}} to <strong>{{.NewPrice}}</strong>.</p><p><a href="{{.Link}}">See it</a></p>`)
)

// TestMailsMatchTheTemplatesTheyReplaced renders every mail with the code
// and with the old templates, for ordinary data and for what html/template
// escapes, normalizes or refuses (quotes, +, NUL, non-ASCII, spaces and
// broken escapes in links, javascript: and look-alike schemes), and wants
// the same bytes.
func TestMailsMatchTheTemplatesTheyReplaced(t *testing.T) {
	type mailCase struct {
		name string
		got  func() (Message, error)
		old  oldTemplate
		data any
	}
	var cases []mailCase
	links := []string{"https://shop.example.com/orders/ord_1?t=a&b=c", "javascript:alert(1)", "JavaScript:x", "/relative/path",
		"https://track.example/t?n=A+B&x=(1) é", "http://x/%41%4", "http://x/%zz%", "?a:b", "#a:b", "httpſ://x", " javascript:alert(1)",
		"java\tscript:x", "mailto:a@b.test", "", `https://x/'q'"dq"<>`, "HTTPS://X/\x00\x7f~"}
	names := []string{`Zoé "Z" O'Hara & co`, "Café + Thé", "NUL\x00here", "<b>&amp;</b>", "Ateliers <Dupont> & fils", "Chaise « Orme » & coussin", "Bleu / L", "+33 (0)1"}
	for i, link := range links {
		name := func(k int) string { return names[(i+k)%len(names)] }
		ld := LinkData{Name: name(0), Link: link}
		inv := InvitationData{Seller: name(1), Role: "manager", Link: link}
		stock := StockData{Product: name(2), Variant: name(3), Link: link}
		noVariant := StockData{Product: name(4), Link: link}
		price := PriceData{Product: name(5), Variant: name(6), OldPrice: "120.00 EUR", NewPrice: "99.90 EUR", Link: link}
		cases = append(cases,
			mailCase{"verify " + link, func() (Message, error) { return VerifyEmail("a@x.test", ld) }, oldVerify, ld},
			mailCase{"reset " + link, func() (Message, error) { return ResetPassword("a@x.test", ld) }, oldReset, ld},
			mailCase{"invitation " + link, func() (Message, error) { return SellerInvitationMail("a@x.test", inv) }, oldInvitation, inv},
			mailCase{"back in stock " + link, func() (Message, error) { return BackInStockMail("a@x.test", stock) }, oldBackInStock, stock},
			mailCase{"back in stock, no variant " + link, func() (Message, error) { return BackInStockMail("a@x.test", noVariant) }, oldBackInStock, noVariant},
			mailCase{"wishlist back " + link, func() (Message, error) { return WishlistBackInStockMail("a@x.test", stock) }, oldWishlistBack, stock},
			mailCase{"wishlist back, no variant " + link, func() (Message, error) { return WishlistBackInStockMail("a@x.test", noVariant) }, oldWishlistBack, noVariant},
			mailCase{"wishlist price " + link, func() (Message, error) { return WishlistPriceDropMail("a@x.test", price) }, oldWishlistPrice, price},
		)
		for kind, o := range oldOrders {
			for _, d := range []OrderData{
				{Name: "#10042", Total: "38.28 EUR", Link: link, Reason: "card declined <3DS>", Carrier: name(7), Tracking: "6A123", TrackLink: link, Refund: "12.00 EUR",
					Lines: []OrderLine{{Name: name(0), Quantity: 2, Total: "18.00 EUR"}, {Name: name(1), Quantity: 1, Total: "20.28 EUR"}}},
				{Name: "#10043", Total: "0.00 EUR", Link: link, Carrier: "DHL", Tracking: "X"},
			} {
				cases = append(cases, mailCase{kind + " " + d.Name + " " + link, func() (Message, error) { return OrderMail(kind, "a@x.test", d) }, o, d})
			}
		}
	}
	for _, c := range cases {
		got, err := c.got()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := c.old.render(t, c.data)
		if got.To != "a@x.test" || got.Subject != want.Subject || got.Text != want.Text || got.HTML != want.HTML {
			t.Errorf("%s:\n got %q\n     %q\n     %q\nwant %q\n     %q\n     %q", c.name, got.Subject, got.Text, got.HTML, want.Subject, want.Text, want.HTML)
		}
	}
	if _, err := OrderMail("no_such_kind", "a@x.test", OrderData{}); err == nil {
		t.Fatal("an unknown kind of order mail rendered")
	}
}
