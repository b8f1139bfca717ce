package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
)

// clientCodes are gqlgen's and entgql's own codes for errors in what the
// client sent; they are all reported as BAD_USER_INPUT.
var clientCodes = map[string]bool{
	"GRAPHQL_PARSE_FAILED":      true,
	"GRAPHQL_VALIDATION_FAILED": true,
	"INVALID_PAGINATION":        true,
	"PERSISTED_QUERY_NOT_FOUND": false, // APQ's own protocol code, kept as is
}

// allowedCodes are the codes DESIGN.md lets a client see.
var allowedCodes = map[string]bool{
	string(apperr.Unauthenticated): true, string(apperr.Forbidden): true, string(apperr.NotFound): true,
	string(apperr.BadUserInput): true, string(apperr.RateLimited): true,
	string(apperr.ComplexityLimitExceeded): true, string(apperr.Internal): true,
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
	if errors.Is(err, pulid.ErrMalformed) || errors.Is(err, money.ErrDecimal) || errors.Is(err, money.ErrCurrency) {
		gerr.Extensions["code"] = string(apperr.BadUserInput)
		return gerr
	}
	var inner *gqlerror.Error
	if errors.As(err, &inner) && inner.Err == nil {
		// Produced by the parser, validator or an extension: about the request.
		code, _ := inner.Extensions["code"].(string)
		switch {
		case allowedCodes[code]:
		case clientCodes[code] || code == "":
			gerr.Extensions["code"] = string(apperr.BadUserInput)
		default:
			gerr.Extensions["code"] = string(apperr.BadUserInput)
		}
		return gerr
	}
	id := RequestID(ctx)
	s.log.Error("internal error", "id", id, "path", fmt.Sprint(gerr.Path), "err", err)
	return &gqlerror.Error{
		Message:    "internal error (request " + id + ")",
		Path:       gerr.Path,
		Extensions: map[string]any{"code": string(apperr.Internal), "requestId": id},
	}
}

// recoverResolver logs a resolver panic and answers a generic error.
func (s *Server) recoverResolver(ctx context.Context, v any) error {
	s.log.Error("resolver panic", "id", RequestID(ctx), "panic", v)
	return fmt.Errorf("panic: %v", v)
}
