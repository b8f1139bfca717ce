package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/redisx"
	"github.com/comptoir/comptoir/internal/testenv"
)

// counters are the Counters under test, each made inside its subtest: the
// Redis one skips (fails under CI) without TEST_REDIS_URL.
func counters() map[string]func(t *testing.T) Counter {
	return map[string]func(t *testing.T) Counter{
		"memory": func(*testing.T) Counter { return NewMemory() },
		"redis":  redisCounter,
	}
}

func redisCounter(t *testing.T) Counter {
	c, err := redisx.Open(testenv.RedisURL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	// A prefix of its own keeps parallel test runs apart.
	return &Redis{Client: c, Prefix: "test:" + hex.EncodeToString(b) + ":"}
}

func TestCounters(t *testing.T) {
	ctx := context.Background()
	for name, counter := range counters() {
		t.Run(name, func(t *testing.T) {
			c := counter(t)
			for i := 1; i <= 3; i++ {
				n, left, err := c.Hit(ctx, "k", time.Minute)
				if err != nil || n != i || left <= 0 || left > time.Minute {
					t.Fatalf("hit %d: %d %v %v", i, n, left, err)
				}
			}
			if n, _, _ := c.Count(ctx, "k"); n != 3 {
				t.Fatalf("count %d", n)
			}
			if n, _, _ := c.Count(ctx, "other"); n != 0 {
				t.Fatalf("other key counted %d", n)
			}
			if err := c.Reset(ctx, "k"); err != nil {
				t.Fatal(err)
			}
			if n, _, _ := c.Count(ctx, "k"); n != 0 {
				t.Fatalf("after reset %d", n)
			}
		})
	}
}

func TestWindowsExpire(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := NewMemory()
	m.Now = func() time.Time { return now }
	m.Hit(ctx, "k", time.Minute)
	m.Hit(ctx, "k", time.Minute)
	now = now.Add(61 * time.Second)
	if n, _, _ := m.Hit(ctx, "k", time.Minute); n != 1 {
		t.Fatalf("a new window starts at 1, got %d", n)
	}
	// Redis expires the window itself: its TTL is set on the first hit and
	// not extended by later ones. (Windows of an hour: none expires while
	// the test runs, however slow the machine.)
	t.Run("redis", func(t *testing.T) {
		c := redisCounter(t)
		_, first, err := c.Hit(ctx, "long", time.Hour)
		if err != nil || first <= 0 || first > time.Hour {
			t.Fatalf("first hit: ttl %v, %v", first, err)
		}
		_, second, _ := c.Hit(ctx, "long", 2*time.Hour)
		if second > time.Hour {
			t.Fatalf("a later hit extended the window to %v", second)
		}
	})
}
