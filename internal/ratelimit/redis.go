package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/redisx"
)

// Redis is a Counter shared by every instance through Redis. A window is a
// key with an expiry: INCR, then EXPIRE NX, in one transaction. While Redis
// is down its methods fail at once with redisx.ErrDown: wrap it in Failover.
type Redis struct {
	Client *redisx.Client
	Prefix string
}

// Hit implements Counter.
func (r *Redis) Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	k := r.Prefix + key
	var incr *redis.IntCmd
	var ttl *redis.DurationCmd
	err := r.Client.Do(ctx, func(ctx context.Context) error {
		_, err := r.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
			incr = p.Incr(ctx, k)
			p.ExpireNX(ctx, k, window)
			ttl = p.PTTL(ctx, k)
			return nil
		})
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("rate limit: %w", err)
	}
	return int(incr.Val()), max(ttl.Val(), 0), nil
}

// Count implements Counter.
func (r *Redis) Count(ctx context.Context, key string) (int, time.Duration, error) {
	k := r.Prefix + key
	var get *redis.StringCmd
	var ttl *redis.DurationCmd
	err := r.Client.Do(ctx, func(ctx context.Context) error {
		_, err := r.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
			get = p.Get(ctx, k)
			ttl = p.PTTL(ctx, k)
			return nil
		})
		return err
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, 0, fmt.Errorf("rate limit: %w", err)
	}
	n, _ := get.Int()
	return n, max(ttl.Val(), 0), nil
}

// Reset implements Counter.
func (r *Redis) Reset(ctx context.Context, key string) error {
	return r.Client.Do(ctx, func(ctx context.Context) error { return r.Client.Del(ctx, r.Prefix+key).Err() })
}

// Failover counts in Shared (Redis) and, when Shared fails, in Local: while
// Redis is down each instance throttles on its own counts (the limits hold
// per instance instead of across them) and sign-in keeps working. Redis
// being down is logged once by its client; other failures are logged here.
type Failover struct {
	Shared Counter
	Local  *Memory
	Log    *slog.Logger
}

func (f *Failover) failed(op string, err error) {
	if !errors.Is(err, redisx.ErrDown) && f.Log != nil {
		f.Log.Warn("rate limit: shared counter failed, counting in process", "op", op, "err", err)
	}
}

// Hit implements Counter.
func (f *Failover) Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	n, left, err := f.Shared.Hit(ctx, key, window)
	if err == nil {
		return n, left, nil
	}
	f.failed("hit", err)
	return f.Local.Hit(ctx, key, window)
}

// Count implements Counter.
func (f *Failover) Count(ctx context.Context, key string) (int, time.Duration, error) {
	n, left, err := f.Shared.Count(ctx, key)
	if err == nil {
		// Hits counted here during an outage still count until their window
		// ends.
		if ln, lleft, _ := f.Local.Count(ctx, key); ln > n {
			return ln, lleft, nil
		}
		return n, left, nil
	}
	f.failed("count", err)
	return f.Local.Count(ctx, key)
}

// Reset implements Counter: both counts are forgotten.
func (f *Failover) Reset(ctx context.Context, key string) error {
	_ = f.Local.Reset(ctx, key)
	if err := f.Shared.Reset(ctx, key); err != nil {
		f.failed("reset", err)
	}
	return nil
}
