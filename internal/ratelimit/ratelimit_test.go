package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func counters(t *testing.T) map[string]Counter {
	out := map[string]Counter{"memory": NewMemory()}
	u := os.Getenv("TEST_REDIS_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TEST_REDIS_URL is not set: CI must run the Redis tests")
		}
		t.Log("Redis counter not tested: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
		return out
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	// A prefix of its own keeps parallel test runs apart.
	out["redis"] = &Redis{Client: c, Prefix: "test:" + hex.EncodeToString(b) + ":"}
	return out
}

func TestCounters(t *testing.T) {
	ctx := context.Background()
	for name, c := range counters(t) {
		t.Run(name, func(t *testing.T) {
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
	// not extended by later ones.
	for name, c := range counters(t) {
		if name != "redis" {
			continue
		}
		_, first, err := c.Hit(ctx, "short", 2*time.Second)
		if err != nil || first <= 0 || first > 2*time.Second {
			t.Fatalf("first hit: ttl %v, %v", first, err)
		}
		_, second, _ := c.Hit(ctx, "short", time.Hour)
		if second > 2*time.Second {
			t.Fatalf("a later hit extended the window to %v", second)
		}
	}
}
