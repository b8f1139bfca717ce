//go:build entc

package gql

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/schema"
)

// SkipMode says what entgql leaves out of the GraphQL schema for a type
// or field.
type SkipMode = entgql.SkipMode

// The skip modes the schema uses.
const (
	SkipAll        = entgql.SkipAll
	SkipOrderField = entgql.SkipOrderField
	SkipWhereInput = entgql.SkipWhereInput
)

// OrderField is entgql.OrderField.
func OrderField(name string) schema.Annotation { return entgql.OrderField(name) }

// MultiOrder is entgql.MultiOrder.
func MultiOrder() schema.Annotation { return entgql.MultiOrder() }

// MapsTo is entgql.MapsTo.
func MapsTo(names ...string) schema.Annotation { return entgql.MapsTo(names...) }

// Skip is entgql.Skip.
func Skip(modes ...SkipMode) schema.Annotation { return entgql.Skip(modes...) }

// RelayConnection is entgql.RelayConnection.
func RelayConnection() schema.Annotation { return entgql.RelayConnection() }
