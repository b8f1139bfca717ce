// Package catalog answers what the public may see of the catalog: products
// with their filters, sorts and search, categories, sellers and Relay nodes.
// It also imports catalog files (importer.go). Visibility lives here and
// nowhere else: the public sees only ACTIVE products of ACTIVE sellers.
package catalog

import (
	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/seller"
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

// publicProduct restricts products to what the public may see.
func publicProduct() predicate.Product {
	return product.And(
		product.StatusEQ(product.StatusACTIVE),
		product.HasSellerWith(seller.StatusEQ(seller.StatusACTIVE)),
	)
}

// publicVariant restricts variants to those of public products.
func publicVariant() predicate.ProductVariant {
	return productvariant.HasProductWith(publicProduct())
}

// publicSeller restricts sellers to active ones.
func publicSeller() predicate.Seller { return seller.StatusEQ(seller.StatusACTIVE) }
