package telemetry

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/comptoir/comptoir/internal/config"
)

// otlpHTTP is the OTLP/HTTP transport of the trace exporter (an
// otlptrace.Client: the OpenTelemetry library turns spans into OTLP, this
// sends them). It stands in for otlptracehttp, which shares its options
// with the gRPC exporter and so links google.golang.org/grpc. gRPC imports
// golang.org/x/net/trace, whose init reaches html/template, and that one
// reflective method lookup makes Go's linker keep every exported method of
// every type that reaches an interface (internal/notify's templates.go has
// the figures). It reads the variables otlptracehttp reads, with its
// precedence (the signal's TRACES_ variable over the generic one):
// OTEL_EXPORTER_OTLP_[TRACES_]{ENDPOINT, HEADERS, TIMEOUT, COMPRESSION,
// CERTIFICATE, CLIENT_CERTIFICATE, CLIENT_KEY}, and refuses a PROTOCOL
// other than http/protobuf.
type otlpHTTP struct {
	url     string
	headers http.Header
	gzip    bool
	timeout time.Duration
	client  *http.Client
	// backoff is the first wait before retrying a refused export (429, 502,
	// 503, 504, or no answer) when the collector gives no Retry-After; it
	// doubles up to 30 s. Retries stop after 5 tries, or at once when the
	// wait would pass the export's deadline (its context, or timeout).
	backoff time.Duration
}

// newOTLPHTTP reads the exporter's variables. A value it cannot use is a
// *config.Error (the server stops at start-up, exit code 2, naming it)
// rather than a warning followed by spans that never arrive.
func newOTLPHTTP(getenv func(string) string) (*otlpHTTP, error) {
	// get is the signal's variable when set, else the generic one.
	get := func(name string) (string, string) {
		if v := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_" + name)); v != "" {
			return v, "OTEL_EXPORTER_OTLP_TRACES_" + name
		}
		return strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_" + name)), "OTEL_EXPORTER_OTLP_" + name
	}
	c := &otlpHTTP{headers: http.Header{}, timeout: 10 * time.Second, backoff: time.Second}
	if v, name := get("PROTOCOL"); v != "" && v != "http/protobuf" {
		return nil, &config.Error{Var: name, Problem: fmt.Sprintf("%q: only http/protobuf is supported", v)}
	}
	endpoint, name := get("ENDPOINT")
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &config.Error{Var: name, Problem: fmt.Sprintf("%q: want an http:// or https:// URL", endpoint)}
	}
	if name == "OTEL_EXPORTER_OTLP_ENDPOINT" {
		u = u.JoinPath("v1", "traces") // the base gets the signal's path; the signal's own URL is used as given
	}
	c.url = u.String()
	// The signal's headers replace the generic ones, as in otlptracehttp.
	if v, name := get("HEADERS"); v != "" {
		if err := parseHeaders(v, c.headers); err != nil {
			return nil, &config.Error{Var: name, Problem: err.Error()}
		}
	}
	if v, name := get("TIMEOUT"); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms <= 0 {
			return nil, &config.Error{Var: name, Problem: fmt.Sprintf("%q: want a positive number of milliseconds", v)}
		}
		c.timeout = time.Duration(ms) * time.Millisecond
	}
	switch v, name := get("COMPRESSION"); strings.ToLower(v) {
	case "gzip":
		c.gzip = true
	case "", "none":
	default:
		return nil, &config.Error{Var: name, Problem: fmt.Sprintf("%q: want gzip or none", v)}
	}
	tlsConf, err := otlpTLS(getenv)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if tlsConf != nil {
		tr.TLSClientConfig = tlsConf
	}
	c.client = &http.Client{Transport: tr}
	return c, nil
}

// parseHeaders reads "key=value,key2=value2" (values percent-encoded, as the
// OTLP specification says) into h, refusing what no request could carry.
func parseHeaders(s string, h http.Header) error {
	for _, kv := range strings.Split(s, ",") {
		if strings.TrimSpace(kv) == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || !validHeaderName(k) {
			return fmt.Errorf("%q is not key=value with a header name for key", kv)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("header %s: %w", k, err)
		}
		if strings.ContainsFunc(dv, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
			return fmt.Errorf("header %s: its value holds a control character", k)
		}
		h.Set(k, strings.TrimSpace(dv))
	}
	return nil
}

// validHeaderName reports whether k is an RFC 9110 token.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// otlpTLS reads the CA and the client key pair. The pair comes from one
// level: the signal's variables when either is set, else the generic ones.
func otlpTLS(getenv func(string) string) (*tls.Config, error) {
	get := func(prefix, name string) (string, string) {
		return strings.TrimSpace(getenv(prefix + name)), prefix + name
	}
	const generic, traces = "OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_TRACES_"
	ca, caVar := get(traces, "CERTIFICATE")
	if ca == "" {
		ca, caVar = get(generic, "CERTIFICATE")
	}
	prefix := generic
	if c, _ := get(traces, "CLIENT_CERTIFICATE"); c != "" {
		prefix = traces
	} else if k, _ := get(traces, "CLIENT_KEY"); k != "" {
		prefix = traces
	}
	cert, certVar := get(prefix, "CLIENT_CERTIFICATE")
	key, keyVar := get(prefix, "CLIENT_KEY")
	if ca == "" && cert == "" && key == "" {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, &config.Error{Var: caVar, Problem: err.Error()}
		}
		conf.RootCAs = x509.NewCertPool()
		if !conf.RootCAs.AppendCertsFromPEM(pem) {
			return nil, &config.Error{Var: caVar, Problem: ca + " holds no PEM certificate"}
		}
	}
	switch {
	case cert == "" && key == "":
		return conf, nil
	case cert == "":
		return nil, &config.Error{Var: certVar, Problem: "not set, but " + keyVar + " is: they go together"}
	case key == "":
		return nil, &config.Error{Var: keyVar, Problem: "not set, but " + certVar + " is: they go together"}
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return nil, &config.Error{Var: certVar, Problem: err.Error()}
	}
	conf.Certificates = []tls.Certificate{pair}
	return conf, nil
}

