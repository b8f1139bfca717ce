package resolvers_test

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/redisx"
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
func testRedis(t *testing.T) *redisx.Client {
	t.Helper()
	c, err := redisx.Open(testenv.RedisURL(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
