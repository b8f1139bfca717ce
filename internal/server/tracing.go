package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/comptoir/comptoir/internal/telemetry"
)

// WithTracing traces requests, GraphQL operations, loader batches and SQL
// statements through t (telemetry.Setup). Without it, or with tracing off,
// nothing is traced and nothing is wrapped.
func WithTracing(t *telemetry.Tracing) Option { return func(o *options) { o.tracing = t } }

const tracerName = "github.com/comptoir/comptoir/internal/server"

// tracedPaths name HTTP spans; other paths get the method alone, so that
// random URLs do not make span names of their own.
var tracedPaths = map[string]bool{"/graphql": true, "/": true, "/webhooks/stripe": true}

// traceHTTP gives every request a server span, continuing the caller's
// trace from its W3C traceparent (and baggage). WebSocket upgrades (a span
// would last as long as the connection), health checks and /metrics are
// left out.
func traceHTTP(t *telemetry.Tracing, next http.Handler) http.Handler {
	if !t.Enabled() {
		return next
	}
	return otelhttp.NewHandler(next, "comptoir",
		otelhttp.WithTracerProvider(t.Provider),
		otelhttp.WithPropagators(t.Propagator),
		otelhttp.WithFilter(func(r *http.Request) bool {
			switch r.URL.Path {
			case "/healthz", "/readyz", "/metrics":
				return false
			}
			return !strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
		}),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			if tracedPaths[r.URL.Path] {
				return r.Method + " " + r.URL.Path
			}
			return r.Method
		}),
	)
}

// operationTracing is a gqlgen extension giving each GraphQL operation a
// span ("query ProductPage") with its name and type as attributes; the
// resolvers, loader batches and SQL statements it runs are its children.
type operationTracing struct{ tracer trace.Tracer }

var (
	_ graphql.HandlerExtension    = operationTracing{}
	_ graphql.ResponseInterceptor = operationTracing{}
)

func (operationTracing) ExtensionName() string                   { return "OperationTracing" }
func (operationTracing) Validate(graphql.ExecutableSchema) error { return nil }

func (e operationTracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	opType, name := "", oc.OperationName
	if oc.Operation != nil {
		opType = string(oc.Operation.Operation)
		if name == "" {
			name = oc.Operation.Name
		}
	}
	if opType == "" {
		opType = string(ast.Query)
	}
	spanName := opType
	if name != "" {
		spanName += " " + name
	}
	attrs := []attribute.KeyValue{attribute.String("graphql.operation.type", opType)}
	if name != "" {
		attrs = append(attrs, attribute.String("graphql.operation.name", name))
	}
	ctx, span := e.tracer.Start(ctx, spanName, trace.WithAttributes(attrs...))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		span.SetStatus(codes.Error, resp.Errors[0].Message)
		span.SetAttributes(attribute.Int("graphql.errors", len(resp.Errors)))
	}
	return resp
}