func (c *otlpHTTP) Start(context.Context) error { return nil }

func (c *otlpHTTP) Stop(context.Context) error {
	c.client.CloseIdleConnections()
	return nil
}

// UploadTraces posts one batch. TracesData has ExportTraceServiceRequest's
// wire format (field 1, the resource spans), so the collector's message
// needs no import of the gRPC service package it lives in.
func (c *otlpHTTP) UploadTraces(ctx context.Context, spans []*tracepb.ResourceSpans) error {
	body, err := proto.Marshal(&tracepb.TracesData{ResourceSpans: spans})
	if err != nil {
		return fmt.Errorf("OTLP: encoding spans: %w", err)
	}
	if c.gzip {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		if _, err := zw.Write(body); err != nil {
			return fmt.Errorf("OTLP: compressing: %w", err)
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("OTLP: compressing: %w", err)
		}
		body = b.Bytes()
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	backoff := c.backoff
	for try := 1; ; try++ {
		retryAfter, err := c.post(ctx, body)
		var r retryable
		if err == nil || !errors.As(err, &r) || try == 5 || ctx.Err() != nil {
			return err
		}
		wait := backoff
		if retryAfter > 0 {
			wait = retryAfter
		}
		// A wait past the export's deadline would only end in giving up.
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fmt.Errorf("%w (the collector asks to wait %v, past the export's deadline)", err, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (gave up: %w)", err, ctx.Err())
		case <-t.C:
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// retryable is a failure the specification says to retry: a 429, 502, 503
// or 504 (status), or no answer at all (status 0).
type retryable struct{ status int }

func (r retryable) Error() string {
	if r.status == 0 {
		return "no answer from the collector"
	}
	return "collector answered " + strconv.Itoa(r.status)
}

func (c *otlpHTTP) post(ctx context.Context, body []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("OTLP: %w", err)
	}
	for k, v := range c.headers {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/x-protobuf")
	if c.gzip {
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		// Refused or reset connections are retried, as the collector may be
		// restarting; the context's end is not.
		if ctx.Err() != nil {
			return 0, fmt.Errorf("OTLP export: %w", err)
		}
		return 0, fmt.Errorf("OTLP export: %w: %w", retryable{}, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if n, why := partialSuccess(msg); n > 0 || why != "" {
			return 0, fmt.Errorf("OTLP export: the collector rejected %d spans: %s", n, why)
		}
		return 0, nil
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		var after time.Duration
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 && s < 1<<20 {
			after = time.Duration(s) * time.Second
		}
		return after, fmt.Errorf("OTLP export to %s: %w", c.url, retryable{resp.StatusCode})
	default:
		return 0, fmt.Errorf("OTLP export to %s: collector answered %d%s", c.url, resp.StatusCode, printable(msg))
	}
}

// partialSuccess reads ExportTraceServiceResponse's partial_success (field
// 1; in it rejected_spans, field 1, and error_message, field 2) without the
// gRPC service package the message lives in.
func partialSuccess(b []byte) (rejected int64, why string) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return 0, ""
		}
		b = b[n:]
		if num == 1 && typ == protowire.BytesType {
			ps, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return 0, ""
			}
			b = b[n:]
			for len(ps) > 0 {
				f, t, m := protowire.ConsumeTag(ps)
				if m < 0 {
					return 0, ""
				}
				ps = ps[m:]
				switch {
				case f == 1 && t == protowire.VarintType:
					v, k := protowire.ConsumeVarint(ps)
					if k < 0 {
						return 0, ""
					}
					rejected, ps = int64(v), ps[k:]
				case f == 2 && t == protowire.BytesType:
					v, k := protowire.ConsumeBytes(ps)
					if k < 0 {
						return 0, ""
					}
					why, ps = string(v), ps[k:]
				default:
					k := protowire.ConsumeFieldValue(f, t, ps)
					if k < 0 {
						return 0, ""
					}
					ps = ps[k:]
				}
			}
			continue
		}
		k := protowire.ConsumeFieldValue(num, typ, b)
		if k < 0 {
			return 0, ""
		}
		b = b[k:]
	}
	return rejected, why
}

// printable is ": body" when the collector's answer reads as text (up to
// 512 bytes), and nothing when it is binary (a protobuf Status).
func printable(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || !utf8.Valid(b) || bytes.ContainsFunc(b, func(r rune) bool { return r < ' ' && r != '\n' && r != '\t' }) {
		return ""
	}
	if len(b) > 512 {
		b = append(b[:512:512], "…"...)
	}
	return ": " + string(b)
}
