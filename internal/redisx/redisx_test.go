package redisx_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/redisx"
	"github.com/comptoir/comptoir/internal/testsrv"
	"github.com/comptoir/comptoir/internal/waitfor"
)

type logs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logs) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Redis killed: the first command fails and marks it down (one WARN), the
// next ones fail at once with ErrDown without touching the network; Redis
// restarted, the client finds it again (one INFO) and commands work.
func TestOutageIsDetectedOnceAndEnds(t *testing.T) {
	rs := testsrv.StartRedis(t)
	var l logs
	c, err := redisx.Open(rs.URL, slog.New(slog.NewTextHandler(&l, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	set := func(ctx context.Context) error { return c.Set(ctx, "k", "v", time.Minute).Err() }
	if err := c.Do(ctx, set); err != nil || !c.Up() {
		t.Fatalf("with Redis up: %v", err)
	}

	rs.Kill(t)
	if err := c.Do(ctx, set); !errors.Is(err, redisx.ErrDown) || c.Up() {
		t.Fatalf("first command with Redis down: %v (up %v)", err, c.Up())
	}
	for i := 0; i < 100; i++ {
		if err := c.Do(ctx, func(context.Context) error { t.Fatal("Do called Redis while it is known down"); return nil }); !errors.Is(err, redisx.ErrDown) {
			t.Fatalf("while down: %v", err)
		}
	}
	if n := strings.Count(l.String(), "level=WARN"); n != 1 {
		t.Fatalf("%d warnings, want 1:\n%s", n, l.String())
	}

	rs.Start(t)
	waitfor.Cond(t, "the client to find Redis again", c.Up)
	if err := c.Do(ctx, set); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
	if n := strings.Count(l.String(), "Redis available again"); n != 1 {
		t.Fatalf("the return logged %d times:\n%s", n, l.String())
	}
}

// A reply of Redis (redis.Nil, a command error) is not an outage.
func TestRepliesAreNotOutages(t *testing.T) {
	rs := testsrv.StartRedis(t)
	c, err := redisx.Open(rs.URL, slog.New(slog.NewTextHandler(&logs{}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	_ = c.Do(ctx, func(ctx context.Context) error { return c.Get(ctx, "absent").Err() })
	_ = c.Do(ctx, func(ctx context.Context) error { return c.Client.Do(ctx, "NOSUCHCOMMAND").Err() })
	if !c.Up() {
		t.Fatal("a reply marked Redis down")
	}
}
