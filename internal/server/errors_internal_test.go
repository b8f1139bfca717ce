package server

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/config"
)

// A request its client abandoned (the connection closed mid-statement) is
// not an internal error: it is not answered INTERNAL nor logged at ERROR.
// A failure of ours while the client is still there still is.
func TestCanceledRequestIsNotInternal(t *testing.T) {
	var log bytes.Buffer
	s := &Server{cfg: &config.Config{}, log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	// As the load test's end left them: a statement cut short, a rollback
	// on the broken connection.
	for _, err := range []error{
		fmt.Errorf("create cart: %w", errors.Join(context.Canceled, errors.New("rollback: driver: bad connection"))),
		// database/sql rolled the transaction back when the context ended.
		fmt.Errorf("create cart: commit: %w", sql.ErrTxDone),
	} {
		gerr := s.presentError(gone, err)
		if code := gerr.Extensions["code"]; code != "UNAVAILABLE" {
			t.Errorf("a canceled request (%v) answered %v: %s", err, code, gerr.Message)
		}
		if strings.Contains(log.String(), "level=ERROR") {
			t.Errorf("a canceled request logged an error: %s", log.String())
		}
	}

	log.Reset()
	// A bug of ours that happens to meet a leaving client is still one.
	gerr := s.presentError(gone, errors.New("sql: expected 3 arguments, got 2"))
	if code := gerr.Extensions["code"]; code != "INTERNAL" || !strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("a bug during a canceled request: %v, log %q; want INTERNAL, logged at ERROR", code, log.String())
	}
	log.Reset()
	gerr = s.presentError(context.Background(), fmt.Errorf("load cart lines: %w", context.Canceled))
	if code := gerr.Extensions["code"]; code != "INTERNAL" || !strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("our own cancellation, the client still waiting: %v, log %q; want INTERNAL, logged at ERROR", code, log.String())
	}
}
