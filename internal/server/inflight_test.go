package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/comptoir/comptoir/internal/waitfor"
)

func TestInFlightBoundsExecutingRequests(t *testing.T) {
	const n = 3
	var executing atomic.Int64
	release := make(chan struct{})
	h := limitInFlight(n, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		executing.Add(1)
		defer executing.Add(-1)
		if r.Header.Get("Upgrade") == "" && r.Header.Get("Accept") == "" {
			<-release
		}
	}))
	l := h.(*inFlight)
	var wg, subs sync.WaitGroup
	serve := func(hdr ...string) {
		wg := &wg
		if len(hdr) > 0 {
			wg = &subs
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			for i := 0; i+1 < len(hdr); i += 2 {
				r.Header.Set(hdr[i], hdr[i+1])
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
		}()
	}
	for range n + 2 {
		serve()
	}
	waitfor.Cond(t, "n executing, 2 waiting", func() bool { return executing.Load() == n && l.waiting.Load() == 2 })
	// Subscriptions are not counted: they pass while every slot is taken.
	serve("Upgrade", "websocket")
	serve("Accept", "text/event-stream")
	subs.Wait()
	release <- struct{}{}
	waitfor.Cond(t, "a waiting request takes the freed slot", func() bool { return l.waiting.Load() == 1 && executing.Load() == n })
	close(release)
	wg.Wait()
	if l.waiting.Load() != 0 || len(l.slots) != 0 {
		t.Fatalf("after all: %d waiting, %d slots held", l.waiting.Load(), len(l.slots))
	}
}

func TestInFlightWaiterLeavesWithItsClient(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := limitInFlight(1, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	l := h.(*inFlight)
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	waitfor.Cond(t, "the slot taken", func() bool { return len(l.slots) == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil).WithContext(ctx))
	}()
	waitfor.Cond(t, "one waiting", func() bool { return l.waiting.Load() == 1 })
	cancel()
	<-done
	if l.waiting.Load() != 0 {
		t.Fatalf("%d still waiting", l.waiting.Load())
	}
}
