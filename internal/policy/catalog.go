package policy

import (
	"context"
	"fmt"
	"slices"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
)

// Who may see a product is decided here and nowhere else. The rule:
//
//   - the public sees a product when it is ACTIVE and its seller is ACTIVE
//     (every product has a seller: the column is required);
//   - the members of the product's seller and admins see it in every
//     status (DRAFT, ACTIVE, ARCHIVED), whatever the seller's status.
//
// It comes in two forms derived from the same two constants and the same
// shape: Products/Variants, predicates for ent queries, and Sees, the check
// for a row already loaded (with its seller's status). catalog_test.go holds
// them to the same answers on a real database.
//
// Two views exist. Reader is what the request's viewer may read (product(id:),
// node(id:), _entities, Seller.products, the loaders behind order lines,
// reviews and wishlist items). Shopper is what anyone may buy, wish for, be
// alerted about or review: public products only, for every viewer, so that a
// member cannot put its seller's draft in a cart.
const (
	publicProductStatus = product.StatusACTIVE
	publicSellerStatus  = seller.StatusACTIVE
)

// ProductView is the set of products a viewer may see: the public ones, plus
// every product of some sellers (its memberships), or every product (staff).
type ProductView struct {
	all     bool
	sellers []pulid.ID
}

// Shopper is the view of the paths that sell: cart lines, checkout, wishlist
// items, stock alerts, reviews. The public's, whoever asks.
func Shopper() ProductView { return ProductView{} }

// Reader is the view of the request's viewer: admins see every product, a
// seller's members every product of that seller, everyone else (anonymous,
// or a token whose session ended) the public ones. Anonymous requests cost no
// statement; a signed-in one loads its viewer once per request. Errors: only
// the store's.
func Reader(ctx context.Context) (ProductView, error) {
	v, err := account.CurrentViewer(ctx)
	if apperr.Refused(err) {
		return Shopper(), nil
	}
	if err != nil {
		return ProductView{}, fmt.Errorf("product view: %w", err)
	}
	return ViewOf(v), nil
}

// ViewOf is Reader for a viewer already at hand (nil: the public).
func ViewOf(v *account.Viewer) ProductView {
	if v == nil {
		return Shopper()
	}
	if v.IsAdmin() {
		return ProductView{all: true}
	}
	var sellers []pulid.ID
	for _, m := range v.Customer.Edges.Memberships {
		sellers = append(sellers, m.SellerID)
	}
	return ProductView{sellers: sellers}
}

// Manages reports whether the view covers every product of a seller, in every
// status: the seller's members and admins.
func (v ProductView) Manages(sellerID pulid.ID) bool {
	return v.all || slices.Contains(v.sellers, sellerID)
}

// Sees reports whether the view covers a loaded product, given its seller's
// status. It is Products for one row.
func (v ProductView) Sees(status product.Status, sellerID pulid.ID, sellerStatus seller.Status) bool {
	return v.Manages(sellerID) || (status == publicProductStatus && sellerStatus == publicSellerStatus)
}

// Products restricts a product query to the view.
func (v ProductView) Products() predicate.Product {
	if v.all {
		return everything
	}
	public := product.And(
		product.StatusEQ(publicProductStatus),
		product.HasSellerWith(PublicSeller()),
	)
	if len(v.sellers) == 0 {
		return public
	}
	return product.Or(product.SellerIDIn(v.sellers...), public)
}

// Variants restricts a variant query to variants of the view's products.
func (v ProductView) Variants() predicate.ProductVariant {
	if v.all {
		return everything
	}
	return productvariant.HasProductWith(v.Products())
}

// everything is a true condition rather than none, so that it composes
// inside Or and Not like any other predicate.
func everything(s *entsql.Selector) { s.Where(entsql.Not(entsql.False())) }

// PublicSeller restricts sellers to those the public sees: ACTIVE ones.
func PublicSeller() predicate.Seller { return seller.StatusEQ(publicSellerStatus) }

// ProductColumn restricts rows of any table whose column holds a product ID
// (reviews, order lines) to the view's products, with a subquery: convert it
// to the table's predicate type, such as predicate.Review.
func (v ProductView) ProductColumn(column string) func(*entsql.Selector) {
	if v.all {
		return everything
	}
	return func(s *entsql.Selector) {
		t := entsql.Table(product.Table)
		sub := entsql.Dialect(s.Dialect()).Select(t.C(product.FieldID)).From(t)
		v.Products()(sub)
		s.Where(entsql.In(s.C(column), sub))
	}
}
