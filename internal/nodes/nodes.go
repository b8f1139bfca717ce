// Package nodes resolves Relay global IDs (node(id:), nodes(ids:)) to the
// objects the viewer may read. It decides nothing itself: each type is
// loaded by its ID prefix and filtered by the same visibility function its
// own query uses (policy.ProductView for the catalog, cart.CheckAccess,
// orders.Readable, policy.ManageSeller, ...). Whatever the viewer may not
// read comes back nil, exactly like an unknown ID, so the answer never tells
// a stranger that something exists.
package nodes

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/address"
	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	entcart "github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/discountcode"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/payout"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	entpromotion "github.com/comptoir/comptoir/ent/promotion"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/ent/shippingzone"
	"github.com/comptoir/comptoir/ent/taxrate"
	"github.com/comptoir/comptoir/ent/warehouse"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/ent/webhookendpoint"
	entwishlist "github.com/comptoir/comptoir/ent/wishlist"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/addressbook"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/promotion"
	"github.com/comptoir/comptoir/internal/reviews"
	"github.com/comptoir/comptoir/internal/wishlist"
)

// Resolver loads nodes of every type.
type Resolver struct {
	Client  *ent.Client
	Catalog *catalog.Service
}

// loader loads the objects of one type with these IDs that the viewer may
// read, in a fixed number of statements whatever the number of IDs.
type loader func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error)

// loaders maps an ID prefix to its type's loader. Every GraphQL type that
// implements Node has one: resolvers/node_test.go reads each type in the
// schema through node(id:).
var loaders = map[string]loader{
	ent.IDPrefix(product.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		return all(r.Catalog.ProductsByID(ctx, ids))
	},
	ent.IDPrefix(productvariant.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		return all(r.Catalog.VariantsByID(ctx, ids))
	},
	ent.IDPrefix(seller.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		return all(r.Catalog.SellersByID(ctx, ids))
	},
	ent.IDPrefix(category.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		return all(r.Catalog.CategoriesByID(ctx, ids))
	},
	ent.IDPrefix(entorder.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		return all(orders.Readable(ctx, r.Client, ids))
	},
	ent.IDPrefix(customer.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Customer.Query().Where(customer.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(c *ent.Customer) pulid.ID { return c.ID },
			func(ctx context.Context, c *ent.Customer) error { _, err := policy.OwnAccount(ctx, c.ID); return err })
	},
	ent.IDPrefix(address.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Address.Query().Where(address.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(a *ent.Address) pulid.ID { return a.ID }, addressbook.CanRead)
	},
	ent.IDPrefix(entaffiliate.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Affiliate.Query().Where(entaffiliate.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(a *ent.Affiliate) pulid.ID { return a.ID }, affiliate.CanRead)
	},
	ent.IDPrefix(entcart.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Cart.Query().Where(entcart.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(c *ent.Cart) pulid.ID { return c.ID }, cart.CheckAccess)
	},
	ent.IDPrefix(cartline.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		// A line is readable by whoever may read its cart.
		rows, err := r.Client.CartLine.Query().Where(cartline.IDIn(ids...)).WithCart().All(ctx)
		return keep(ctx, rows, err, func(l *ent.CartLine) pulid.ID { return l.ID },
			func(ctx context.Context, l *ent.CartLine) error { return cart.CheckAccess(ctx, l.Edges.Cart) })
	},
	ent.IDPrefix(review.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := reviews.Readable(ctx, r.Client, ids)
		return keep(ctx, rows, err, func(v *ent.Review) pulid.ID { return v.ID }, nil)
	},
	ent.IDPrefix(entwishlist.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Wishlist.Query().Where(entwishlist.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(w *ent.Wishlist) pulid.ID { return w.ID }, wishlist.CanRead)
	},
	ent.IDPrefix(wishlistitem.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.WishlistItem.Query().Where(wishlistitem.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(it *ent.WishlistItem) pulid.ID { return it.ID }, wishlist.CanReadItem)
	},
	// A seller's books: its members and admins, as Ledger.Entries and
	// Ledger.Payouts decide.
	ent.IDPrefix(sellerledgerentry.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.SellerLedgerEntry.Query().Where(sellerledgerentry.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(e *ent.SellerLedgerEntry) pulid.ID { return e.ID },
			func(ctx context.Context, e *ent.SellerLedgerEntry) error {
				_, err := policy.ManageSeller(ctx, e.SellerID)
				return err
			})
	},
	ent.IDPrefix(payout.Table): func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := r.Client.Payout.Query().Where(payout.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(p *ent.Payout) pulid.ID { return p.ID },
			func(ctx context.Context, p *ent.Payout) error {
				_, err := policy.ManageSeller(ctx, p.SellerID)
				return err
			})
	},
	// The shop's setup: admins, as the setup queries decide; nothing is
	// loaded for anyone else.
	ent.IDPrefix(taxrate.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.TaxRate.Query().Where(taxrate.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.TaxRate) pulid.ID { return x.ID }, nil)
	}),
	ent.IDPrefix(shippingzone.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.ShippingZone.Query().Where(shippingzone.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.ShippingZone) pulid.ID { return x.ID }, nil)
	}),
	ent.IDPrefix(shippingmethod.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.ShippingMethod.Query().Where(shippingmethod.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.ShippingMethod) pulid.ID { return x.ID }, nil)
	}),
	ent.IDPrefix(discountcode.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.DiscountCode.Query().Where(discountcode.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.DiscountCode) pulid.ID { return x.ID }, nil)
	}),
	// Promotions: admins, and the members of the seller running one.
	ent.IDPrefix(entpromotion.Table): sellersAndAdmins(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.Promotion.Query().Where(entpromotion.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.Promotion) pulid.ID { return x.ID }, promotion.Readable)
	}),
	ent.IDPrefix(webhookendpoint.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.WebhookEndpoint) pulid.ID { return x.ID }, nil)
	}),
	// Sellers' members read warehouses through their variants' inventoryLevels.
	ent.IDPrefix(warehouse.Table): sellersAndAdmins(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.Warehouse.Query().Where(warehouse.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.Warehouse) pulid.ID { return x.ID }, nil)
	}),
	ent.IDPrefix(webhookdelivery.Table): adminOnly(func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		rows, err := c.WebhookDelivery.Query().Where(webhookdelivery.IDIn(ids...)).All(ctx)
		return keep(ctx, rows, err, func(x *ent.WebhookDelivery) pulid.ID { return x.ID }, nil)
	}),
}

