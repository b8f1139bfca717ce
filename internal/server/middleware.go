package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"
)

type ctxKey int

const reqInfoKey ctxKey = iota

// reqInfo is filled in as the request goes: the GraphQL extension records the
// operation name for the access log and the duration histogram.
type reqInfo struct {
	id        string
	operation string
	persisted bool // sent as a persisted query (APQ)
}

// RequestID returns the request's id ("" outside a request).
func RequestID(ctx context.Context) string {
	if ri, ok := ctx.Value(reqInfoKey).(*reqInfo); ok {
		return ri.id
	}
	return ""
}

func setOperation(ctx context.Context, name string, persisted bool) {
	if ri, ok := ctx.Value(reqInfoKey).(*reqInfo); ok {
		ri.operation, ri.persisted = name, persisted
	}
}

var clientIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush lets Server-Sent Events through.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		f.Flush()
	}
}

// requestLog gives every request an id (X-Request-Id, kept from the client
// when well-formed) and logs one line when it ends.
func (s *Server) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !clientIDRE.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		ri := &reqInfo{id: id}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), reqInfoKey, ri)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.HTTPRequests.WithLabelValues(strconv.Itoa(sw.status)).Inc()
		if r.URL.Path == "/graphql" {
			s.metrics.RequestDuration.WithLabelValues(s.metrics.operationLabel(ri.operation, ri.persisted)).Observe(d.Seconds())
		}
		s.log.Info("request", "id", id, "method", r.Method, "path", r.URL.Path,
			"operation", ri.operation, "status", sw.status, "duration_ms", float64(d.Microseconds())/1000)
	})
}

// recoverPanics turns a panic outside GraphQL execution into a 500.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "id", RequestID(r.Context()), "panic", v, "stack", string(debug.Stack()))
				http.Error(w, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over the limit with 413, whether or not the
// client declared a Content-Length, before gqlgen reads them.
func (s *Server) limitBody(next http.Handler) http.Handler {
	limit := s.cfg.MaxBodyBytes
	tooLarge := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = w.Write([]byte(`{"errors":[{"message":"request body exceeds ` + strconv.FormatInt(limit, 10) +
			` bytes","extensions":{"code":"BAD_USER_INPUT"}}]}`))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > limit {
			tooLarge(w)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge(w)
			return
		}
		if err != nil {
			http.Error(w, "could not read request body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
