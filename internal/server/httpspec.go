package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/internal/apperr"
)

// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/),
// checked by the graphql-http server audit (clients/audit).
//
// Why our own GET and POST transports rather than gqlgen's: gqlgen (v0.17.95
// to v0.17.98, the latest) answers request errors with 422 under
// application/json where the spec wants 200, writes "data": null for errors
// raised before execution (the GraphQL spec: no data entry then), treats a
// missing query as a validation error (200/422) rather than a malformed
// request (400), refuses mutations over GET with 406 rather than 405, and
// answers an unacceptable Accept with application/graphql-response+json
// instead of 406. Its JSON writers are unexported, so rewriting its output
// would mean buffering and re-encoding every response; these transports only
// frame HTTP and leave parsing, validation and execution to gqlgen's
// executor, extensions and error presenter.

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// postTransport serves POST requests with an application/json body (SSE,
// added before it, takes those accepting text/event-stream).
type postTransport struct{ cache *responseCache }

func (postTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		notAcceptable(w)
		return
	}
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if cs, set := params["charset"]; err != nil || ct != mediaJSON || (set && !strings.EqualFold(cs, "utf-8")) {
		w.Header().Set("Accept-Post", mediaJSON)
		malformed(w, r, exec, media, http.StatusUnsupportedMediaType, "the body must be application/json (UTF-8)")
		return
	}
	raw, hasQuery, ok := readBody(w, r, exec, media)
	if !ok {
		return
	}
	execute(w, r, exec, media, raw, hasQuery, false, t.cache)
}

