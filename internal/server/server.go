// Package server assembles Comptoir's HTTP handler: GraphQL at /graphql, the
// playground at /, Prometheus metrics at /metrics and health checks, behind
// request ids, access logs, a body-size limit and panic recovery.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/99designs/gqlgen/graphql/playground"

	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/loader"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/migrations"
)

// Server holds what the handler needs.
type Server struct {
	cfg     *config.Config
	store   *store.Store
	log     *slog.Logger
	metrics *Metrics
	handler http.Handler
}

// New builds the server. metrics may be shared with the store's counter
// (NewMetrics before store.Open).
func New(cfg *config.Config, st *store.Store, log *slog.Logger, m *Metrics) *Server {
	s := &Server{cfg: cfg, store: st, log: log, metrics: m}
	cat := catalog.New(st, cfg.Currency)

	mux := http.NewServeMux()
	gql := s.graphQL(cat)
	mux.Handle("/graphql", s.limitBody(loader.Middleware(st.Client, gql)))
	if cfg.Playground {
		mux.Handle("GET /{$}", playground.Handler("Comptoir", "/graphql"))
	}
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	s.handler = s.requestLog(s.recoverPanics(mux))
	return s
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// ready reports whether the store answers and every migration is applied.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: store unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","reason":"store unreachable"}`))
		return
	}
	n, err := migrations.Pending(ctx, s.store.DB, s.store.Dialect)
	if err != nil || n > 0 {
		s.log.Warn("readiness: migrations", "pending", n, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","reason":"migrations pending"}`))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ready"}`))
}

// NewMetrics registers Comptoir's metrics on a fresh registry.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		DBQueries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "comptoir_db_queries_total",
			Help: "SQL statements sent to the database.",
		}),
		RequestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "comptoir_graphql_request_duration_seconds",
			Help:    "Duration of GraphQL requests by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"operation"}),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "comptoir_http_requests_total",
			Help: "HTTP requests by status code.",
		}, []string{"code"}),
		ops: map[string]bool{},
	}
	reg.MustRegister(m.DBQueries, m.RequestDuration, m.HTTPRequests,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}
