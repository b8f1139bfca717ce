package graph

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestNullableStringsAreNotPlainStrings lists every nullable String output
// field whose Go value is a plain string (gqlgen marshals those with
// marshalOString2string): such a field can only answer "" where nothing is
// meant, never null. Back it with a resolver returning nilIfBlank (resolvers/
// mapping.go) instead.
func TestNullableStringsAreNotPlainStrings(t *testing.T) {
	b, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?m)^func \(ec \*executionContext\) _(_?[A-Za-z0-9]+)_(_?[A-Za-z0-9]+)\(ctx context\.Context, field graphql\.CollectedField`)
	marshal := regexp.MustCompile(`ec\.marshalOString2string\(`)
	locs := fn.FindAllSubmatchIndex(b, -1)
	if len(locs) < 100 {
		t.Fatalf("found %d field functions in generated.go: the pattern no longer matches gqlgen's output", len(locs))
	}
	// gqlgen's own federation type: _Service.sdl is nullable by the spec and
	// never empty.
	allowed := []string{"_Service.sdl"}
	var bad []string
	for i, l := range locs {
		end := len(b)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if marshal.Match(b[l[1]:end]) {
			name := string(b[l[2]:l[3]]) + "." + string(b[l[4]:l[5]])
			if !slices.Contains(allowed, name) {
				bad = append(bad, name)
			}
		}
	}
	if len(bad) > 0 {
		t.Fatalf("nullable String fields backed by a plain Go string (answer \"\" instead of null): %v", bad)
	}
}
