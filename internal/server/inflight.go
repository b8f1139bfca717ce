package server

import (
	"net/http"
	"strings"
	"sync/atomic"
)

// inFlight lets at most n queries and mutations execute at once; the others
// wait for a slot (or for their client to leave). gqlgen runs a request's
// fields and list elements in goroutines of their own, a few hundred for a
// product listing, so executing 64 listings at once on 2 cores buys no
// throughput and costs tens of MB of stacks and heap: the bound is what keeps
// the process small under load. Subscriptions (WebSocket upgrades and SSE)
// live as long as their connection and are not counted.
type inFlight struct {
	slots   chan struct{}
	waiting atomic.Int64 // requests waiting for a slot, for tests and metrics
	next    http.Handler
}

// limitInFlight bounds next to n executing requests; n <= 0 (a Config
// built by hand rather than by config.Load) means no bound.
func limitInFlight(n int, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	return &inFlight{slots: make(chan struct{}, n), next: next}
}

func (l *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		l.next.ServeHTTP(w, r)
		return
	}
	select {
	case l.slots <- struct{}{}:
	default:
		l.waiting.Add(1)
		select {
		case l.slots <- struct{}{}:
			l.waiting.Add(-1)
		case <-r.Context().Done():
			l.waiting.Add(-1)
			return // the client left: nobody reads an answer
		}
	}
	defer func() { <-l.slots }()
	l.next.ServeHTTP(w, r)
}
