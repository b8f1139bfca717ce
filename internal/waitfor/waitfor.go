// Package waitfor lets tests wait for a condition instead of sleeping: a
// test never assumes that something happens within a fixed delay, it waits
// until it has happened. The only time limit is Bound, a failure bound
// generous enough for a loaded machine, never a latency target (speed is
// measured in benchmarks).
package waitfor

import (
	"context"
	"testing"
	"time"
)

// Bound is how long a test waits for what must happen before it fails.
const Bound = 60 * time.Second

// poll is how often Cond looks again.
const poll = 5 * time.Millisecond

// Cond waits until cond holds, failing t after Bound with what it waited
// for.
func Cond(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !Try(Bound, cond) {
		t.Fatalf("timed out after %v waiting for %s", Bound, what)
	}
}

// Try waits until cond holds or limit passes, and reports whether it held.
func Try(limit time.Duration, cond func() bool) bool {
	if cond() {
		return true
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return true
			}
		case <-deadline.C:
			return cond()
		}
	}
}

// Context returns a context that ends after Bound or with the test, for
// reads that block until something arrives.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Bound)
	t.Cleanup(cancel)
	return ctx
}
