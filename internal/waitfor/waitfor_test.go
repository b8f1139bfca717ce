package waitfor

import (
	"sync/atomic"
	"testing"
)

func TestCondWaitsUntilItHolds(t *testing.T) {
	var n atomic.Int32
	Cond(t, "the third look", func() bool { return n.Add(1) >= 3 })
	if n.Load() != 3 {
		t.Fatalf("looked %d times, want 3", n.Load())
	}
}

func TestTryGivesUp(t *testing.T) {
	if Try(0, func() bool { return false }) {
		t.Fatal("a condition that never holds held")
	}
}
