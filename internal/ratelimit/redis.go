package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Counter shared by every instance through Redis. A window is a
// key with an expiry: INCR, then EXPIRE NX, in one transaction.
type Redis struct {
	Client *redis.Client
	Prefix string
}

// Hit implements Counter.
func (r *Redis) Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	k := r.Prefix + key
	var incr *redis.IntCmd
	var ttl *redis.DurationCmd
	_, err := r.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, k)
		p.ExpireNX(ctx, k, window)
		ttl = p.PTTL(ctx, k)
		return nil
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
	_, err := r.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		get = p.Get(ctx, k)
		ttl = p.PTTL(ctx, k)
		return nil
	})
	if err != nil && err != redis.Nil {
		return 0, 0, fmt.Errorf("rate limit: %w", err)
	}
	n, _ := get.Int()
	return n, max(ttl.Val(), 0), nil
}

// Reset implements Counter.
func (r *Redis) Reset(ctx context.Context, key string) error {
	return r.Client.Del(ctx, r.Prefix+key).Err()
}
