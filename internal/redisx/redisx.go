// Package redisx opens Comptoir's Redis client and keeps track of whether
// Redis answers, so that Redis stays optional at run time: every user of it
// (sign-in throttling, persisted queries, real-time fan-out) calls through
// Do, which fails at once with ErrDown while Redis is known to be down, and
// each user falls back to what this instance can do alone.
//
// Commands have short timeouts and are never retried by go-redis: a Redis
// that stops answering costs one request a few hundred milliseconds, after
// which the client is marked down, logged once at WARN, and probed in the
// background until it answers again (logged once at INFO).
package redisx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Timeout bounds dialing, each read and write, and the wait for a pooled
// connection. Redis answers in well under a millisecond on a healthy
// network: a command that takes this long is treated as Redis being down.
const Timeout = 300 * time.Millisecond

// ProbeEvery is how often a Redis marked down is pinged.
const ProbeEvery = 250 * time.Millisecond

// ErrDown is returned (wrapped) by Do while Redis is unavailable.
var ErrDown = errors.New("redis unavailable")

// Client is a go-redis client with a health flag.
type Client struct {
	*redis.Client
	log  *slog.Logger
	down atomic.Bool

	mu      sync.Mutex // guards closed and probing.Add
	closed  bool
	stop    chan struct{}
	probing sync.WaitGroup
}

// Options returns go-redis options for url with Comptoir's timeouts: one
// dial attempt, no command retries.
func Options(url string) (*redis.Options, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout = Timeout, Timeout, Timeout, Timeout
	opt.DialerRetries = 1
	opt.MaxRetries = -1 // none: a retry storm against a dead Redis is what we avoid
	return opt, nil
}

// Open returns a client of the Redis at url. It does not connect: Redis may
// be down when Comptoir starts, and the first command finds out.
func Open(url string, log *slog.Logger) (*Client, error) {
	opt, err := Options(url)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Client{Client: redis.NewClient(opt), log: log, stop: make(chan struct{})}, nil
}

// Up reports whether Redis is believed to answer.
func (c *Client) Up() bool { return !c.down.Load() }

// Do runs fn with the client unless Redis is known to be down. A failure to
// reach Redis (not a reply such as redis.Nil or a command error) marks it
// down; the error returned then wraps ErrDown.
func (c *Client) Do(ctx context.Context, fn func(ctx context.Context) error) error {
	if c.down.Load() {
		return ErrDown
	}
	err := fn(ctx)
	if Unreachable(ctx, err) {
		c.MarkDown(err)
		return fmt.Errorf("%w: %w", ErrDown, err)
	}
	return err
}

// Unreachable reports whether err says that Redis could not be reached
// (as opposed to success, a reply of Redis, or the caller giving up).
func Unreachable(ctx context.Context, err error) bool {
	if err == nil || errors.Is(err, redis.Nil) || ctx.Err() != nil {
		return false
	}
	var reply redis.Error
	return !errors.As(err, &reply)
}

// MarkDown records that Redis failed (logged once per outage) and probes
// it until it answers again.
func (c *Client) MarkDown(err error) {
	if !c.down.CompareAndSwap(false, true) {
		return
	}
	c.log.Warn("Redis unavailable: sign-in throttling, persisted queries and real-time delivery fall back to this instance until it answers",
		"addr", c.Options().Addr, "err", err)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.probing.Add(1)
	go func() {
		defer c.probing.Done()
		c.probe()
	}()
}

func (c *Client) probe() {
	t := time.NewTicker(ProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			c.down.Store(false)
			c.log.Info("Redis available again", "addr", c.Options().Addr)
			return
		}
	}
}

// Close stops probing and closes the client.
func (c *Client) Close() error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.stop)
	}
	c.mu.Unlock()
	c.probing.Wait()
	return c.Client.Close()
}
