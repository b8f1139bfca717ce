package server

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/redisx"
)

// With Redis down, persisted queries keep working from memory and the
// failure is a warning, not an error.
func TestAPQCacheFallsBackToMemory(t *testing.T) {
	// A loopback port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	rdb, err := redisx.Open("redis://"+addr, log)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	c := newAPQCache(rdb, log)
	ctx := context.Background()
	if _, ok := c.Get(ctx, "unknown"); ok {
		t.Fatal("an unknown hash was found")
	}
	c.Add(ctx, "h1", "{ __typename }")
	if q, ok := c.Get(ctx, "h1"); !ok || q != "{ __typename }" {
		t.Fatalf("Get after Add with Redis down: %q %v", q, ok)
	}
	if !strings.Contains(logs.String(), "level=WARN") || strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("want warnings only, got:\n%s", logs.String())
	}
}
