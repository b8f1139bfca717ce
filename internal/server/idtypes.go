package server

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/ent/affiliate"
	"github.com/comptoir/comptoir/ent/cart"
	"github.com/comptoir/comptoir/ent/cartline"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/orderreturn"
	"github.com/comptoir/comptoir/ent/payout"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/promotion"
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
	"github.com/comptoir/comptoir/ent/wishlist"
	"github.com/comptoir/comptoir/ent/wishlistitem"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/shipping"
)

// idOfDirective marks, in the schema, an argument or input field of type
// ID (or a list of IDs) with the GraphQL types whose IDs it takes:
// @idOf(types: ["Cart"]).
const idOfDirective = "idOf"

// idPrefixes maps each GraphQL type whose ID an argument may take to the
// prefix its IDs carry. IDs encode their type (ent/schema/pulid), so a
// well-formed ID of another type is a client's mix-up that the check below
// names, where a lookup would only say NOT_FOUND.
var idPrefixes = map[string]string{
	"Affiliate":         ent.IDPrefix(affiliate.Table),
	"Cart":              ent.IDPrefix(cart.Table),
	"CartLine":          ent.IDPrefix(cartline.Table),
	"Category":          ent.IDPrefix(category.Table),
	"Customer":          ent.IDPrefix(customer.Table),
	"DiscountCode":      ent.IDPrefix(discountcode.Table),
	"Fulfillment":       ent.IDPrefix(fulfillment.Table),
	"MailingAddress":    ent.IDPrefix(address.Table),
	"Order":             ent.IDPrefix(order.Table),
	"Promotion":         ent.IDPrefix(promotion.Table),
	"OrderLine":         ent.IDPrefix(orderline.Table),
	"OrderReturn":       ent.IDPrefix(orderreturn.Table),
	"Payout":            ent.IDPrefix(payout.Table),
	"Product":           ent.IDPrefix(product.Table),
	"ProductVariant":    ent.IDPrefix(productvariant.Table),
	"Review":            ent.IDPrefix(review.Table),
	"Seller":            ent.IDPrefix(seller.Table),
	"SellerLedgerEntry": ent.IDPrefix(sellerledgerentry.Table),
	"ShippingMethod":    ent.IDPrefix(shippingmethod.Table),
	"ShippingRate":      shipping.RatePrefix,
	"ShippingZone":      ent.IDPrefix(shippingzone.Table),
	"TaxRate":           ent.IDPrefix(taxrate.Table),
	"Warehouse":         ent.IDPrefix(warehouse.Table),
	"WebhookDelivery":   ent.IDPrefix(webhookdelivery.Table),
	"WebhookEndpoint":   ent.IDPrefix(webhookendpoint.Table),
	"Wishlist":          ent.IDPrefix(wishlist.Table),
	"WishlistItem":      ent.IDPrefix(wishlistitem.Table),
}

// typeOfPrefix names the type of an ID's prefix, for messages.
var typeOfPrefix = func() map[string]string {
	m := make(map[string]string, len(idPrefixes))
	for typ, p := range idPrefixes {
		m[p] = typ
	}
	return m
}()

// idTypes reads the @idOf directive of an argument or input field: the
// prefixes it accepts, and its types for messages; nil when it has none.
func idTypes(dirs ast.DirectiveList) (prefixes []string, types []string, err error) {
	d := dirs.ForName(idOfDirective)
	if d == nil {
		return nil, nil, nil
	}
	arg := d.Arguments.ForName("types")
	if arg == nil || arg.Value == nil {
		return nil, nil, fmt.Errorf("@%s without types", idOfDirective)
	}
	for _, c := range arg.Value.Children {
		p, ok := idPrefixes[c.Value.Raw]
		if !ok {
			return nil, nil, fmt.Errorf("@%s names %q, which has no ID prefix (add it to idPrefixes)", idOfDirective, c.Value.Raw)
		}
		prefixes, types = append(prefixes, p), append(types, c.Value.Raw)
	}
	return prefixes, types, nil
}

