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

// TestLinkerDropsUnusedMethods: Go's linker removes the exported methods
// nothing calls, unless a function in the binary looks methods up by
// reflection (reflect's Method or MethodByName; text/template and
// html/template do, for every field they print). One such function keeps
// every exported method of every type that reaches an interface: 63,000
// functions, 49 MB of a 119 MB binary and some 11 MB of resident memory
// under load. internal/notify's templates.go, internal/playground's
// renderPage, internal/telemetry's otlpHTTP and the patch in
// third_party/entgo.io/ent (see its COMPTOIR.md) keep such lookups out of
// the server. This checks the binary TestMain built for methods that only a
// reflective lookup would keep. If it fails, `go build -ldflags=-dumpdep .`
// marks the culprit <ReflectMethod>; find what reaches it.
func TestLinkerDropsUnusedMethods(t *testing.T) {
	// go tool nm reads the symbol table of any executable format.
	out, err := exec.Command("go", "tool", "nm", binary).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	have := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		// "address type name", the name possibly with spaces (generics).
		if f := strings.Fields(line); len(f) >= 3 {
			have[strings.Join(f[2:], " ")] = true
		}
	}
	// A method the server calls is there: the check reads the right table.
	if !have["github.com/comptoir/comptoir/ent.(*ProductQuery).All"] {
		t.Fatalf("the binary has no ent.(*ProductQuery).All among its %d symbols; is the symbol table there?", len(have))
	}
	for _, m := range []string{
		"github.com/wneessen/go-mail.(*Msg).SetBodyHTMLTemplate", // mails are rendered by our code
		"github.com/redis/go-redis/v9.(*Client).ClusterInfo",     // no cluster commands
		"github.com/comptoir/comptoir/ent.(*ProductQuery).ForShare",
	} {
		if have[m] {
			t.Errorf("the server binary keeps %s, which nothing calls: something looks methods up by reflection", m)
		}
	}
}
