package notify

import "strings"

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
	m.html.WriteString(htmlEscaper.Replace(s))
	return m
}

// textOnly adds s (wording or a value) to the text body only; markup adds
// s, our own markup, to the HTML body only.
func (m *letter) textOnly(s string) *letter { m.text.WriteString(s); return m }
func (m *letter) markup(s string) *letter   { m.html.WriteString(s); return m }

// href adds a link's target to the HTML body, as a quoted attribute value,
// the way html/template wrote {{.Link}} in href="…": only http, https and
// mailto URLs (or relative ones), normalized, escaped.
func (m *letter) href(u string) *letter {
	m.html.WriteString(htmlEscaper.Replace(normalizeURL(filterURL(u))))
	return m
}

// The rules below are html/template's (escape.go, url.go), so that mails
// read as they did; TestMailsMatchTheTemplatesTheyReplaced compares them.

// htmlEscaper escapes text and quoted attribute values.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// filterURL refuses a URL whose scheme is not http, https or mailto: a
// javascript: or data: link must not reach a mail.
func filterURL(u string) string {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return u
}

// normalizeURL percent-encodes what is neither reserved nor unreserved in
// RFC 3986 (spaces, quotes, parentheses, non-ASCII bytes…), keeping valid
// escapes.
func normalizeURL(u string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			continue
		}
		b.WriteString(u[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return u
	}
	b.WriteString(u[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (m *letter) message(to, subject string) Message {
	return Message{To: to, Subject: subject, Text: m.text.String(), HTML: m.html.String()}
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
