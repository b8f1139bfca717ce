// Package seed ships the demo catalog inside the binary (the first 300
// products of the reference catalog) and loads it into an empty store.
package seed

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/store"
)

//go:embed demo.jsonl
var demo []byte

// Demo imports the demo catalog. Like any import it changes nothing when
// loaded again.
func Demo(ctx context.Context, st *store.Store) (*catalog.ImportResult, error) {
	return catalog.Import(ctx, st, bytes.NewReader(demo))
}

// DemoIfEmpty imports the demo catalog when the store has no products and no
// sellers, and reports whether it did.
func DemoIfEmpty(ctx context.Context, st *store.Store) (bool, error) {
	n, err := st.Client.Product.Query().Count(ctx)
	if err != nil {
		return false, fmt.Errorf("count products: %w", err)
	}
	s, err := st.Client.Seller.Query().Count(ctx)
	if err != nil {
		return false, fmt.Errorf("count sellers: %w", err)
	}
	if n > 0 || s > 0 {
		return false, nil
	}
	res, err := Demo(ctx, st)
	if err != nil {
		return false, err
	}
	if len(res.Errors) > 0 {
		return true, fmt.Errorf("demo catalog: %v", res.Errors[0])
	}
	return true, nil
}
