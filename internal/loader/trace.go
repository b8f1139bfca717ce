package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

const tracerName = "github.com/comptoir/comptoir/internal/loader"

// traced gives each batch fetch of fn a span ("dataloader category", with
// the number of keys) when the request is traced: one span per batch, not
// per field, which would cost more than the fields. Untraced, fn is returned
// as it is, so an untraced request pays nothing.
func traced[K comparable, V any](on bool, name string, fn dataloader.BatchFunc[K, V]) dataloader.BatchFunc[K, V] {
	if !on {
		return fn
	}
	spanName := "dataloader " + name
	return func(ctx context.Context, keys []K) []*dataloader.Result[V] {
		parent := trace.SpanFromContext(ctx)
		if !parent.IsRecording() {
			return fn(ctx, keys)
		}
		ctx, span := parent.TracerProvider().Tracer(tracerName).Start(ctx, spanName,
			trace.WithAttributes(attribute.Int("dataloader.keys", len(keys))))
		defer span.End()
		return fn(ctx, keys)
	}
}
