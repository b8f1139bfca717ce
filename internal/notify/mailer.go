// Package notify sends messages to people. Mail goes through a Mailer: SMTP
// (github.com/wneessen/go-mail) when SMTP_URL is set, the log otherwise, so
// that a development server shows the links it would have mailed.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
)

// Message is one email, with a text and an HTML body.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// ID, when set, is the Message-ID's local part: a retried send carries
	// the same Message-ID, so mail systems can tell a repeat.
	ID string
}

// Mailer sends email.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// LogMailer writes messages to the log instead of sending them: whole in
// development, where the links are what a developer needs; only recipient
// and subject with Redact (production), since a mail's text holds
// verification and password-reset links whose tokens are as good as a
// password to whoever reads the log.
type LogMailer struct {
	Log    *slog.Logger
	Redact bool
}

// Send implements Mailer.
func (l LogMailer) Send(_ context.Context, m Message) error {
	if l.Redact {
		l.Log.Warn("mail not sent (SMTP_URL is not set); its text is not logged", "to", m.To, "subject", m.Subject)
		return nil
	}
	l.Log.Info("mail (not sent: SMTP_URL is not set)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}

// SMTP sends through an SMTP server.
type SMTP struct {
	From   string
	host   string
	opts   []mail.Option
	client *mail.Client
	mu     sync.Mutex
}

// NewSMTP reads smtp://[user:pass@]host[:port][?tls=none|opportunistic|mandatory]
// or smtps://… (implicit TLS).
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("want smtp://[user:pass@]host[:port] or smtps://…")
	}
	opts := []mail.Option{mail.WithTimeout(10 * time.Second)}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
		opts = append(opts, mail.WithSSL())
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("bad port %q", p)
		}
	}
	opts = append(opts, mail.WithPort(port))
	switch u.Query().Get("tls") {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "", "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "mandatory":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		return nil, fmt.Errorf("tls must be none, opportunistic or mandatory")
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, err
	}
	return &SMTP{From: from, host: u.Hostname(), opts: opts, client: c}, nil
}

// Send implements Mailer.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID + "@comptoir")
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	return nil
}
