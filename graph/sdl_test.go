package graph

import (
	"os"
	"testing"
)

// TestSchemaFileIsUpToDate fails when schema.graphql is not what the server
// serves; `go generate ./...` rewrites it.
func TestSchemaFileIsUpToDate(t *testing.T) {
	b, err := os.ReadFile("../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != PrintSDL() {
		t.Fatal("schema.graphql is stale: run go generate ./...")
	}
}
