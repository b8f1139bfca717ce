package ratelimit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/redisx"
)

// down is a shared counter whose Redis is down.
type down struct{}

func (down) Hit(context.Context, string, time.Duration) (int, time.Duration, error) {
	return 0, 0, fmt.Errorf("rate limit: %w", redisx.ErrDown)
}
func (down) Count(context.Context, string) (int, time.Duration, error) {
	return 0, 0, fmt.Errorf("rate limit: %w", redisx.ErrDown)
}
func (down) Reset(context.Context, string) error { return fmt.Errorf("rate limit: %w", redisx.ErrDown) }

// With the shared counter down, counts go on in process: no error reaches
// the caller (sign-in would answer INTERNAL), and the limits still hold.
func TestFailoverCountsInProcess(t *testing.T) {
	ctx := context.Background()
	f := &Failover{Shared: down{}, Local: NewMemory()}
	for i := 1; i <= 3; i++ {
		if n, left, err := f.Hit(ctx, "k", time.Minute); err != nil || n != i || left <= 0 {
			t.Fatalf("hit %d: %d %v %v", i, n, left, err)
		}
	}
	if n, _, err := f.Count(ctx, "k"); err != nil || n != 3 {
		t.Fatalf("count %d %v", n, err)
	}
	if err := f.Reset(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := f.Count(ctx, "k"); n != 0 {
		t.Fatalf("after reset %d", n)
	}
}
