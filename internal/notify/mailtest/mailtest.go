// Package mailtest runs a real SMTP server on loopback for tests
// (github.com/emersion/go-smtp) and hands over every message it receives.
package mailtest

import (
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/comptoir/comptoir/internal/waitfor"
)

// Mail is a received message, its bodies decoded.
type Mail struct {
	From, To string
	Subject  string
	Text     string
	HTML     string
	Raw      string
}

// Server is a loopback SMTP server.
type Server struct {
	URL  string // smtp://127.0.0.1:PORT?tls=none
	Mail chan Mail
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "smtp://" + ln.Addr().String() + "?tls=none", Mail: make(chan Mail, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// Next waits for the next message, failing the test after waitfor.Bound.
func (s *Server) Next(t testing.TB) Mail {
	t.Helper()
	select {
	case m := <-s.Mail:
		return m
	case <-time.After(waitfor.Bound):
		t.Fatalf("no mail arrived within %v", waitfor.Bound)
		return Mail{}
	}
}

// None asserts that no message is waiting. It proves that no other message
// will come only once nothing can send one any more (in the resolvers
// tests, after the outbox settled).
func (s *Server) None(t testing.TB) {
	t.Helper()
	select {
	case m := <-s.Mail:
		t.Fatalf("unexpected mail to %s: %s", m.To, m.Subject)
	default:
	}
}

type session struct {
	s        *Server
	from, to string
}

func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }
func (x *session) AuthPlain(string, string) error {
	return nil
}
func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error   { x.to = to; return nil }
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	out := Mail{From: x.from, To: x.to, Raw: string(b)}
	m, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	out.Subject = m.Header.Get("Subject")
	if err := decodeBody(&out, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body); err != nil {
		return err
	}
	x.s.Mail <- out
	return nil
}

// decodeBody walks a (multipart) body and keeps its text and HTML parts.
func decodeBody(out *Mail, contentType, encoding string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := decodeBody(out, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/html":
		out.HTML = string(b)
	default:
		out.Text = string(b)
	}
	return nil
}
