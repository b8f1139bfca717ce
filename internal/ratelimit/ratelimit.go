// Package ratelimit counts events per key in fixed windows: in Redis when
// configured, so that every instance shares the counts, in memory otherwise.
package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Counter counts hits per key within a window.
type Counter interface {
	// Hit adds one to key and returns the count in the current window and
	// the time left in it.
	Hit(ctx context.Context, key string, window time.Duration) (int, time.Duration, error)
	// Count returns the count in the current window without adding to it.
	Count(ctx context.Context, key string) (int, time.Duration, error)
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// Memory is an in-process Counter.
type Memory struct {
	mu      sync.Mutex
	entries map[string]memEntry
	Now     func() time.Time
	sweeps  int
}

type memEntry struct {
	n   int
	end time.Time
}

// NewMemory returns an empty in-process counter.
func NewMemory() *Memory { return &Memory{entries: map[string]memEntry{}} }

func (m *Memory) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Hit implements Counter.
func (m *Memory) Hit(_ context.Context, key string, window time.Duration) (int, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	e := m.entries[key]
	if !now.Before(e.end) {
		e = memEntry{end: now.Add(window)}
	}
	e.n++
	m.entries[key] = e
	if m.sweeps++; m.sweeps%1024 == 0 {
		for k, v := range m.entries {
			if !now.Before(v.end) {
				delete(m.entries, k)
			}
		}
	}
	return e.n, e.end.Sub(now), nil
}

// Count implements Counter.
func (m *Memory) Count(_ context.Context, key string) (int, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.entries[key]
	if !ok || !now.Before(e.end) {
		return 0, 0, nil
	}
	return e.n, e.end.Sub(now), nil
}

// Reset implements Counter.
func (m *Memory) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}
