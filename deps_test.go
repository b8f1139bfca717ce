package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServerLinksNoCodeGenerator: the server binary links none of the code
// generators and migration drivers that the generated code would otherwise
// drag in (ent/entgqlrt, ent/schema/gql and ent/entc.go's
// clientWithoutSchema explain how). Their start-up work (templates parsed,
// tables of rules and dialects built) and their code cost some 10 MB of
// resident memory in a process that never runs them.
func TestServerLinksNoCodeGenerator(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to list the server's dependencies")
	}
	out, err := exec.Command(goCmd, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	if !deps["github.com/comptoir/comptoir/ent"] {
		t.Fatalf("go list -deps . does not list the ent package; is this the server's directory?\n%s", out)
	}
	for _, p := range []string{
		"entgo.io/contrib/entgql",             // the extension: run time is ent/entgqlrt
		"entgo.io/ent/entc/gen",               // ent's generator
		"golang.org/x/tools/go/packages",      // its package loader
		"github.com/99designs/gqlgen/codegen", // gqlgen's generator
		"go/types",
		"ariga.io/atlas/sql/postgres", // atlas's drivers, through the Client's Schema
		"ariga.io/atlas/sql/mysql",
		"ariga.io/atlas/schemahcl",
		"github.com/comptoir/comptoir/ent/migrate",
	} {
		if deps[p] {
			t.Errorf("the server links %s", p)
		}
	}
}
