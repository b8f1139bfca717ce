package resolvers_test

import (
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testenv"
)

// redisLimits returns options for a server whose rate limits live in the
// Redis of TEST_REDIS_URL, under a key prefix of the test's own.
func redisLimits(t *testing.T) []apitest.Option {
	c := testRedis(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return []apitest.Option{apitest.WithServerOptions(server.WithLimits(&ratelimit.Redis{Client: c, Prefix: "test:" + hex.EncodeToString(b) + ":"}))}
}

// testRedis is a client of TEST_REDIS_URL, closed with the test; without
// it the test skips (fails in CI).
func testRedis(t *testing.T) *redis.Client {
	t.Helper()
	u := testenv.RedisURL(t)
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	return c
}
