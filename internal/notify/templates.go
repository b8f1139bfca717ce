package notify

import (
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// template is one kind of email, with its subject, text and HTML bodies.
type template struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

func newTemplate(subject, text, html string) template {
	return template{
		subject: texttemplate.Must(texttemplate.New("s").Parse(subject)),
		text:    texttemplate.Must(texttemplate.New("t").Parse(text)),
		html:    htmltemplate.Must(htmltemplate.New("h").Parse(html)),
	}
}

// Render fills the template for one recipient.
func (t template) render(to string, data any) (Message, error) {
	var sb, tb, hb strings.Builder
	for _, x := range []struct {
		run func() error
	}{
		{func() error { return t.subject.Execute(&sb, data) }},
		{func() error { return t.text.Execute(&tb, data) }},
		{func() error { return t.html.Execute(&hb, data) }},
	} {
		if err := x.run(); err != nil {
			return Message{}, err
		}
	}
	return Message{To: to, Subject: sb.String(), Text: tb.String(), HTML: hb.String()}, nil
}

// LinkData is what account emails show.
type LinkData struct {
	Name string
	Link string
}

var (
	verifyEmail = newTemplate("Confirm your email address",
		"Hello {{.Name}},\n\nConfirm your email address by opening this link:\n{{.Link}}\n\nThe link works once and expires in 24 hours.\n",
		`<p>Hello {{.Name}},</p><p><a href="{{.Link}}">Confirm your email address</a>.</p><p>The link works once and expires in 24 hours.</p>`)
	resetPassword = newTemplate("Reset your password",
		"Hello {{.Name}},\n\nChoose a new password by opening this link:\n{{.Link}}\n\nThe link works once and expires in 1 hour. If you did not ask for it, ignore this mail.\n",
		`<p>Hello {{.Name}},</p><p><a href="{{.Link}}">Choose a new password</a>.</p><p>The link works once and expires in 1 hour. If you did not ask for it, ignore this mail.</p>`)
)

// VerifyEmail renders the email-verification mail.
func VerifyEmail(to string, d LinkData) (Message, error) { return verifyEmail.render(to, d) }

// ResetPassword renders the password-reset mail.
func ResetPassword(to string, d LinkData) (Message, error) { return resetPassword.render(to, d) }

type errUnknownKind string

func (e errUnknownKind) Error() string { return "unknown mail kind " + string(e) }

// KindSellerInvitation is the mail inviting someone to a seller's team.
const KindSellerInvitation = "seller_invitation"

// InvitationData is what a seller invitation shows.
type InvitationData struct {
	Seller, Role, Link string
}

var sellerInvitation = newTemplate("Join {{.Seller}} on Comptoir",
	"Hello,\n\nYou are invited to join {{.Seller}} as {{.Role}}. Sign in with this email address and accept by opening this link:\n{{.Link}}\n\nThe link works once and expires in 7 days.\n",
	`<p>Hello,</p><p>You are invited to join <strong>{{.Seller}}</strong> as {{.Role}}.</p><p>Sign in with this email address and <a href="{{.Link}}">accept the invitation</a>.</p><p>The link works once and expires in 7 days.</p>`)

// SellerInvitationMail renders the invitation to a seller's team.
func SellerInvitationMail(to string, d InvitationData) (Message, error) {
	return sellerInvitation.render(to, d)
}
