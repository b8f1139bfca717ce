package main

// Code generation, in dependency order: ent (and entgql) from ent/schema,
// then gqlgen from graph/schema and gqlgen.yml (with its executor trimmed by
// cmd/gqlgenpatch), then the published SDL.
//go:generate go run -C ent -tags entc -mod=mod entc.go
//go:generate go tool gqlgen generate
//go:generate go run ./cmd/gqlgenpatch -values Money,MoneyRange -edge-nodes -leaf-resolvers graph/generated.go
//go:generate go run ./cmd/schemagen
