package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/comptoir/comptoir/internal/server"
)

// serveMetrics starts the listener of its own that serves /metrics
// (COMPTOIR_METRICS_ADDR), off the public one; its error, if it stops
// serving, goes to errc. The returned function shuts it down.
func serveMetrics(addr string, app *server.Server, log *slog.Logger, errc chan<- error) (func(context.Context) error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (COMPTOIR_METRICS_ADDR): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", app.MetricsHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("metrics listener: %w", err)
		}
	}()
	log.Info("metrics listener", "metrics", "http://"+displayAddr(ln.Addr())+"/metrics")
	return srv.Shutdown, nil
}