// readBody reads a POST's GraphQL request, answering a malformed one (and
// then ok is false). An error says what is wrong with the body, never
// echoing it: a body may hold passwords and tokens in its variables.
func readBody(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string) (raw *graphql.RawParams, hasQuery, ok bool) {
	start := graphql.Now()
	var body struct {
		Query         *string        `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	var read bytes.Buffer // what the decoder read, for notUnicode
	dec := json.NewDecoder(io.TeeReader(r.Body, &read))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		malformed(w, r, exec, media, http.StatusBadRequest, "the body is not a GraphQL request (a JSON object with a string query, "+
			"and optionally a string operationName and variables and extensions objects): "+jsonProblem(err))
		return nil, false, false
	}
	if _, err := dec.Token(); err != io.EOF {
		malformed(w, r, exec, media, http.StatusBadRequest, "the body holds more than one JSON value")
		return nil, false, false
	}
	if why := notUnicode("the body", read.Bytes()); why != "" {
		malformed(w, r, exec, media, http.StatusBadRequest, why)
		return nil, false, false
	}
	raw = &graphql.RawParams{
		OperationName: body.OperationName, Variables: body.Variables, Extensions: body.Extensions,
		Headers: r.Header, ReadTime: graphql.TraceTiming{Start: start, End: graphql.Now()},
	}
	if body.Query != nil {
		raw.Query = *body.Query
	}
	return raw, body.Query != nil, true
}

// jsonProblem says what encoding/json found wrong, by position and kind,
// without the value it read (a "cannot unmarshal" error quotes nothing, a
// syntax error quotes one character; either is rewritten here so that no
// future message quotes more).
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		where := typ.Field
		if where == "" {
			where = "the request"
		}
		return fmt.Sprintf("%s must not be a JSON %s", where, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends early"
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit)
	}
	return "unreadable body"
}

// getTransport serves queries from the URL's query string; mutations are
// refused with 405, as the spec requires of a safe method.
type getTransport struct{ cache *responseCache }

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (t getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		notAcceptable(w)
		return
	}
	start := graphql.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		malformed(w, r, exec, media, http.StatusBadRequest, "the query string is malformed (a bad %-escape or a ';')")
		return
	}
	raw := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName"), Headers: r.Header}
	for _, p := range []struct {
		name string
		into *map[string]any
	}{{"variables", &raw.Variables}, {"extensions", &raw.Extensions}} {
		if s := q.Get(p.name); s != "" {
			if why := notUnicode(p.name, []byte(s)); why != "" {
				malformed(w, r, exec, media, http.StatusBadRequest, why)
				return
			}
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			if err := dec.Decode(p.into); err != nil {
				malformed(w, r, exec, media, http.StatusBadRequest, p.name+" must be a JSON object: "+jsonProblem(err))
				return
			}
		}
	}
	raw.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, media, raw, q.Has("query"), true, t.cache)
}

// otherMethods answers what no transport serves (PUT, DELETE, HEAD...) with
// 405 and the methods that are served. Added first, so that it also takes
// HEAD, which gqlgen's Options transport refuses without an Allow header.
type otherMethods struct{}

func (otherMethods) Supports(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodOptions:
		return false
	}
	return true
}

func (otherMethods) Do(w http.ResponseWriter, _ *http.Request, _ graphql.GraphExecutor) {
	w.Header().Set("Allow", "OPTIONS, GET, POST")
	w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
	w.WriteHeader(http.StatusMethodNotAllowed)
	_, _ = w.Write([]byte(`{"errors":[{"message":"GraphQL is served by GET (queries) and POST","extensions":{"code":"BAD_USER_INPUT"}}]}`))
}

// execute runs a well-formed request's parameters through gqlgen's executor,
// with the operation's cache policy when rc is set.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, raw *graphql.RawParams, hasQuery, get bool, rc *responseCache) {
	ctx := r.Context()
	// An APQ request may leave the query out; anything else without one is
	// not a GraphQL-over-HTTP request.
	if !hasQuery && raw.Extensions["persistedQuery"] == nil {
		malformed(w, r, exec, media, http.StatusBadRequest, "query is required (a string)")
		return
	}
	opCtx, errs := exec.CreateOperationContext(ctx, raw)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		writeResponse(w, media, requestErrorStatus(media, resp), resp, false)
		return
	}
	if !get && opCtx.Operation.Operation == ast.Subscription {
		// A single response cannot carry a stream: executed, it would wait
		// for the first event and answer nothing before then.
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{{
			Message:    "subscriptions are served over WebSocket (graphql-transport-ws) or Server-Sent Events (POST with Accept: text/event-stream), not in a single response",
			Extensions: map[string]any{"code": string(apperr.BadUserInput)},
		}})
		writeResponse(w, media, requestErrorStatus(media, resp), resp, false)
		return
	}
	if get && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{
			gqlerror.Errorf("GET serves queries only: send a %s by POST", opCtx.Operation.Operation)})
		writeResponse(w, media, http.StatusMethodNotAllowed, resp, false)
		return
	}
	if rc != nil {
		rc.execute(w, r, exec, media, opCtx, get)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, media, http.StatusOK, responses(ctx), true)
}

// malformed answers a request that is not a GraphQL-over-HTTP request: 400
// (or 415) whatever the media type, errors only.
func malformed(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, status int, msg string) {
	resp := exec.DispatchError(r.Context(), gqlerror.List{{Message: msg}})
	writeResponse(w, media, status, resp, false)
}

// requestErrorStatus is the status of a request error (raised before
// execution: parse, validation, variable coercion, our guardrails). Under
// application/json it is 200, the spec's SHOULD (a 4xx could come from any
// proxy); under application/graphql-response+json it is a 4xx or 5xx telling
// what happened. APQ's own errors keep the 200 its clients expect: Apollo
// Client turns off persisted queries for good on a 400.
func requestErrorStatus(media string, resp *graphql.Response) int {
	code := ""
	if len(resp.Errors) > 0 {
		code, _ = resp.Errors[0].Extensions["code"].(string)
	}
	if media == mediaJSON || strings.HasPrefix(code, "PERSISTED_QUERY_") {
		return http.StatusOK
	}
	switch apperr.Code(code) {
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.Internal:
		return http.StatusInternalServerError
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// writeResponse writes a GraphQL response. Without execution there is no
// data entry (GraphQL spec, "Response Format"), except for APQ's errors,
// answered as before (200 with "data": null) since a 200 under
// application/graphql-response+json must carry data.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response, executed bool) {
	var body any = resp
	if !executed && (status != http.StatusOK || media == mediaJSON) {
		body = struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions}
	}
	b, err := json.Marshal(body)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// notAcceptable answers 406 (the spec's RECOMMENDED answer) when the Accept
// header names no media type we serve.
func notAcceptable(w http.ResponseWriter) {
	w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
	w.WriteHeader(http.StatusNotAcceptable)
	_, _ = w.Write([]byte(`{"errors":[{"message":"Accept names no media type served here: application/graphql-response+json or application/json","extensions":{"code":"BAD_USER_INPUT"}}]}`))
}

// negotiate picks the response media type from an Accept header: the
// highest q wins, the earlier listed on a tie; */* and application/* mean
// application/json (as an absent header does: the legacy clients' default).
// ok is false when nothing acceptable is listed. The library choices
// (munnerz/goautoneg, already in go.sum) ignore q=0 and break ties by
// sorting, so these few lines over mime.ParseMediaType stay ours.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	best := -1.0
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		var m string
		switch mt {
		case mediaGraphQLResponse, mediaJSON:
			m = mt
		case "*/*", "application/*":
			m = mediaJSON
		default:
			continue
		}
		q := 1.0
		if s, set := params["q"]; set {
			if q, err = strconv.ParseFloat(s, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		if q > 0 && q > best {
			media, best = m, q
		}
	}
	return media, best > 0
}
