package server_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

// testRedisURL is TEST_REDIS_URL; without it the test skips (fails in CI).
func testRedisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("TEST_REDIS_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TEST_REDIS_URL is not set: CI must run the Redis tests")
		}
		t.Skip("Redis tests skipped: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
	}
	return u
}

// Two instances sharing one Redis: a query registered on A is served by
// hash on B, over POST and GET.
func TestPersistedQueriesSharedThroughRedis(t *testing.T) {
	ru := testRedisURL(t)
	st := testdb.Open(t, "sqlite3")
	withRedis := apitest.Config(func(c *config.Config) { c.RedisURL = ru })
	a := apitest.Seeded(t, st, withRedis)
	b := apitest.New(t, st, withRedis)

	// A query no earlier run registered: Redis keeps hashes for a day.
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	q := `query Shared { products(first: 2) { totalCount } } # ` + hex.EncodeToString(nonce)
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(c *apitest.Client, body map[string]any) *apitest.Response {
		raw, _ := json.Marshal(body)
		return c.Post(t, raw)
	}
	totalCount := func(r *apitest.Response) int {
		t.Helper()
		var out struct{ Products struct{ TotalCount int } }
		r.Decode(t, &out)
		return out.Products.TotalCount
	}

	if r := post(b, map[string]any{"extensions": ext}); len(r.Errors) == 0 || r.Errors[0].Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("an unregistered hash on B: %s", r.Raw)
	}
	if n := totalCount(post(a, map[string]any{"query": q, "extensions": ext})); n != 300 {
		t.Fatalf("registering on A: totalCount %d", n)
	}
	if n := totalCount(post(b, map[string]any{"extensions": ext})); n != 300 {
		t.Fatalf("the hash on B: totalCount %d", n)
	}
	extJSON, _ := json.Marshal(ext)
	req, _ := http.NewRequest(http.MethodGet, b.URL+"/graphql?extensions="+url.QueryEscape(string(extJSON)), nil)
	if n := totalCount(b.Do(t, req)); n != 300 {
		t.Fatalf("the hash over GET on B: totalCount %d", n)
	}
}
