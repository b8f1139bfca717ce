package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"regexp"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's Prometheus collectors.
type Metrics struct {
	Registry        *prometheus.Registry
	DBQueries       prometheus.Counter
	RequestDuration *prometheus.HistogramVec
	HTTPRequests    *prometheus.CounterVec

	mu      sync.Mutex
	ops     map[string]bool // persisted operations' names seen so far
	allowed map[string]bool // COMPTOIR_METRICS_OPERATIONS
}

// maxOperations bounds the label values persisted operations can create
// (registering a persisted query is open to any client).
const maxOperations = 200

var opNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// allowOperations keeps these operation names as labels.
func (m *Metrics) allowOperations(names []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.allowed = make(map[string]bool, len(names))
	for _, n := range names {
		m.allowed[n] = true
	}
}

// operationLabel keeps the operation label's values bounded: a name a client
// makes up is "other", whatever it is. A name is its own label only when
// allowed by configuration, or when the operation came as a persisted query
// (the first 200 such names).
func (m *Metrics) operationLabel(name string, persisted bool) string {
	if name == "" {
		return "anonymous"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.allowed[name], m.ops[name]:
		return name
	case !persisted, !opNameRE.MatchString(name), len(m.ops) >= maxOperations:
		return "other"
	}
	m.ops[name] = true
	return name
}

// register adds a collector, once: several servers may share one Metrics.
func (m *Metrics) register(c prometheus.Collector) {
	if err := m.Registry.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			panic(err)
		}
	}
}

// MetricsHandler serves the Prometheus metrics, unauthenticated: mount it
// on a listener of its own (COMPTOIR_METRICS_ADDR).
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{})
}

// mountMetrics registers the pool and queue gauges and serves /metrics on
// the public mux when the configuration allows it (config.PublicMetrics),
// behind the bearer token when one is set.
func (s *Server) mountMetrics(mux *http.ServeMux) {
	s.metrics.allowOperations(s.cfg.Metrics.Operations)
	s.metrics.register(collectors.NewDBStatsCollector(s.store.DB, "comptoir"))
	s.metrics.register(newQueueCollector(s.store.Background(), s.log))
	if !s.cfg.PublicMetrics() {
		return
	}
	h := s.MetricsHandler()
	if tok := s.cfg.Metrics.Token; tok != "" {
		want := []byte("Bearer " + tok)
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	mux.Handle("GET /metrics", h)
}
