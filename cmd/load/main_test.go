package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/seed"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

func TestLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		ips []string
		ok  bool
	}{
		{[]string{"127.0.0.1"}, true},
		{[]string{"127.8.9.10"}, true},
		{[]string{"::1"}, true},
		{[]string{"::ffff:127.0.0.1"}, true},
		{[]string{"127.0.0.1", "::1"}, true},
		{[]string{"10.0.0.1"}, false},
		{[]string{"192.168.1.1"}, false},
		{[]string{"8.8.8.8"}, false},
		{[]string{"0.0.0.0"}, false},
		{[]string{"::"}, false},
		{[]string{"2001:db8::1"}, false},
		{[]string{"127.0.0.1", "93.184.216.34"}, false}, // one address elsewhere is enough to refuse
		{nil, false},
	} {
		var ips []net.IP
		for _, s := range tc.ips {
			ips = append(ips, net.ParseIP(s))
		}
		if err := loopbackOnly("host", ips); (err == nil) != tc.ok {
			t.Errorf("%v: err %v, want ok=%v", tc.ips, err, tc.ok)
		}
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, target := range []string{"http://10.1.2.3:8080/graphql", "http://[2001:db8::1]/graphql", "http:///graphql"} {
		o, err := parseFlags([]string{"-url", target, "-n", "1"}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := run(context.Background(), o, io.Discard); err == nil {
			t.Errorf("%s: load was sent", target)
		}
	}
	o, err := parseFlags([]string{"-w", "W1", "-handwritten", "-db", "postgres://u@10.1.2.3/shop"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), o, io.Discard); err == nil || !strings.Contains(err.Error(), "-db") {
		t.Errorf("a database elsewhere: %v", err)
	}
}

func TestFlagsAreBounded(t *testing.T) {
	for _, args := range [][]string{{"-d", "11m"}, {"-d", "0s"}, {"-c", "0"}, {"-c", "5000"}, {"-n", "-1"}, {"-w", "W9"}, {"-cache", "maybe"}, {"-handwritten", "-db", ""}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// TestWorkloads runs every workload, cached and not, for a bounded number
// of requests against a server holding the demo catalog, and the
// hand-written W1 handler on PostgreSQL: each reports its requests and no
// error.
func TestWorkloads(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := seed.Demo(ctx, st); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		const n = 12
		for _, cache := range []string{"hit", "bust"} {
			o, err := parseFlags([]string{"-url", ts.URL + "/graphql", "-c", "3", "-n", "12", "-d", "5m", "-warmup", "0s", "-pages", "2", "-cache", cache}, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			client := newClient(o.conc)
			cat, err := fetchCatalog(ctx, client, o.target, o.pages)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range o.workloads {
				res, err := load(ctx, client, o, workloads[name](o.target, cat, o.bust))
				if err != nil {
					t.Fatal(err)
				}
				if res.errors != 0 || res.steps != n || len(res.lat) != n*res.w.steps {
					t.Errorf("%s cache=%s: %d steps, %d requests, %d errors (%v), want %d steps, no error", name, cache, res.steps, len(res.lat), res.errors, res.firstErr, n)
				}
			}
		}
		if st.Dialect != dialect.Postgres {
			return
		}
		url, stop, err := serveHandwrittenDB(st.DB)
		if err != nil {
			t.Fatal(err)
		}
		defer stop()
		o, _ := parseFlags([]string{"-c", "2", "-n", "6", "-warmup", "0s"}, io.Discard)
		res, err := load(ctx, newClient(2), o, handwrittenW1(url))
		if err != nil {
			t.Fatal(err)
		}
		if res.errors != 0 || len(res.lat) != 6 {
			t.Errorf("hand-written W1: %d requests, %d errors (%v)", len(res.lat), res.errors, res.firstErr)
		}
	})
}

// TestOutput runs the command's whole path once and checks what it prints.
func TestOutput(t *testing.T) {
	st := testdb.Open(t, dialect.SQLite)
	if _, err := seed.Demo(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Load(func(string) string { return "" })
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	o, err := parseFlags([]string{"-url", ts.URL + "/graphql", "-c", "2", "-n", "4", "-d", "5m", "-warmup", "0s", "-pages", "1"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"W1 listing", "W2 product by slug", "W3 search", "W4 guest cart", "flows/s", "p50", "p99", "errors 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Count(out.String(), "errors 0") != 4 {
		t.Errorf("not every workload without errors:\n%s", out.String())
	}
}
