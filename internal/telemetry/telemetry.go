// Package telemetry turns OpenTelemetry tracing on or off from the standard
// OTEL_* environment variables and hands out the tracer provider the rest of
// the server instruments itself with.
//
// Tracing is on only when OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (and neither OTEL_SDK_DISABLED=true
// nor OTEL_TRACES_EXPORTER=none says otherwise). Off, Setup returns a Tracing
// whose Provider is nil: no exporter, no SDK, and callers skip instrumentation
// altogether, so requests pay nothing for it. On, spans go out over OTLP/HTTP
// in batches (otlphttp.go reads the exporter's OTEL_EXPORTER_OTLP_*
// variables through getenv); the SDK reads the rest (OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER…) itself.
package telemetry

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// enabled reports whether the variables ask for tracing.
func enabled(getenv func(string) string) bool {
	if disabled, _ := strconv.ParseBool(strings.TrimSpace(getenv("OTEL_SDK_DISABLED"))); disabled {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")), "none") {
		return false
	}
	return strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT")) != "" || strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) != ""
}

// Check reads the exporter's variables as Setup will, without starting
// anything, so that the server refuses a bad one (a *config.Error) with the
// rest of its configuration, before it opens the store.
func Check(getenv func(string) string) error {
	if !enabled(getenv) {
		return nil
	}
	_, err := newOTLPHTTP(getenv)
	return err
}

// Tracing is the process's tracing setup.
type Tracing struct {
	// Provider is nil when tracing is off.
	Provider trace.TracerProvider
	// Propagator reads and writes W3C traceparent/tracestate and baggage.
	Propagator propagation.TextMapPropagator
	sdk        *sdktrace.TracerProvider
}

// Enabled reports whether spans are recorded and exported.
func (t *Tracing) Enabled() bool { return t != nil && t.Provider != nil }

// Shutdown flushes the spans not exported yet and stops the exporter. It is
// a no-op when tracing is off.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil || t.sdk == nil {
		return nil
	}
	return t.sdk.Shutdown(ctx)
}

// ForceFlush exports the spans ended so far (tests wait on it).
func (t *Tracing) ForceFlush(ctx context.Context) error {
	if t == nil || t.sdk == nil {
		return nil
	}
	return t.sdk.ForceFlush(ctx)
}

// Setup reads the OTEL_* variables through getenv (os.Getenv in production;
// the SDK reads the process environment itself, so both must agree) and
// starts tracing when an OTLP endpoint is configured.
func Setup(ctx context.Context, getenv func(string) string) (*Tracing, error) {
	t := &Tracing{Propagator: propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})}
	if !enabled(getenv) {
		return t, nil
	}
	client, err := newOTLPHTTP(getenv)
	if err != nil {
		return nil, err
	}
	exp, err := otlptrace.New(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("OTLP trace exporter: %w", err)
	}
	// service.name defaults to comptoir; OTEL_SERVICE_NAME and
	// OTEL_RESOURCE_ATTRIBUTES (read last) override it.
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "comptoir")),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, fmt.Errorf("OTEL resource: %w", err)
	}
	t.sdk = sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	t.Provider = t.sdk
	return t, nil
}
