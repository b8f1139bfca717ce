// Package catalog answers what the public may see of the catalog: products
// with their filters, sorts and search, categories, sellers and Relay nodes.
// It also imports catalog files (importer.go). Who may see a product is
// policy.ProductView's to say (policy/catalog.go): listings show the public
// view to everyone; reads by ID and a seller's own listing show the viewer's.
package catalog

import (
	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/search"
	"github.com/comptoir/comptoir/internal/store"
)

// Service is the catalog: the public read side and, in manage_*.go, the
// management mutations for sellers and staff.
type Service struct {
	st       *store.Store
	client   *ent.Client
	search   search.Engine
	currency money.Currency
}

// New returns a catalog service over the store; currency is the catalog
// currency that price filters are read in.
func New(st *store.Store, currency money.Currency) *Service {
	return &Service{st: st, client: st.Client, search: search.New(st), currency: currency}
}

// Client exposes the ent client for request-scoped loaders.
func (s *Service) Client() *ent.Client { return s.client }
