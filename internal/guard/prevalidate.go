package guard

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Prevalidation is a gqlgen handler extension that refuses, with
// COMPLEXITY_LIMIT_EXCEEDED, a document over DocumentLimits before gqlgen
// validates it. For each query text gqlgen has not validated yet (its
// query cache), after persisted queries have supplied the text, it parses
// the text itself (linear, within the parser's token limit) and checks the
// limits (CheckDocument). gqlgen then parses and validates as always, with
// ValidationRules.
//
// It sits in gqlgen's executor, so every transport (GET, POST, SSE,
// WebSocket) and persisted queries go through it. Register it after the
// persisted-query extension.
type Prevalidation struct {
	Limits     DocumentLimits
	TokenLimit int                               // the parser's, as given to gqlgen (0: none)
	Cache      graphql.Cache[*ast.QueryDocument] // gqlgen's query cache (nil: none)
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = Prevalidation{}

// ExtensionName implements graphql.HandlerExtension.
func (Prevalidation) ExtensionName() string { return "Prevalidation" }

// Validate implements graphql.HandlerExtension.
func (Prevalidation) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (p Prevalidation) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		return nil
	}
	if p.Cache != nil {
		if _, ok := p.Cache.Get(ctx, raw.Query); ok {
			return nil // validated before, within the limits
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: raw.Query}, p.TokenLimit)
	if err != nil {
		return nil // gqlgen parses it again and reports the error
	}
	return CheckDocument(doc, p.Limits)
}