// Load returns the objects with these IDs, in the order given, with nil
// where an ID is unknown, of a type that is not a Node, or not visible to
// the viewer. It runs a fixed number of statements per type present (one for
// most; see each loader), whatever the number of IDs.
// Errors: BAD_USER_INPUT for more than pagination.Max IDs.
func (r *Resolver) Load(ctx context.Context, ids []pulid.ID) ([]ent.Noder, error) {
	if len(ids) > pagination.Max {
		return nil, apperr.BadInput([]string{"ids"}, "at most %d ids", pagination.Max)
	}
	byPrefix := map[string][]pulid.ID{}
	for _, id := range ids {
		byPrefix[id.Prefix()] = append(byPrefix[id.Prefix()], id)
	}
	found := make(map[pulid.ID]ent.Noder, len(ids))
	for prefix, group := range byPrefix {
		load, ok := loaders[prefix]
		if !ok {
			continue
		}
		m, err := load(ctx, r, group)
		if err != nil {
			return nil, fmt.Errorf("load %s nodes: %w", prefix, err)
		}
		for id, n := range m {
			found[id] = n
		}
	}
	out := make([]ent.Noder, len(ids))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}

// all widens a map of one node type.
func all[T ent.Noder](m map[pulid.ID]T, err error) (map[pulid.ID]ent.Noder, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID]ent.Noder, len(m))
	for id, n := range m {
		out[id] = n
	}
	return out, nil
}

// keep keeps the rows the viewer may read (may returns nil; a nil may
// keeps all). A refusal drops the row; any other error fails the load.
func keep[T ent.Noder](ctx context.Context, rows []T, err error, id func(T) pulid.ID, may func(context.Context, T) error) (map[pulid.ID]ent.Noder, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID]ent.Noder, len(rows))
	for _, row := range rows {
		var err error
		if may != nil {
			err = may(ctx, row)
		}
		if apperr.Refused(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id(row)] = row
	}
	return out, nil
}

// adminOnly loads for admins (policy.RequireAdmin) and returns nothing,
// without a statement, to anyone else.
func adminOnly(load func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error)) loader {
	return requiring(policy.Admin, load)
}

// sellersAndAdmins serves a type to members of any seller and admins.
func sellersAndAdmins(load func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error)) loader {
	return requiring(policy.Seller, load)
}

// requiring serves a type to viewers holding role, and null to others.
func requiring(role policy.Role, load func(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]ent.Noder, error)) loader {
	return func(ctx context.Context, r *Resolver, ids []pulid.ID) (map[pulid.ID]ent.Noder, error) {
		_, err := policy.Require(ctx, role)
		if apperr.Refused(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return load(ctx, r.Client, ids)
	}
}
