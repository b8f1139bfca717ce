//go:build !entc

package gql

import "entgo.io/ent/schema"

// SkipMode says what entgql leaves out of the GraphQL schema for a type
// or field (read only when generating).
type SkipMode uint

// The skip modes the schema uses.
const (
	SkipOrderField SkipMode = 1 << iota
	SkipWhereInput
	SkipAll
)

// generateOnly stands for an entgql annotation outside code generation,
// where nothing reads it.
type generateOnly struct{}

// Name is not entgql's "EntGQL", so that nothing could take a stand-in
// for a real annotation.
func (generateOnly) Name() string { return "EntGQLGenerateOnly" }

// OrderField stands for entgql.OrderField.
func OrderField(string) schema.Annotation { return generateOnly{} }

// MultiOrder stands for entgql.MultiOrder.
func MultiOrder() schema.Annotation { return generateOnly{} }

// MapsTo stands for entgql.MapsTo.
func MapsTo(...string) schema.Annotation { return generateOnly{} }

// Skip stands for entgql.Skip.
func Skip(...SkipMode) schema.Annotation { return generateOnly{} }

// RelayConnection stands for entgql.RelayConnection.
func RelayConnection() schema.Annotation { return generateOnly{} }
