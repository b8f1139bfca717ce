package server

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
)

// rootFieldChecks checks _entities' representations before gqlgen's
// generated federation code sees them: that code reports an unknown
// __typename, a missing key or a malformed ID as a plain error, which would
// be an INTERNAL error, while each is what the caller sent. Every entity
// has the key "id" (DESIGN.md: @key(fields: "id")).
//
// With introspection off, __schema and __type are refused as FORBIDDEN (a
// rule of this server, not a failure): gqlgen's own "introspection
// disabled" is a plain resolver error.
func rootFieldChecks(schema graphql.ExecutableSchema, introspection bool) graphql.FieldMiddleware {
	var types []string
	if u := schema.Schema().Types["_Entity"]; u != nil {
		types = u.Types
	}
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Object != "Query" {
			return next(ctx)
		}
		switch fc.Field.Name {
		case "__schema", "__type":
			if !introspection {
				return nil, apperr.New(apperr.Forbidden, "introspection is disabled on this server (%s)", fc.Field.Name)
			}
			return next(ctx)
		case "_entities":
		default:
			return next(ctx)
		}
		reps, _ := fc.Args["representations"].([]map[string]any)
		for i, rep := range reps {
			field := []string{"representations", fmt.Sprint(i)}
			typ, ok := rep["__typename"].(string)
			if !ok {
				return nil, apperr.BadInput(append(field, "__typename"), "argument representations[%d]: __typename must be a string", i)
			}
			if !slices.Contains(types, typ) {
				return nil, apperr.BadInput(append(field, "__typename"), "argument representations[%d]: %q is not an entity type (one of %v)", i, typ, types)
			}
			id, ok := rep["id"].(string)
			if !ok {
				return nil, apperr.BadInput(append(field, "id"), "argument representations[%d]: the key field id must be a string", i)
			}
			if _, err := pulid.Parse(id); err != nil {
				return nil, apperr.BadInput(append(field, "id"), "argument representations[%d].id: %v", i, err)
			}
		}
		return next(ctx)
	}
}
