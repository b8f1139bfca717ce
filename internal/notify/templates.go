package notify

import (
	"html"
	"strings"
)

// Mails are written as code, not as text/template or html/template: those
// look fields up by name through reflect (Value.MethodByName), and one such
// call anywhere in a binary makes Go's linker keep every exported method of
// every type that reaches an interface. For the server that was 40% of the
// binary and some 11 MB of resident memory under load. templates_test.go
// checks these functions against the templates they replaced.

// letter builds one message's text and HTML bodies side by side.
type letter struct {
	text, html strings.Builder
}

// say adds s to both bodies, as is: s is our own wording, never data.
func (m *letter) say(s string) *letter {
	m.text.WriteString(s)
	m.html.WriteString(s)
	return m
}

// data adds a value: as is to the text body, escaped to the HTML one.
func (m *letter) data(s string) *letter {
	m.text.WriteString(s)
	m.html.WriteString(html.EscapeString(s))
	return m
}

// textOnly adds s (wording or a value) to the text body only; markup adds
// s, our own markup, to the HTML body only.
func (m *letter) textOnly(s string) *letter { m.text.WriteString(s); return m }
func (m *letter) markup(s string) *letter   { m.html.WriteString(s); return m }

// href adds a link's target to the HTML body, as an attribute value: only
// http, https and mailto URLs (html/template's rule), escaped.
func (m *letter) href(u string) *letter {
	m.html.WriteString(html.EscapeString(safeURL(u)))
	return m
}

func (m *letter) message(to, subject string) Message {
	return Message{To: to, Subject: subject, Text: m.text.String(), HTML: m.html.String()}
}

// safeURL is u when its scheme is http, https or mailto (or it has none, a
// relative link), and a harmless fragment otherwise: a javascript: or data:
// link must not reach a mail.
func safeURL(u string) string {
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		switch strings.ToLower(u[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	return u
}

// LinkData is what account emails show.
type LinkData struct {
	Name string
	Link string
}

// VerifyEmail renders the email-verification mail.
func VerifyEmail(to string, d LinkData) (Message, error) {
	return accountMail(to, d, "Confirm your email address", "Confirm your email address by opening this link:",
		"The link works once and expires in 24 hours."), nil
}

// ResetPassword renders the password-reset mail.
func ResetPassword(to string, d LinkData) (Message, error) {
	return accountMail(to, d, "Reset your password", "Choose a new password by opening this link:",
		"The link works once and expires in 1 hour. If you did not ask for it, ignore this mail."), nil
}

// accountMail is a greeting, a link that does one thing (subject names it)
// and its terms. The text says ask before the link; the HTML's link text
// is ask without its " by opening this link:".
func accountMail(to string, d LinkData, subject, ask, terms string) Message {
	var m letter
	m.textOnly("Hello ").markup("<p>Hello ").data(d.Name).textOnly(",\n\n" + ask + "\n" + d.Link + "\n\n").
		markup(",</p><p><a href=\"").href(d.Link).markup("\">" + strings.TrimSuffix(ask, " by opening this link:") + "</a>.</p><p>").
		say(terms).textOnly("\n").markup("</p>")
	return m.message(to, subject)
}

type errUnknownKind string

func (e errUnknownKind) Error() string { return "unknown mail kind " + string(e) }

// KindSellerInvitation is the mail inviting someone to a seller's team.
const KindSellerInvitation = "seller_invitation"

// InvitationData is what a seller invitation shows.
type InvitationData struct {
	Seller, Role, Link string
}

// SellerInvitationMail renders the invitation to a seller's team.
func SellerInvitationMail(to string, d InvitationData) (Message, error) {
	var m letter
	m.textOnly("Hello,\n\nYou are invited to join ").markup("<p>Hello,</p><p>You are invited to join <strong>").data(d.Seller).markup("</strong>").
		say(" as ").data(d.Role).say(".").
		textOnly(" Sign in with this email address and accept by opening this link:\n").textOnly(d.Link).textOnly("\n\n").
		markup("</p><p>Sign in with this email address and <a href=\"").href(d.Link).markup("\">accept the invitation</a>.</p><p>").
		say("The link works once and expires in 7 days.").textOnly("\n").markup("</p>")
	return m.message(to, "Join "+d.Seller+" on Comptoir"), nil
}
