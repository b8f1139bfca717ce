// Package testenv decides what a test does when the machine lacks something
// it needs (a PostgreSQL or Redis server, Node with the npm clients): it
// skips with one line saying how to provide it, and under CI (env CI set)
// it fails instead, because CI must run every test.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EnvRedis names the variable holding the URL of a Redis server for tests.
const EnvRedis = "TEST_REDIS_URL"

// Missing skips t with one line (or fails it under CI): what is missing,
// then how to provide it.
func Missing(t testing.TB, what, how string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s: CI must run this test (%s)", what, how)
	}
	t.Skipf("skipped, %s: %s", what, how)
}

// RedisURL returns TEST_REDIS_URL, or skips (fails under CI) without it.
func RedisURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvRedis)
	if u == "" {
		Missing(t, EnvRedis+" is not set", "set it, e.g. "+EnvRedis+"=redis://127.0.0.1:6379/0")
	}
	return u
}

// Node returns the node executable after checking that the npm packages of
// dir (a folder with package.json, such as clients/node) are installed, or
// skips (fails under CI). Tests never install them: that needs the network.
func Node(t testing.TB, dir string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(t, "node is not installed", "install Node.js, then run npm ci --prefix "+dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		Missing(t, dir+"/node_modules is absent", "run npm ci --prefix "+dir)
	}
	return node
}
