package notify_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/notify"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

type failing struct{}

func (failing) Send(context.Context, notify.Message) error { return errors.New("421 try later") }

// The sender's step says when it next needs to run, from the data: after a
// failed send, when the retry is due; with nothing pending, never (zero:
// only a wake, an enqueued mail, brings work).
func TestSenderStepReturnsNextDue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		s := &notify.Sender{St: st.Background(), Mailer: failing{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Now: func() time.Time { return now }}
		if n, next, err := s.Step(ctx, now, 20); err != nil || n != 0 || !next.IsZero() {
			t.Fatalf("empty queue: %d %v %v", n, next, err)
		}
		if err := notify.Enqueue(ctx, st.Client, st.Dialect, "k1", "test", notify.Message{To: "a@example.com", Subject: "s", Text: "t"}, now); err != nil {
			t.Fatal(err)
		}
		n, next, err := s.Step(ctx, now, 20)
		if err != nil || n != 1 || !next.Equal(now.Add(30*time.Second)) {
			t.Fatalf("after a failed send: %d %v %v, want 1 and the retry at +30s", n, next, err)
		}
		// Not due yet: nothing is sent, and the same due time comes back.
		if n, again, err := s.Step(ctx, now.Add(29*time.Second), 20); err != nil || n != 0 || !again.Equal(next) {
			t.Fatalf("before the retry: %d %v %v", n, again, err)
		}
	})
}
