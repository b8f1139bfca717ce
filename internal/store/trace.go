package store

import (
	"context"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/comptoir/comptoir/internal/text"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// maxStatementBytes bounds db.statement: ent's statements carry their
// arguments separately, but an IN list of a big page is long.
const maxStatementBytes = 2048

const tracerName = "github.com/comptoir/comptoir/internal/store"

// startStatement starts a span for one SQL statement, but only inside a
// recording span (a traced request): with tracing off, or for statements
// outside any trace, it costs one context lookup and allocates nothing.
// The tracer comes from the parent span, so the store needs no provider of
// its own.
func startStatement(ctx context.Context, system, query string) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, nil
	}
	return parent.TracerProvider().Tracer(tracerName).Start(ctx, statementName(query),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("db.system", system),
			attribute.String("db.statement", text.CutBytes(query, maxStatementBytes)),
		))
}

// endStatement ends a span from startStatement (nil when none was started).
func endStatement(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "statement failed")
	}
	span.End()
}

// dbSystem is the OpenTelemetry db.system value of an ent dialect.
func dbSystem(dia string) string {
	switch dia {
	case dialect.Postgres:
		return "postgresql"
	case dialect.SQLite:
		return "sqlite"
	}
	return dia
}

// statementName is a span name of low cardinality: the statement's verb and
// its main table ("SELECT products", "INSERT outbox_events"), or the verb
// alone when no table is found.
func statementName(query string) string {
	fields := strings.Fields(query)
	if len(fields) == 0 {
		return "SQL"
	}
	verb := strings.ToUpper(fields[0])
	var after string
	switch verb {
	case "SELECT", "DELETE":
		after = "FROM"
	case "INSERT":
		after = "INTO"
	case "UPDATE":
		if len(fields) > 1 {
			return verb + " " + tableName(fields[1])
		}
		return verb
	default:
		return verb
	}
	for i, f := range fields[1:] {
		if strings.EqualFold(f, after) && i+2 < len(fields) {
			if t := tableName(fields[i+2]); t != "" {
				return verb + " " + t
			}
			break
		}
	}
	return verb
}

// tableName strips quotes and a trailing comma or parenthesis from a table
// token; a subquery ("(SELECT") yields "".
func tableName(tok string) string {
	if strings.HasPrefix(tok, "(") {
		return ""
	}
	tok = strings.TrimRight(tok, ",;()")
	tok = strings.NewReplacer(`"`, "", "`", "").Replace(tok)
	if i := strings.IndexByte(tok, '('); i >= 0 {
		tok = tok[:i]
	}
	return tok
}
