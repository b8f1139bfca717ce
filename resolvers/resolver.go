// Package resolvers maps GraphQL fields to the domain packages. Resolvers
// parse arguments, call a domain package and map its result; business rules
// live in internal/*.
package resolvers

import (
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/addressbook"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/analytics"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/checkout"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/ledger"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/nodes"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/promotion"
	"github.com/comptoir/comptoir/internal/realtime"
	"github.com/comptoir/comptoir/internal/recommend"
	"github.com/comptoir/comptoir/internal/reviews"
	"github.com/comptoir/comptoir/internal/sales"
	"github.com/comptoir/comptoir/internal/sellers"
	"github.com/comptoir/comptoir/internal/shipping"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/webhook"
	"github.com/comptoir/comptoir/internal/wishlist"
)

// Resolver carries the domain services, built once in server.go.
type Resolver struct {
	Catalog      *catalog.Service
	Accounts     *account.Service
	Inventory    *inventory.Writer
	Addresses    *addressbook.Book
	Carts        *cart.Service
	Checkout     *checkout.Service
	OrderSvc     *orders.Service
	Shipping     *shipping.Admin
	Store        *store.Store
	Live         *realtime.Service
	Webhooks     *webhook.Admin
	WishlistSvc  *wishlist.Service
	SellerSvc    *sellers.Service
	LedgerSvc    *ledger.Ledger
	Sales        *sales.Reports
	Analytics    *analytics.Service
	ReviewSvc    *reviews.Service
	AffiliateSvc *affiliate.Service
	NodeSvc      *nodes.Resolver
	PromotionSvc *promotion.Service
	Recommend    *recommend.Service
	Currency     money.Currency
}
