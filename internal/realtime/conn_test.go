package realtime

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/waitfor"
)

// A subscriber that stops reading is dropped: its connection ends with a
// reason, and the hub forgets it, while others go on.
func TestSlowSubscriberClosesItsConnectionWithAReason(t *testing.T) {
	s := &Service{Hub: pubsub.NewHub(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	conn := NewConn(WithCloseFrame(context.Background()), 5)
	echo := func(_ context.Context, m pubsub.Message) (string, bool) { return m.ID, true }
	out, err := stream(conn, s, []string{"all"}, []string{"X"}, echo)
	if err != nil {
		t.Fatal(err)
	}
	other, cancel := context.WithCancel(context.Background())
	defer cancel()
	fast, _ := stream(other, s, []string{"all"}, []string{"X"}, echo)
	send := func(i int) {
		id := strconv.Itoa(i)
		s.Hub.Deliver(pubsub.Message{ID: id, Type: "X"})
		if got := <-fast; got != id {
			t.Fatalf("fast subscriber got %s at %d", got, i)
		}
	}
	send(1)
	waitfor.Cond(t, "the slow subscriber's first update to be ready", func() bool { return len(out) == 1 })
	// It holds one more outside its hub buffer (waiting to be taken): the
	// next Buffer fill the buffer and the one after overflows it.
	for i := 2; i <= pubsub.Buffer+3; i++ {
		send(i)
	}
	select {
	case <-conn.Done():
	case <-time.After(waitfor.Bound):
		t.Fatal("the slow subscriber's connection is still open")
	}
	if r, _ := conn.reason.Load(), 0; r == nil {
		t.Fatal("no close reason")
	}
	f := conn.Value(frameKey{}).(*closeFrame)
	if f.code != CloseTooSlow || f.reason != "subscriber too slow: dropped" {
		t.Fatalf("close frame %d %q", f.code, f.reason)
	}
	if <-out != "1" {
		t.Fatal("the slow subscriber should have kept its first update")
	}
}

func TestSubscriptionsPerConnectionAreBounded(t *testing.T) {
	s := &Service{Hub: pubsub.NewHub(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	conn := NewConn(context.Background(), 2)
	defer conn.Close(1000, "test over")
	load := func(_ context.Context, m pubsub.Message) (string, bool) { return m.ID, true }
	for i := 0; i < 2; i++ {
		if _, err := stream(conn, s, []string{"all"}, nil, load); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := stream(conn, s, []string{"all"}, nil, load); err == nil {
		t.Fatal("a third subscription was accepted")
	}
}

// A close reason fits the 123 bytes of a close frame, cut between runes
// (a long operation id in "Subscriber for <id> already exists").
func TestCloseReasonFitsTheFrame(t *testing.T) {
	for _, reason := range []string{"Forbidden", strings.Repeat("é", 100), "Subscriber for " + strings.Repeat("x", 200) + " already exists"} {
		got := fitReason(reason)
		if len(got) > 123 || !utf8.ValidString(got) || !strings.HasPrefix(reason, got) {
			t.Fatalf("%q cut to %q (%d bytes)", reason, got, len(got))
		}
		if len(reason) <= 123 && got != reason {
			t.Fatalf("%q was cut", reason)
		}
	}
}
