package server

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/store"
)

// allowedCodes are the codes DESIGN.md lets a client see.
var allowedCodes = map[string]bool{
	string(apperr.Unauthenticated): true, string(apperr.Forbidden): true, string(apperr.NotFound): true,
	string(apperr.BadUserInput): true, string(apperr.RateLimited): true,
	string(apperr.ComplexityLimitExceeded): true, string(apperr.Internal): true, string(apperr.Unavailable): true,
	"PERSISTED_QUERY_NOT_FOUND": true, "PERSISTED_QUERY_NOT_SUPPORTED": true,
}

// presentError maps every error to DESIGN.md's shape. Only apperr errors and
// errors in the request itself reach the client with their message; anything
// else is logged with the request id and shown as a generic internal error.
func (s *Server) presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	if !s.cfg.Introspection {
		gerr.Message = withoutSuggestions(gerr.Message)
	}
	if ae, ok := apperr.As(err); ok {
		gerr.Message = ae.Message
		gerr.Extensions["code"] = string(ae.Code)
		if len(ae.Field) > 0 {
			gerr.Extensions["field"] = ae.Field
		}
		if ae.RetryAfter > 0 {
			gerr.Extensions["retryAfterSeconds"] = int(ae.RetryAfter.Seconds() + 0.999)
		}
		return gerr
	}
	if arg := argumentPath(ctx, gerr.Path); arg != "" {
		// gqlgen could not coerce an argument (a scalar's UnmarshalGQL
		// refused it: a cursor, a date, a decimal, an ID): the client's
		// input, whatever the scalar's error type.
		return s.clientError(ctx, gerr, "argument "+arg+": "+gerr.Message)
	}
	if errors.Is(err, pulid.ErrMalformed) || errors.Is(err, money.ErrDecimal) || errors.Is(err, money.ErrCurrency) {
		return s.clientError(ctx, gerr, gerr.Message)
	}
	var inner *gqlerror.Error
	if errors.As(err, &inner) && inner.Err == nil {
		// Produced by the parser, validator or an extension: about the request.
		code, _ := inner.Extensions["code"].(string)
		if allowedCodes[code] {
			return gerr
		}
		msg := gerr.Message
		if v := variablePath(gerr.Path); v != "" && !strings.Contains(msg, v) {
			msg = "variable " + v + ": " + msg
		}
		return s.clientError(ctx, gerr, msg)
	}
	id := RequestID(ctx)
	if errors.Is(ctx.Err(), context.Canceled) && store.Canceled(err) {
		// The client went away (closed the connection, its own timeout)
		// before the answer was ready: requests are given no deadline
		// here, so nothing else cancels one. The failure is what the
		// cancellation made of a statement (cut short, a commit after
		// database/sql rolled the transaction back: "transaction has
		// already been committed or rolled back"). Not our bug, and
		// nobody reads this answer: logged below ERROR. Any other failure
		// of a canceled request is still ours, and logged as such.
		s.log.Debug("request canceled by the client", "id", id, "path", fmt.Sprint(gerr.Path), "err", err)
		return &gqlerror.Error{
			Message:    "the request was canceled before it completed (request " + id + ")",
			Path:       gerr.Path,
			Extensions: map[string]any{"code": string(apperr.Unavailable), "requestId": id},
		}
	}
	if store.Unavailable(err) {
		// The database is down or restarting: not our bug, and the client
		// may retry.
		s.log.Warn("database unavailable", "id", id, "path", fmt.Sprint(gerr.Path), "err", err)
		return &gqlerror.Error{
			Message:    "the database is unavailable: try again shortly (request " + id + ")",
			Path:       gerr.Path,
			Extensions: map[string]any{"code": string(apperr.Unavailable), "requestId": id},
		}
	}
	s.log.Error("internal error", "id", id, "path", fmt.Sprint(gerr.Path), "err", err)
	return &gqlerror.Error{
		Message:    "internal error (request " + id + ")",
		Path:       gerr.Path,
		Extensions: map[string]any{"code": string(apperr.Internal), "requestId": id},
	}
}

// clientError answers gerr as BAD_USER_INPUT with msg. What a client got
// wrong is not our failure: it is logged below ERROR, for whoever
// investigates a client's report.
func (s *Server) clientError(ctx context.Context, gerr *gqlerror.Error, msg string) *gqlerror.Error {
	gerr.Message = msg
	gerr.Extensions["code"] = string(apperr.BadUserInput)
	s.log.Debug("bad user input", "id", RequestID(ctx), "path", fmt.Sprint(gerr.Path), "err", msg)
	return gerr
}

// argumentPath names the argument an error is about ("after of products",
// "where.price.min of products") when gqlgen raised it while coercing the arguments of
// the current field: its path is then the field's path followed by an
// argument of that field. An error of the resolver itself has the field's
// path exactly.
func argumentPath(ctx context.Context, path ast.Path) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	base := fc.Path()
	if len(path) <= len(base) {
		return ""
	}
	for i := range base {
		if base[i] != path[i] {
			return ""
		}
	}
	name, ok := path[len(base)].(ast.PathName)
	if !ok || fc.Field.Field == nil || fc.Field.Arguments.ForName(string(name)) == nil {
		return ""
	}
	return dotted(path[len(base):]) + " of " + fc.Field.Name
}

// variablePath names the variable of a validator error ("$input.price"),
// whose path is "variable" followed by the variable and its fields.
func variablePath(path ast.Path) string {
	if len(path) < 2 || path[0] != ast.PathName("variable") {
		return ""
	}
	return "$" + dotted(path[1:])
}

// dotted writes a path as a.b[0].c.
func dotted(path ast.Path) string {
	var b strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(p))
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(p))
		}
	}
	return b.String()
}

// recoverResolver logs a resolver panic and answers a generic error.
func (s *Server) recoverResolver(ctx context.Context, v any) error {
	s.log.Error("resolver panic", "id", RequestID(ctx), "panic", v)
	return fmt.Errorf("panic: %v", v)
}

// suggestionRE matches the validator's hints ("Did you mean "price"?", "Did
// you mean the enum value "PAID"?", "Did you mean to use an inline fragment
// on "Product"?"): names quoted in them are GraphQL names, without "?".
var suggestionRE = regexp.MustCompile(` ?Did you mean [^?]*\?`)

// withoutSuggestions drops the validator's hints from a message. They spell
// out the schema's field, argument, type and enum value names to whoever
// guesses near them: with introspection off (production's default) they
// are off too. gqlgen's SetDisableSuggestion covers two of the validator's
// rules; this covers the others (arguments, types, enum values, input
// fields).
func withoutSuggestions(msg string) string {
	if !strings.Contains(msg, "Did you mean") {
		return msg
	}
	return suggestionRE.ReplaceAllString(msg, "")
}
