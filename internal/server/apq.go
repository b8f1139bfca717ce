package server

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/redisx"
)

// Persisted queries (APQ): a client sends a query's SHA-256 hash instead
// of the query once the server knows it. With REDIS_URL the hashes are
// shared by every instance, so a hash registered on one is served by all;
// each instance also keeps the ones it has seen in memory.
const (
	apqPrefix    = "comptoir:apq:"
	apqTTL       = 24 * time.Hour
	apqTimeout   = 250 * time.Millisecond
	apqLocalSize = 1000
)

// apqCache is a graphql.Cache of persisted queries over Redis, in front of
// an in-process LRU. Redis failing never fails a request: the LRU answers,
// and a hash Redis cannot give is PERSISTED_QUERY_NOT_FOUND, which clients
// answer by sending the query. Redis being down is logged once by its
// client (and costs nothing while it lasts); other failures at WARN.
type apqCache struct {
	rdb   *redisx.Client
	local *lru.LRU[string]
	log   *slog.Logger
}

var _ graphql.Cache[string] = (*apqCache)(nil)

func newAPQCache(rdb *redisx.Client, log *slog.Logger) *apqCache {
	return &apqCache{rdb: rdb, local: lru.New[string](apqLocalSize), log: log}
}

// Get looks in memory, then in Redis (remembering what it finds there).
func (c *apqCache) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := c.local.Get(ctx, hash); ok {
		return q, true
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), apqTimeout)
	defer cancel()
	var q string
	err := c.rdb.Do(ctx, func(ctx context.Context) (err error) {
		q, err = c.rdb.Get(ctx, apqPrefix+hash).Result()
		return err
	})
	switch {
	case errors.Is(err, redis.Nil), errors.Is(err, redisx.ErrDown):
		return "", false
	case err != nil:
		c.log.Warn("persisted queries: Redis failed, using this instance's cache", "op", "get", "err", err)
		return "", false
	}
	c.local.Add(ctx, hash, q)
	return q, true
}

// Add keeps the query in memory and in Redis for apqTTL.
func (c *apqCache) Add(ctx context.Context, hash, query string) {
	c.local.Add(ctx, hash, query)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), apqTimeout)
	defer cancel()
	err := c.rdb.Do(ctx, func(ctx context.Context) error { return c.rdb.Set(ctx, apqPrefix+hash, query, apqTTL).Err() })
	if err != nil && !errors.Is(err, redisx.ErrDown) {
		c.log.Warn("persisted queries: Redis failed, using this instance's cache", "op", "add", "err", err)
	}
}

// persistedQueries returns the APQ cache: shared through Redis with
// REDIS_URL, in process otherwise.
func (s *Server) persistedQueries() graphql.Cache[string] {
	if s.redis == nil {
		return lru.New[string](apqLocalSize)
	}
	return newAPQCache(s.redis, s.log)
}
