package pubsub

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/redisx"
	"github.com/comptoir/comptoir/internal/testsrv"
	"github.com/comptoir/comptoir/internal/waitfor"
)

// An instance started while Redis is down starts anyway, reads the outbox
// meanwhile (CatchUp, repeatedly), subscribes when Redis comes up, catches
// up once more, and from then on receives what another instance publishes.
// A message published while Redis is down reaches this instance's own
// subscribers at once.
func TestRedisDownAtStartThenBack(t *testing.T) {
	rs := testsrv.StartRedis(t)
	rs.Kill(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	open := func() *redisx.Client {
		c, err := redisx.Open(rs.URL, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, err := NewRedis(ctx, open(), log)
	if err != nil {
		t.Fatalf("start with Redis down: %v", err)
	}
	defer a.Close()
	var mu sync.Mutex
	var catchUps []time.Time
	a.SetCatchUp(func(_ context.Context, _ *Hub, since time.Time) error {
		mu.Lock()
		defer mu.Unlock()
		catchUps = append(catchUps, since)
		return nil
	})
	calls := func() int { mu.Lock(); defer mu.Unlock(); return len(catchUps) }
	if a.Subscribed() {
		t.Fatal("subscribed with Redis down")
	}
	waitfor.Cond(t, "the outbox to be read while Redis is down", func() bool { return calls() >= 2 })

	local := a.Hub().Subscribe("all")
	defer local.Close()
	if err := a.Publish(ctx, Message{ID: "evt-down"}); err != nil {
		t.Fatalf("publish with Redis down: %v", err)
	}
	if m := <-local.C; m.ID != "evt-down" {
		t.Fatalf("local delivery: %+v", m)
	}

	rs.Start(t)
	waitfor.Cond(t, "the subscription to Redis", a.Subscribed)
	b, err := NewRedis(ctx, open(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	waitfor.Cond(t, "b's client to be up", b.client.Up)
	if err := b.Publish(ctx, Message{ID: "evt-up"}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-local.C:
		if m.ID != "evt-up" {
			t.Fatalf("across instances: %+v", m)
		}
	case <-waitfor.Context(t).Done():
		t.Fatal("nothing came through Redis")
	}
}
