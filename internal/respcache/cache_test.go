package respcache

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/redisx"
	"github.com/comptoir/comptoir/internal/testsrv"
	"github.com/comptoir/comptoir/internal/waitfor"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func entry(body string, tags ...string) *Entry {
	return &Entry{Body: []byte(body), Tags: tags, Stored: time.Now(), MaxAge: 60}
}

func body(t *testing.T, c *Cache, key string) string {
	t.Helper()
	e, ok := c.Get(context.Background(), key)
	if !ok {
		return ""
	}
	return string(e.Body)
}

func TestPurgeByTag(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20, Log: quiet})
	ctx := context.Background()
	c.Put(ctx, "a", entry("A", "p1", "Product"), c.Begin())
	c.Put(ctx, "b", entry("B", "p2"), c.Begin())
	if body(t, c, "a") != "A" || body(t, c, "b") != "B" {
		t.Fatal("entries not kept")
	}
	c.Purge(ctx, []string{"p1"})
	if body(t, c, "a") != "" || body(t, c, "b") != "B" {
		t.Fatalf("purge of p1: a=%q b=%q", body(t, c, "a"), body(t, c, "b"))
	}
}

// An answer computed while a purge of its tags came may hold the data
// before the change: it is not kept. One whose tags were not purged is.
func TestPurgeDuringComputationRefusesTheAnswer(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20, Log: quiet})
	ctx := context.Background()
	tk := c.Begin()
	c.Owe([]string{"p1"})
	c.Put(ctx, "a", entry("stale", "p1"), tk)
	c.Put(ctx, "b", entry("fine", "p2"), tk)
	if got := body(t, c, "a"); got != "" {
		t.Fatalf("an answer computed across a purge of its tag was kept: %q", got)
	}
	if got := body(t, c, "b"); got != "fine" {
		t.Fatalf("an answer whose tags were not purged was refused: %q", got)
	}
}

func TestExpiryAndByteBound(t *testing.T) {
	now := time.Now()
	c := New(Options{MaxBytes: 4 * 1000, Log: quiet, Now: func() time.Time { return now }})
	ctx := context.Background()
	e := entry("x")
	e.Stored, e.MaxAge = now, 10
	c.Put(ctx, "k", e, c.Begin())
	now = now.Add(11 * time.Second)
	if body(t, c, "k") != "" {
		t.Fatal("an expired entry was served")
	}
	big := string(make([]byte, 900))
	for i := range 10 {
		e := entry(big)
		e.Stored = now
		c.Put(ctx, fmt.Sprint(i), e, c.Begin())
	}
	if n := c.Len(); n >= 5 {
		t.Fatalf("%d entries of ~1 kB kept within 4 kB", n)
	}
	if body(t, c, "9") == "" {
		t.Fatal("the most recent entry was evicted")
	}
}

// Two caches sharing a Redis: what one keeps the other serves, a purge on
// either removes it from both, and a cache whose Redis is killed serves
// what it has in process or nothing (the request runs), never an error,
// and never reads Redis again before it has purged there what it missed.
func TestRedisLayer(t *testing.T) {
	rs := testsrv.StartRedis(t)
	open := func() *Cache {
		rdb, err := redisx.Open(rs.URL, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = rdb.Close() })
		return New(Options{MaxBytes: 1 << 20, Redis: rdb, Prefix: "t:", Log: quiet})
	}
	a, b := open(), open()
	ctx := context.Background()
	a.Put(ctx, "k", entry("A", "p1"), a.Begin())
	if got := body(t, b, "k"); got != "A" {
		t.Fatalf("B read %q from Redis, want A", got)
	}
	b.Purge(ctx, []string{"p1"})
	a.PurgeLocal([]string{"p1"}) // what the broker does on A
	if got := body(t, a, "k"); got != "" {
		t.Fatalf("A still serves a purged entry: %q", got)
	}

	a.Put(ctx, "k2", entry("two", "p2"), a.Begin())
	rs.Kill(t)
	b.Owe([]string{"p2"}) // a purge while Redis is down
	if got := body(t, b, "k2"); got != "" {
		t.Fatalf("B served %q with Redis down and its purge owed", got)
	}
	if got := body(t, a, "k2"); got != "two" {
		t.Fatalf("A lost its in-process entry with Redis down: %q", got)
	}
	rs.Start(t)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go b.Run(runCtx)
	waitfor.Cond(t, "B to pay its purge to Redis", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.owed) == 0
	})
	if got := body(t, b, "k2"); got != "" {
		t.Fatalf("B served %q after Redis came back", got)
	}
	if tags := entry("x", "b", "a").Tags; !slices.Equal(tags, []string{"b", "a"}) {
		t.Fatal(tags)
	}
}
