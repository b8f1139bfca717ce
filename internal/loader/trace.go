package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/comptoir/comptoir/ent/schema/pulid"
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

// countTracer is dataloader's NoopTracer for the stock counts without its
// allocation per Load: NoopTracer's finish functions are closures of a
// generic type, which carry their type dictionary, allocated on every call
// (one per variant's quantityAvailable in a listing). Non-generic
// functions are static.
type countTracer struct{}

func finishCount(dataloader.Thunk[int])          {}
func finishCounts(dataloader.ThunkMany[int])     {}
func finishCountBatch([]*dataloader.Result[int]) {}

func (countTracer) TraceLoad(ctx context.Context, _ pulid.ID) (context.Context, dataloader.TraceLoadFinishFunc[int]) {
	return ctx, finishCount
}

func (countTracer) TraceLoadMany(ctx context.Context, _ []pulid.ID) (context.Context, dataloader.TraceLoadManyFinishFunc[int]) {
	return ctx, finishCounts
}

func (countTracer) TraceBatch(ctx context.Context, _ []pulid.ID) (context.Context, dataloader.TraceBatchFinishFunc[int]) {
	return ctx, finishCountBatch
}
