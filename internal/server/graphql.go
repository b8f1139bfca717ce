package server

import (
	"context"
	"time"

	"github.com/coder/websocket"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/graph"
	"github.com/comptoir/comptoir/internal/guard"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/realtime"
	"github.com/comptoir/comptoir/internal/respcache"
	"github.com/comptoir/comptoir/resolvers"
)

// graphQL builds the gqlgen handler with each transport and extension added
// on purpose (handler.NewDefaultServer is not production-safe).
func (s *Server) graphQL(r *resolvers.Resolver) *handler.Server {
	schema := graph.New(graph.Config{
		Resolvers:  r,
		Directives: graph.DirectiveRoot{Auth: requireRole},
	})
	srv := handler.New(schema)
	// Cache hints of the schema (@cacheControl) decide each operation's
	// Cache-Control and whether the shared response cache serves it.
	rc := &responseCache{hints: respcache.NewHints(schema.Schema()), cache: s.respCache, now: time.Now}
	srv.AddTransport(otherMethods{}) // 405 with Allow; see httpspec.go
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{cache: rc})
	// SSE before POST: both take JSON POSTs; SSE the ones accepting
	// text/event-stream.
	srv.AddTransport(sseTransport{s}) // see sse.go
	srv.AddTransport(postTransport{cache: rc})
	// Subscriptions: WebSocket (graphql-transport-ws and the legacy
	// graphql-ws, chosen by subprotocol) authenticated by the connection_init
	// payload, and Server-Sent Events authenticated like any request.
	srv.AddTransport(transport.Websocket{
		// The Origin is checked before, by s.cors: one allow-list for CORS,
		// WebSocket and SSE (coder/websocket's OriginPatterns match hosts
		// only, without scheme or same-origin rule).
		Implementation: realtime.Implementation{WebsocketImplementation: transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{InsecureSkipVerify: true}}},
		InitFunc:              s.websocketInit,
		CloseFunc:             s.websocketClosed,
		InitTimeout:           s.wsInitTimeout,  // closed with 4408 by realtime's socket
		KeepAlivePingInterval: 15 * time.Second, // graphql-ws: "ka" messages
		PingPongInterval:      20 * time.Second, // graphql-transport-ws: ping, pong expected
	})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(s.cfg.MaxTokens)
	// Validation costs what the document does, never its square: the
	// overlap rule runs on a merged copy, and documents over the limits are
	// refused before validation (the Prevalidation extension below).
	srv.SetValidationRulesFn(guard.ValidationRules)
	srv.SetErrorPresenter(s.presentError)
	// Suggestions reveal the schema as introspection does: off with it
	// (presentError removes the hints this leaves).
	srv.SetDisableSuggestion(!s.cfg.Introspection)
	srv.SetRecoverFunc(s.recoverResolver)
	if s.cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: s.persistedQueries()})
	// After APQ, which may supply the query text.
	srv.Use(guard.Prevalidation{Limits: s.documentLimits(), TokenLimit: s.cfg.MaxTokens, Cache: docs})
	srv.Use(operationName{})
	srv.Use(&inputCheck{})
	srv.AroundFields(rootFieldChecks(schema, s.cfg.Introspection))
	if s.respCache != nil {
		// Tags answers with the entities they show, for purges.
		srv.AroundFields(respcache.FieldMiddleware)
	}
	if s.tracing.Enabled() {
		srv.Use(operationTracing{tracer: s.tracing.Provider.Tracer(tracerName)})
	}
	srv.Use(guard.Extension{Limits: guard.Limits{
		MaxDepth:      s.cfg.MaxDepth,
		MaxComplexity: s.cfg.MaxComplexity,
		MaxAliases:    s.cfg.MaxAliases,
	}})
	return srv
}

// requireRole implements @auth: the coarse role check, decided by policy.
func requireRole(ctx context.Context, _ any, next graphql.Resolver, requires policy.Role) (any, error) {
	if _, err := policy.Require(ctx, requires); err != nil {
		return nil, err
	}
	return next(ctx)
}

// operationName records the operation name for logs and metrics.
type operationName struct{}

func (operationName) ExtensionName() string                   { return "OperationName" }
func (operationName) Validate(graphql.ExecutableSchema) error { return nil }
func (operationName) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	name := oc.OperationName
	if name == "" && oc.Operation != nil {
		name = oc.Operation.Name
	}
	_, persisted := oc.Extensions["persistedQuery"]
	setOperation(ctx, name, persisted)
	return nil
}

// documentLimits are guard's defaults with the configured selection limits.
func (s *Server) documentLimits() guard.DocumentLimits {
	l := guard.DefaultDocumentLimits
	l.MaxSelections, l.MaxSetSelections = s.cfg.MaxSelections, s.cfg.MaxSetSelections
	return l
}
