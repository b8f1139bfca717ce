// Command schemagen writes schema.graphql: the SDL the server serves,
// federation directives included, printed from the executable schema.
package main

import (
	"log"
	"os"

	"github.com/comptoir/comptoir/graph"
)

func main() {
	if err := os.WriteFile("schema.graphql", []byte(graph.PrintSDL()), 0o644); err != nil {
		log.Fatal(err)
	}
}
