// Package gql gives the ent schema entgql's annotations when ent generates
// code, and inert stand-ins otherwise.
//
// Annotations matter only to the generator: entc loads ./schema with the
// build tag entc (ent/entc.go), which selects generate.go and entgql's real
// annotations. Every other build (the server, the tests) gets run.go, so
// that the server, which links ent/schema for its field defaults, hooks and
// JSON types, does not link entgql and with it entc/gen, go/packages and
// gqlgen's codegen (see ent/entgqlrt).
package gql
