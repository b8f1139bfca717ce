package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
	"github.com/comptoir/comptoir/internal/worker"
)

// Enqueue stores a rendered mail in the mail outbox, inside the caller's
// transaction when c belongs to one. The key (an event ID and a kind)
// makes enqueuing idempotent: a second call with it does nothing.
func Enqueue(ctx context.Context, c *ent.Client, dia, key, kind string, m Message, now time.Time) error {
	q, args := entsql.Dialect(dia).Insert(mailoutbox.Table).
		Columns(mailoutbox.FieldID, mailoutbox.FieldCreatedAt, mailoutbox.FieldUpdatedAt, mailoutbox.FieldKey, mailoutbox.FieldKind,
			mailoutbox.FieldTo, mailoutbox.FieldSubject, mailoutbox.FieldText, mailoutbox.FieldHTML, mailoutbox.FieldStatus,
			mailoutbox.FieldAttempts, mailoutbox.FieldLastError, mailoutbox.FieldNextAttemptAt).
		Values(pulid.New("mlo"), now, now, key, kind, m.To, text.Cut(m.Subject, text.NameMax), m.Text, m.HTML, mailoutbox.StatusPENDING, 0, "", now).
		OnConflict(entsql.ConflictColumns(mailoutbox.FieldKey), entsql.DoNothing()).Query()
	if _, err := c.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	return nil
}

// Durable is a Mailer that stores mails in the outbox instead of sending
// them: the sender delivers them, so a crash after the request loses none.
type Durable struct {
	St  *store.Store
	Now func() time.Time
}

// Send implements Mailer.
func (d Durable) Send(ctx context.Context, m Message) error {
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	return Enqueue(ctx, d.St.Client, d.St.Dialect, "mail:"+string(pulid.New("key")), "account", m, now)
}

// MaxAttempts is how often a mail is tried before it is marked FAILED.
const MaxAttempts = 8

// Sender delivers the mail outbox through a Mailer, at least once: a mail is
// marked SENT after the server accepted it; a crash in between sends it
// again with the same Message-ID. Failures are retried with exponential
// backoff. Several instances share the work (FOR UPDATE SKIP LOCKED).
type Sender struct {
	St     *store.Store
	Mailer Mailer
	Log    *slog.Logger
	Now    func() time.Time
}

// Job is the sender as a background job: it runs when woken (a mail was
// enqueued) and when the earliest retry is due, never by polling. Wakes
// are merged over 250 ms: mails need no haste, and a busy instance's
// commits do not each cost a look at the queue.
func (s *Sender) Job() worker.Job {
	return worker.Job{Name: "mail outbox", Limit: 20, Coalesce: 250 * time.Millisecond, Tables: []string{mailoutbox.Table}, Step: s.Step}
}

// Step sends up to limit due mails; when fewer were due, next is when the
// earliest pending one is (zero: none is pending).
func (s *Sender) Step(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
	for n := 0; n < limit; n++ {
		sent, next, err := s.sendNext(ctx, now)
		if err != nil || !sent {
			return n, next, err
		}
		now = s.now()
	}
	return limit, time.Time{}, nil
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SendOne sends the next due mail, if any, and reports whether there was
// one (see worker.Claim: on PostgreSQL the mail stays claimed while it is
// sent; on SQLite the write lock is not held during the SMTP exchange).
func (s *Sender) SendOne(ctx context.Context) (bool, error) {
	sent, _, err := s.sendNext(ctx, s.now())
	return sent, err
}

// sendNext sends the first pending mail if it is due at now; otherwise it
// returns when it will be (zero: no mail is pending).
func (s *Sender) sendNext(ctx context.Context, now time.Time) (sent bool, next time.Time, err error) {
	sent, err = worker.Claim(ctx, s.St, func(ctx context.Context, c *ent.Client, lock bool) (bool, error) {
		m, err := s.first(ctx, c, lock)
		if m == nil || err != nil {
			return false, err
		}
		if m.NextAttemptAt.After(now) {
			next = m.NextAttemptAt
			return false, nil
		}
		return true, s.record(ctx, c, m, s.send(ctx, m))
	})
	return sent, next, err
}

// first returns the pending mail due first, or nil: one statement tells
// both whether a mail is due and, if none is, when the next one will be.
func (s *Sender) first(ctx context.Context, c *ent.Client, lock bool) (*ent.MailOutbox, error) {
	q := c.MailOutbox.Query().Where(mailoutbox.StatusEQ(mailoutbox.StatusPENDING)).
		Order(ent.Asc(mailoutbox.FieldNextAttemptAt))
	if lock {
		q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
	}
	m, err := q.First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return m, err
}

func (s *Sender) send(ctx context.Context, m *ent.MailOutbox) error {
	return s.Mailer.Send(ctx, Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, ID: string(m.ID)})
}

// record writes the outcome of a send: SENT, a retry with exponential
// backoff, or FAILED after MaxAttempts.
func (s *Sender) record(ctx context.Context, c *ent.Client, m *ent.MailOutbox, serr error) error {
	u := c.MailOutbox.Update().Where(mailoutbox.ID(m.ID), mailoutbox.Attempts(m.Attempts)).AddAttempts(1)
	switch {
	case serr == nil:
		u.SetStatus(mailoutbox.StatusSENT).SetSentAt(s.now())
	case m.Attempts+1 >= MaxAttempts:
		u.SetStatus(mailoutbox.StatusFAILED).SetLastError(text.Cut(serr.Error(), text.NoteMax))
		s.Log.Error("mail failed for good", "mail", m.ID, "to", m.To, "error", serr)
	default:
		backoff := time.Duration(1<<m.Attempts) * 30 * time.Second
		u.SetLastError(text.Cut(serr.Error(), text.NoteMax)).SetNextAttemptAt(s.now().Add(backoff))
	}
	return u.Exec(ctx)
}