// checkIDTypes checks every schema directive @idOf names a known type, so
// that a typo fails at start-up, not on a request.
func checkIDTypes(s *ast.Schema) error {
	check := func(where string, dirs ast.DirectiveList) error {
		if _, _, err := idTypes(dirs); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		return nil
	}
	for _, t := range s.Types {
		for _, f := range t.Fields {
			if err := check(t.Name+"."+f.Name, f.Directives); err != nil {
				return err
			}
			for _, a := range f.Arguments {
				if err := check(t.Name+"."+f.Name+"("+a.Name+")", a.Directives); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// wrongIDTypes walks the arguments of the selections of an operation (each
// fragment once) and refuses the first well-formed ID whose type the
// argument or input field does not take, as BAD_USER_INPUT naming it.
// Malformed IDs are left to the ID scalar, which names them too.
func (t *inputCheck) wrongIDTypes(doc *ast.QueryDocument, set ast.SelectionSet, vars map[string]any, seen map[string]bool) *gqlerror.Error {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Definition != nil {
				for _, a := range sel.Arguments {
					def := sel.Definition.Arguments.ForName(a.Name)
					if def == nil || a.Value == nil {
						continue
					}
					v, err := a.Value.Value(vars)
					if err != nil {
						continue // validation's business
					}
					where, why := t.wrongID(v, def.Type, def.Directives, ast.Path{ast.PathName(a.Name)})
					if why == "" && def.Type.Name() == "Cursor" {
						where, why = ast.Path{ast.PathName(a.Name)}, t.foreignCursor(v, sel.Definition.Type)
					}
					if why != "" {
						err := gqlerror.ErrorPosf(a.Value.Position, "argument %s of %s: %s", dotted(where), sel.Name, why)
						err.Extensions = map[string]any{"code": string(apperr.BadUserInput)}
						return err
					}
				}
			}
			if err := t.wrongIDTypes(doc, sel.SelectionSet, vars, seen); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := t.wrongIDTypes(doc, sel.SelectionSet, vars, seen); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if seen[sel.Name] {
				continue
			}
			seen[sel.Name] = true
			if f := doc.Fragments.ForName(sel.Name); f != nil {
				if err := t.wrongIDTypes(doc, f.SelectionSet, vars, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// wrongID checks one coerced value against its schema type: an ID (or
// list of IDs) marked @idOf, or an input object whose fields may be.
func (t *inputCheck) wrongID(v any, typ *ast.Type, dirs ast.DirectiveList, path ast.Path) (ast.Path, string) {
	if v == nil || typ == nil {
		return nil, ""
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value given for a list
			return t.wrongID(v, typ.Elem, dirs, path)
		}
		for i, e := range list {
			if p, why := t.wrongID(e, typ.Elem, dirs, append(path[:len(path):len(path)], ast.PathIndex(i))); why != "" {
				return p, why
			}
		}
		return nil, ""
	}
	if typ.NamedType == "ID" {
		prefixes, types, err := idTypes(dirs)
		s, ok := v.(string)
		if err != nil || prefixes == nil || !ok {
			return nil, ""
		}
		id, err := pulid.Parse(s)
		if err != nil {
			return nil, ""
		}
		for _, p := range prefixes {
			if id.Prefix() == p {
				return nil, ""
			}
		}
		got := typeOfPrefix[id.Prefix()]
		if got == "" {
			got = "an unknown type"
		}
		return path, fmt.Sprintf("an ID of %s where one of %s is expected", got, strings.Join(types, " or "))
	}
	def := t.schema.Types[typ.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil, ""
	}
	for _, f := range def.Fields {
		fv, present := obj[f.Name]
		if !present {
			continue
		}
		if p, why := t.wrongID(fv, f.Type, f.Directives, append(path[:len(path):len(path)], ast.PathName(f.Name))); why != "" {
			return p, why
		}
	}
	return nil, ""
}

// foreignCursor says why a decodable cursor does not belong to the
// connection it is given to (a Category's cursor for products), or "":
// paging from it would silently start somewhere meaningless. Cursors carry
// the ID of their node, whose prefix names its type.
func (t *inputCheck) foreignCursor(v any, conn *ast.Type) string {
	raw, ok := v.(string)
	if !ok || conn == nil {
		return ""
	}
	node := t.connectionNode(conn.Name())
	want, known := idPrefixes[node]
	if !known {
		return "" // not a connection of typed nodes
	}
	c, err := pagination.UnmarshalCursor(raw)
	if err != nil || c.ID == "" {
		return ""
	}
	if c.ID.Prefix() == want {
		return ""
	}
	got := typeOfPrefix[c.ID.Prefix()]
	if got == "" {
		got = "an unknown type"
	}
	return fmt.Sprintf("a cursor of a connection of %s where one of %s is expected", got, node)
}

// connectionNode names the node type of a Relay connection type, or "".
func (t *inputCheck) connectionNode(name string) string {
	def := t.schema.Types[name]
	if def == nil {
		return ""
	}
	edges := def.Fields.ForName("edges")
	if edges == nil {
		return ""
	}
	edge := t.schema.Types[edges.Type.Name()]
	if edge == nil {
		return ""
	}
	node := edge.Fields.ForName("node")
	if node == nil {
		return ""
	}
	return node.Type.Name()
}
