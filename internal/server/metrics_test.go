package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

// scrape reads a metrics endpoint with an optional bearer token.
func scrape(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// value is the value of one exposition line ("name{labels} value").
func value(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no series %s in:\n%s", series, grepLines(body, "comptoir_"))
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func grepLines(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestOperationLabelsAreBounded(t *testing.T) {
	st := testdb.Open(t, "sqlite3")
	c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.Metrics.Operations = []string{"Listed"} }))
	var random []string
	for i := range 5 {
		name := fmt.Sprintf("Random%d_%d", i, time.Now().UnixNano())
		random = append(random, name)
		c.Query(t, "query "+name+" { __typename }", nil)
	}
	c.Query(t, "query Listed { __typename }", nil)
	// A persisted query (APQ): registered with its hash, then sent by hash.
	q := "query Persisted { __typename }"
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	for _, body := range []map[string]any{{"query": q, "extensions": ext}, {"extensions": ext}} {
		b, _ := json.Marshal(body)
		if r := c.Post(t, b); len(r.Errors) > 0 {
			t.Fatalf("persisted query: %s", r.Raw)
		}
	}
	code, body := c.Get(t, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics %d", code)
	}
	if v := value(t, body, `comptoir_graphql_request_duration_seconds_count{operation="other"}`); v != 5 {
		t.Errorf("other: %v requests, want 5", v)
	}
	if v := value(t, body, `comptoir_graphql_request_duration_seconds_count{operation="Listed"}`); v != 1 {
		t.Errorf("Listed: %v requests, want 1", v)
	}
	if v := value(t, body, `comptoir_graphql_request_duration_seconds_count{operation="Persisted"}`); v != 2 {
		t.Errorf("Persisted: %v requests, want 2", v)
	}
	for _, name := range random {
		if strings.Contains(body, name) {
			t.Errorf("made-up operation name %s became a label", name)
		}
	}
	if n := strings.Count(body, "comptoir_graphql_request_duration_seconds_count{"); n != 3 {
		t.Errorf("%d operation series, want 3 (other, Listed, Persisted):\n%s", n, grepLines(body, "comptoir_graphql_request_duration_seconds_count"))
	}
}

func TestMetricsPlacement(t *testing.T) {
	const token = "0123456789abcdef-metrics"
	cases := []struct {
		name       string
		set        func(*config.Config)
		public     int // status of the public /metrics without a token
		withToken  int // with the token (0: not tried)
		ownHandler bool
	}{
		{"development", func(*config.Config) {}, 200, 0, false},
		{"development with a listener of its own", func(c *config.Config) { c.Metrics.Addr = "127.0.0.1:0" }, 404, 0, true},
		{"production", func(c *config.Config) { c.Env = config.Production }, 404, 0, false},
		{"production with a token", func(c *config.Config) { c.Env = config.Production; c.Metrics.Token = token }, 401, 200, false},
		{"production with a listener of its own", func(c *config.Config) { c.Env = config.Production; c.Metrics.Addr = "127.0.0.1:0" }, 404, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := testdb.Open(t, "sqlite3")
			c := apitest.New(t, st, apitest.Config(tc.set))
			if code, _ := scrape(t, c.URL+"/metrics", ""); code != tc.public {
				t.Fatalf("public /metrics without token: %d, want %d", code, tc.public)
			}
			if tc.withToken != 0 {
				if code, _ := scrape(t, c.URL+"/metrics", "wrong-token-wrong-token"); code != 401 {
					t.Fatalf("public /metrics with a wrong token: %d", code)
				}
				code, body := scrape(t, c.URL+"/metrics", token)
				if code != tc.withToken || !strings.Contains(body, "comptoir_http_requests_total") {
					t.Fatalf("public /metrics with the token: %d", code)
				}
			}
			if tc.ownHandler {
				own := httptest.NewServer(c.Server.MetricsHandler())
				defer own.Close()
				if code, body := scrape(t, own.URL+"/metrics", ""); code != 200 || !strings.Contains(body, "comptoir_db_queries_total") {
					t.Fatalf("metrics listener: %d", code)
				}
			}
		})
	}
}

func TestPoolAndQueueGauges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		// No dispatcher: the outbox keeps what is written to it.
		c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.OutboxDispatch = false }))
		ctx := context.Background()
		_, body := c.Get(t, "/metrics")
		for _, series := range []string{
			`comptoir_mail_queue_pending`, `comptoir_webhook_queue_pending`,
			`comptoir_outbox_pending_events{outbox="order"}`, `comptoir_outbox_pending_events{outbox="domain"}`,
			`comptoir_outbox_oldest_pending_seconds{outbox="domain"}`,
		} {
			if v := value(t, body, series); v != 0 {
				t.Fatalf("%s = %v on an empty store", series, v)
			}
		}
		if v := value(t, body, `go_sql_max_open_connections{db_name="comptoir"}`); v < 1 {
			t.Fatalf("pool gauge: max open %v", v)
		}
		for _, series := range []string{`go_sql_in_use_connections{db_name="comptoir"}`, `go_sql_idle_connections{db_name="comptoir"}`,
			`go_sql_wait_count_total{db_name="comptoir"}`, `go_sql_wait_duration_seconds_total{db_name="comptoir"}`} {
			value(t, body, series)
		}

		// Not due before an hour: the workers leave them pending.
		later := time.Now().Add(time.Hour)
		cl := st.Client
		if _, err := cl.MailOutbox.Create().SetKey("metrics-test").SetKind("test").SetTo("a@example.com").
			SetSubject("s").SetText("t").SetHTML("h").SetNextAttemptAt(later).Save(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.MailOutbox.Create().SetKey("metrics-test-sent").SetKind("test").SetTo("a@example.com").
			SetSubject("s").SetText("t").SetHTML("h").SetStatus(mailoutbox.StatusSENT).SetNextAttemptAt(later).Save(ctx); err != nil {
			t.Fatal(err)
		}
		ep, err := cl.WebhookEndpoint.Create().SetURL("https://hooks.example.com/x").SetSecret("s").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := cl.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(fmt.Sprint("ev", i)).
				SetEventType("ORDER_CREATED").SetPayload("{}").SetNextAttemptAt(later).Save(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, age := range []time.Duration{time.Hour, time.Minute} {
			if _, err := cl.DomainEvent.Create().SetType("TEST").SetSubjectID("x").SetCreatedAt(time.Now().Add(-age)).Save(ctx); err != nil {
				t.Fatal(err)
			}
		}
		_, body = c.Get(t, "/metrics")
		if v := value(t, body, `comptoir_mail_queue_pending`); v != 1 {
			t.Errorf("mail queue %v, want 1 (one pending, one sent)", v)
		}
		if v := value(t, body, `comptoir_webhook_queue_pending`); v != 2 {
			t.Errorf("webhook queue %v, want 2", v)
		}
		if v := value(t, body, `comptoir_outbox_pending_events{outbox="domain"}`); v != 2 {
			t.Errorf("domain outbox %v pending, want 2", v)
		}
		// The oldest is an hour old, give or take the test's own run time.
		if v := value(t, body, `comptoir_outbox_oldest_pending_seconds{outbox="domain"}`); v < 3600 || v > 3600+300 {
			t.Errorf("oldest domain event %vs old, want about 3600", v)
		}
	})
}
