// Package testcatalog loads the 5,000-product reference catalog
// (internal/refcatalog) into a test's store: the catalog plan and
// allocation tests measure against it.
package testcatalog

import (
	"context"
	"testing"

	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/refcatalog"
	"github.com/comptoir/comptoir/internal/store"
)

// Import imports the reference catalog into st, failing tb on any error.
func Import(tb testing.TB, st *store.Store) {
	tb.Helper()
	f, err := refcatalog.Open()
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := catalog.Import(context.Background(), st, f); err != nil {
		tb.Fatalf("import the reference catalog: %v", err)
	}
}
