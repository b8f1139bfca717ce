package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The GraphQL-over-HTTP rules the graphql-http audit (clients/audit_test.go)
// does not check, or checks only loosely: negotiation by q, 406, 415, 405
// with Allow, no data entry on request errors under either media type, APQ's
// 200, our guardrails' status. HTTP framing only, so SQLite alone.
func TestGraphQLOverHTTP(t *testing.T) {
	c := apitest.New(t, testdb.Open(t, dialect.SQLite))
	const (
		jsonType = "application/json"
		gqlType  = "application/graphql-response+json"
	)
	deep := `{ category(slug: "x") { ` + strings.Repeat("parent { ", 14) + "id" + strings.Repeat(" }", 14) + " } }"
	apq := `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("ab", 32) + `"}}}`
	for _, tc := range []struct {
		name, method, query, body, contentType, accept string
		status                                         int
		media                                          string // response Content-Type, "" when no GraphQL response
		data                                           string // "absent", "null" or "object"
		code, allow                                    string
	}{
		{name: "query", body: `{"query":"{ __typename }"}`, status: 200, media: jsonType, data: "object"},
		{name: "q decides", body: `{"query":"{ __typename }"}`, accept: "application/json;q=0.5, application/graphql-response+json", status: 200, media: gqlType, data: "object"},
		{name: "q=0 refuses", body: `{"query":"{ __typename }"}`, accept: "application/graphql-response+json;q=0, text/html", status: 406},
		{name: "nothing acceptable", body: `{"query":"{ __typename }"}`, accept: "text/html", status: 406},
		{name: "no content type", body: `{"query":"{ __typename }"}`, contentType: "-", status: 415, media: jsonType, data: "absent"},
		{name: "text body", body: `{ __typename }`, contentType: "text/plain", status: 415, media: jsonType, data: "absent"},
		{name: "not utf-8", body: `{"query":"{ __typename }"}`, contentType: "application/json; charset=iso-8859-1", status: 415, media: jsonType, data: "absent"},
		{name: "two JSON values", body: `{"query":"{ __typename }"} {}`, status: 400, media: jsonType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "query missing", body: `{"variables":{}}`, accept: gqlType, status: 400, media: gqlType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "parse error json", body: `{"query":"{"}`, accept: jsonType, status: 200, media: jsonType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "parse error graphql-response", body: `{"query":"{"}`, accept: gqlType, status: 400, media: gqlType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "unknown operation", body: `{"query":"query A { __typename }","operationName":"B"}`, accept: gqlType, status: 400, media: gqlType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "guardrail json", body: mustJSON(t, map[string]any{"query": deep}), status: 200, media: jsonType, data: "absent", code: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "guardrail graphql-response", body: mustJSON(t, map[string]any{"query": deep}), accept: gqlType, status: 400, media: gqlType, data: "absent", code: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "apq miss json", body: apq, status: 200, media: jsonType, data: "absent", code: "PERSISTED_QUERY_NOT_FOUND"},
		{name: "apq miss graphql-response", body: apq, accept: gqlType, status: 200, media: gqlType, data: "null", code: "PERSISTED_QUERY_NOT_FOUND"},
		{name: "get query", method: "GET", query: "query=" + url.QueryEscape("{ __typename }"), accept: gqlType, status: 200, media: gqlType, data: "object"},
		{name: "get mutation", method: "GET", query: "query=" + url.QueryEscape("mutation { __typename }"), status: 405, media: jsonType, data: "absent", allow: "POST"},
		{name: "get without query", method: "GET", query: "operationName=A", status: 400, media: jsonType, data: "absent", code: "BAD_USER_INPUT"},
		{name: "get variables not a map", method: "GET", query: "query=" + url.QueryEscape("{ __typename }") + "&variables=%5B1%5D", status: 400, media: jsonType, data: "absent"},
		{name: "put", method: "PUT", body: `{"query":"{ __typename }"}`, status: 405, allow: "OPTIONS, GET, POST"},
		{name: "head", method: "HEAD", status: 405, allow: "OPTIONS, GET, POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			req, err := http.NewRequest(method, c.URL+"/graphql?"+tc.query, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.contentType == "-":
			case tc.contentType != "":
				req.Header.Set("Content-Type", tc.contentType)
			case method == http.MethodPost || method == http.MethodPut:
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, raw)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			if tc.media == "" {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.media+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s", ct, tc.media)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Fatalf("body %s: %v", raw, err)
			}
			got := "absent"
			if data, has := body["data"]; has && string(data) == "null" {
				got = "null"
			} else if has {
				got = "object"
			}
			if got != tc.data {
				t.Errorf("data %s, want %s: %s", got, tc.data, raw)
			}
			if tc.code != "" {
				var errs []struct {
					Extensions struct{ Code string } `json:"extensions"`
				}
				_ = json.Unmarshal(body["errors"], &errs)
				if len(errs) == 0 || errs[0].Extensions.Code != tc.code {
					t.Errorf("code, want %s: %s", tc.code, raw)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A malformed request is answered with what is wrong with it, never with
// its body or parameters, which may hold passwords and tokens: over POST,
// over SSE (gqlgen's transport echoed the whole body, and logged it), and
// over GET.
func TestMalformedRequestsAreNotEchoed(t *testing.T) {
	c := apitest.New(t, testdb.Open(t, dialect.SQLite))
	const secret = "hunter2-s3cr3t-t0ken"
	bodies := []string{
		`{"query":"mutation { customerReset }","variables":{"password":"` + secret + `"`,         // cut short
		`{"query":"{ __typename }","variables":{"password":"` + secret + `"}} trailing`,          // two values
		`{"query":"{ __typename }","variables":["` + secret + `"]}`,                              // wrong type
		`{"query":"{ __typename }","variables":{"password":"` + secret + `"},"operationName":7}`, // wrong type
		`{"query":"{ __typename }", "` + secret + `"}`,                                           // syntax
		`{"query":"{ __typename }","variables":{"password":"` + secret + "\xff" + `"}}`,          // not UTF-8
	}
	for _, accept := range []string{"application/json", "text/event-stream"} {
		for _, body := range bodies {
			req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", accept)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || !strings.Contains(string(b), "BAD_USER_INPUT") || strings.Contains(string(b), secret) {
				t.Errorf("%s %q: %d %s", accept, body, resp.StatusCode, b)
			}
		}
	}
	for _, q := range []string{
		"query=" + url.QueryEscape("{ __typename }") + "&variables=" + url.QueryEscape(`{"password":"`+secret+`"`),
		"query=" + url.QueryEscape("{ __typename }") + "&variables=" + url.QueryEscape(`{"password":`+secret+`}`),
		"query=%zz" + secret,
	} {
		code, body := c.Get(t, "/graphql?"+q)
		if code != 400 || strings.Contains(body, secret) {
			t.Errorf("GET %s: %d %s", q, code, body)
		}
	}
	if strings.Contains(c.Logs.String(), secret) {
		t.Errorf("the log holds a malformed body:\n%s", c.Logs.String())
	}
}
