package resolvers_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/discountcode"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/testdb"
)

// wantNodesStatements is, for nodes(ids:) over the eight types of
// TestNodesStatementsPerTypeNotPerID as an admin: 3 to load the signed-in
// viewer (as for { me { id } }), one per type, plus the carts of the cart
// lines and the sellers of the orders' lines.
const wantNodesStatements = 3 + 8 + 2

// nodeCase is one Node type (or one state of it) read through node(id:).
type nodeCase struct {
	name     string // the case; starts with the GraphQL type name
	typename string
	field    string // a field of the type read back through the fragment
	// readers are the actors (see actors) that get the object; every other
	// actor gets null.
	readers string
	// make writes the object and returns its id and the field's value.
	make func(t *testing.T, w *world) (pulid.ID, any)
}

var nodeCases = []nodeCase{
	{name: "Customer", typename: "Customer", field: "email", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			return w.customerID("customer"), "customer@example.com"
		}},
	{name: "MailingAddress", typename: "MailingAddress", field: "city", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			a := w.st.Client.Address.Create().SetCustomerID(w.customerID("customer")).SetAddress1("1 rue de la Paix").
				SetCity("Lyon").SetCountryCode("FR").SaveX(context.Background())
			return a.ID, "Lyon"
		}},
	{name: "Affiliate", typename: "Affiliate", field: "code", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			a := w.affiliateOf(t, "customer")
			return a.ID, a.Code
		}},
	{name: "Cart of a customer", typename: "Cart", field: "note", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			c := w.st.Client.Cart.Create().SetCurrency("EUR").SetCustomerID(w.customerID("customer")).SetNote("mine").SaveX(context.Background())
			return c.ID, "mine"
		}},
	{name: "Cart of a guest", typename: "Cart", field: "note", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			c := w.st.Client.Cart.Create().SetCurrency("EUR").SetNote("guest").SaveX(context.Background())
			return c.ID, "guest"
		}},
	{name: "CartLine", typename: "CartLine", field: "quantity", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			ctx := context.Background()
			c := w.st.Client.Cart.Create().SetCurrency("EUR").SetCustomerID(w.customerID("customer")).SaveX(ctx)
			_, v := w.product(t)
			l := w.st.Client.CartLine.Create().SetCartID(c.ID).SetVariantID(v.ID).SetQuantity(2).SaveX(ctx)
			return l.ID, float64(2)
		}},
	{name: "Seller", typename: "Seller", field: "name", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			s := w.sellerOf(t, seller.StatusACTIVE)
			return s.ID, s.Name
		}},
	{name: "Seller suspended", typename: "Seller", field: "name", readers: "",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			s := w.sellerOf(t, seller.StatusSUSPENDED)
			return s.ID, s.Name
		}},
	{name: "Category", typename: "Category", field: "name", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) { return w.category.ID, w.category.Name }},
	{name: "Product", typename: "Product", field: "name", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p, _ := w.product(t)
			return p.ID, p.Name
		}},
	// A seller's members and admins read its products in every status.
	{name: "Product draft", typename: "Product", field: "name", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p, _ := w.product(t)
			w.st.Client.Product.UpdateOne(p).SetStatus(product.StatusDRAFT).ExecX(context.Background())
			return p.ID, p.Name
		}},
	{name: "Product archived", typename: "Product", field: "name", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p, _ := w.product(t)
			w.st.Client.Product.UpdateOne(p).SetStatus(product.StatusARCHIVED).ExecX(context.Background())
			return p.ID, p.Name
		}},
	{name: "Product of a suspended seller", typename: "Product", field: "name", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			ctx := context.Background()
			p := w.st.Client.Product.Create().SetName("Suspended thing").SetSlug(fmt.Sprintf("suspended-%d", w.n.Add(1))).
				SetSellerID(w.sellerOf(t, seller.StatusSUSPENDED).ID).SetStatus(product.StatusACTIVE).SaveX(ctx)
			return p.ID, p.Name
		}},
	{name: "ProductVariant of a draft", typename: "ProductVariant", field: "sku", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p, v := w.product(t)
			w.st.Client.Product.UpdateOne(p).SetStatus(product.StatusDRAFT).ExecX(context.Background())
			return v.ID, v.Sku
		}},
	{name: "ProductVariant", typename: "ProductVariant", field: "sku", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			_, v := w.product(t)
			return v.ID, v.Sku
		}},
	{name: "SellerLedgerEntry", typename: "SellerLedgerEntry", field: "type", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			e := w.st.Client.SellerLedgerEntry.Create().SetSellerID(w.seller.ID).SetType(sellerledgerentry.TypeSALE).
				SetGross(1000).SetPending(900).SetCurrency("EUR").SetKey(fmt.Sprintf("node-%d", w.n.Add(1))).SaveX(context.Background())
			return e.ID, "SALE"
		}},
	{name: "Payout", typename: "Payout", field: "reference", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p := w.st.Client.Payout.Create().SetSellerID(w.seller.ID).SetAmount(500).SetCurrency("EUR").SetReference("WIRE-1").
				SetIdempotencyKey(fmt.Sprintf("node-%d", w.n.Add(1))).SaveX(context.Background())
			return p.ID, "WIRE-1"
		}},
	{name: "Review approved", typename: "Review", field: "title", readers: "anonymous,customer,stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			r := w.reviewBy(t, "customer", review.StatusAPPROVED)
			return r.ID, r.Title
		}},
	// The review of a hidden product: its author, the product's readers.
	{name: "Review of a draft", typename: "Review", field: "title", readers: "customer,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			r := w.reviewBy(t, "customer", review.StatusAPPROVED)
			w.st.Client.Product.UpdateOneID(r.ProductID).SetStatus(product.StatusDRAFT).ExecX(context.Background())
			return r.ID, r.Title
		}},
	{name: "Review pending", typename: "Review", field: "title", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			r := w.reviewBy(t, "customer", review.StatusPENDING)
			return r.ID, r.Title
		}},
	{name: "TaxRate", typename: "TaxRate", field: "countryCode", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			r := w.st.Client.TaxRate.Create().SetCountryCode("DE").SetProvinceCode(fmt.Sprintf("P%d", w.n.Add(1))).SetRatePpm(190000).SaveX(context.Background())
			return r.ID, "DE"
		}},
	{name: "ShippingZone", typename: "ShippingZone", field: "name", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			z := w.st.Client.ShippingZone.Create().SetName("Europe").SetCountries([]string{"FR"}).SaveX(context.Background())
			return z.ID, "Europe"
		}},
	{name: "ShippingMethod", typename: "ShippingMethod", field: "name", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			ctx := context.Background()
			z := w.st.Client.ShippingZone.Create().SetName("Europe").SetCountries([]string{"FR"}).SaveX(ctx)
			m := w.st.Client.ShippingMethod.Create().SetZoneID(z.ID).SetName("Standard").SetKind(shippingmethod.KindFLAT).
				SetPrice(500).SetCurrency("EUR").SaveX(ctx)
			return m.ID, "Standard"
		}},
	{name: "DiscountCode", typename: "DiscountCode", field: "code", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			code := fmt.Sprintf("NODE%d", w.n.Add(1))
			d := w.st.Client.DiscountCode.Create().SetCode(code).SetCodeKey(strings.ToLower(code)).SetKind(discountcode.KindPERCENTAGE).
				SetValue(10).SetCurrency("EUR").SaveX(context.Background())
			return d.ID, code
		}},
	{name: "Promotion of a seller", typename: "Promotion", field: "title", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p := w.st.Client.Promotion.Create().SetTitle("Owned sale").SetSellerID(w.seller.ID).SetActive(false).
				SetKind("PERCENTAGE").SetValue(1000).SetCurrency("EUR").SaveX(context.Background())
			return p.ID, "Owned sale"
		}},
	{name: "Promotion of the platform", typename: "Promotion", field: "title", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			p := w.st.Client.Promotion.Create().SetTitle("Platform sale").SetActive(false).
				SetKind("FREE_SHIPPING").SetCurrency("EUR").SaveX(context.Background())
			return p.ID, "Platform sale"
		}},
	{name: "Warehouse", typename: "Warehouse", field: "code", readers: "stranger,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			code := fmt.Sprintf("node-%d", w.n.Add(1))
			wh := w.st.Client.Warehouse.Create().SetCode(code).SetName("Node").SaveX(context.Background())
			return wh.ID, code
		}},
	{name: "WebhookEndpoint", typename: "WebhookEndpoint", field: "url", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			e := w.st.Client.WebhookEndpoint.Create().SetURL("https://hooks.example.com/a").SetEventTypes([]string{"order.placed"}).
				SetSecret("0123456789abcdef").SaveX(context.Background())
			return e.ID, "https://hooks.example.com/a"
		}},
	{name: "WebhookDelivery", typename: "WebhookDelivery", field: "eventType", readers: "admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			ctx := context.Background()
			e := w.st.Client.WebhookEndpoint.Create().SetURL("https://hooks.example.com/b").SetEventTypes([]string{"order.placed"}).
				SetSecret("0123456789abcdef").SaveX(ctx)
			d := w.st.Client.WebhookDelivery.Create().SetEndpointID(e.ID).SetEventID("oev_1").SetEventType("order.placed").
				SetPayload("{}").SetNextAttemptAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
			return d.ID, "order.placed"
		}},
	{name: "Wishlist", typename: "Wishlist", field: "name", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			l := w.wishlistOf(t, "customer", false)
			return l.ID, l.Name
		}},
	{name: "WishlistItem", typename: "WishlistItem", field: "id", readers: "customer,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			l := w.wishlistOf(t, "customer", true)
			it := l.QueryItems().OnlyX(context.Background())
			return it.ID, string(it.ID)
		}},
	{name: "Order", typename: "Order", field: "number", readers: "customer,owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			o := w.orderOf(t, "customer")
			return o.ID, float64(o.Number)
		}},
	// A guest proves the order's email with order(id:, email:); node(id:)
	// takes no email, so without that proof in the request a guest order is
	// its sellers' and the admins' only.
	{name: "Order of a guest", typename: "Order", field: "number", readers: "owner,admin",
		make: func(t *testing.T, w *world) (pulid.ID, any) {
			o := w.orderOf(t, "")
			return o.ID, float64(o.Number)
		}},
}

// orderOf writes a paid order of actor's ("" for a guest's) with one line
// of the owned seller.
func (w *world) orderOf(t *testing.T, actor string) *ent.Order {
	ctx := context.Background()
	p, v := w.product(t)
	i := w.n.Add(1)
	create := w.st.Client.Order.Create().SetNumber(900000 + i).SetEmail("guest@example.com").
		SetCartID(pulid.ID(fmt.Sprintf("crt_n%d", i))).SetIdempotencyKey(fmt.Sprintf("node-%d", i)).
		SetStatus(entorder.StatusPAID).SetCurrency("EUR").SetSubtotal(1000).SetTotal(1000)
	if actor != "" {
		create.SetEmail(actor + "@example.com").SetCustomerID(w.customerID(actor))
	}
	o := create.SaveX(ctx)
	w.st.Client.OrderLine.Create().SetOrderID(o.ID).SetVariantID(v.ID).SetProductID(p.ID).SetSellerID(w.seller.ID).
		SetProductName(p.Name).SetSku(v.Sku).SetQuantity(1).SetUnitPrice(1000).SetSubtotal(1000).SetTotal(1000).ExecX(ctx)
	return o
}

// TestNodeServesEveryTypeToItsReaders reads each Node type through
// node(id:) and nodes(ids:) as every actor: its readers get the object
// (same id and __typename, a field), everyone else null and no error.
func TestNodeServesEveryTypeToItsReaders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		for _, tc := range nodeCases {
			t.Run(tc.name, func(t *testing.T) {
				id, want := tc.make(t, w)
				query := fmt.Sprintf(`query($id: ID!) {
  node(id: $id) { __typename id ... on %[1]s { %[2]s } }
  nodes(ids: [$id]) { __typename id ... on %[1]s { %[2]s } }
}`, tc.typename, tc.field)
				readers := map[string]bool{}
				for _, a := range strings.Split(tc.readers, ",") {
					readers[a] = true
				}
				for _, actor := range actors {
					data, errs := gql(t, w, actor, query, map[string]any{"id": id})
					if len(errs) > 0 {
						t.Fatalf("%s: errors %v", actor, errs)
					}
					for _, path := range []string{"node", "nodes.0"} {
						got := get(data, path)
						if !readers[actor] {
							if got != nil {
								t.Errorf("%s: %s = %v, want null", actor, path, got)
							}
							continue
						}
						if str(data, path+".id") != string(id) || str(data, path+".__typename") != tc.typename {
							t.Errorf("%s: %s = %v, want %s %s", actor, path, got, tc.typename, id)
						}
						if v := get(data, path+"."+tc.field); v != want {
							t.Errorf("%s: %s.%s = %#v, want %#v", actor, path, tc.field, v, want)
						}
					}
				}
			})
		}
	})
}

// TestNodeCasesCoverEveryNodeType fails when a type implementing Node has
// no case above, so a new Node type cannot ship without its test.
func TestNodeCasesCoverEveryNodeType(t *testing.T) {
	c := apitest.New(t, testdb.Open(t, testdb.Dialects[0]))
	var out struct {
		Type struct{ PossibleTypes []struct{ Name string } } `json:"__type"`
	}
	c.Query(t, `{ __type(name: "Node") { possibleTypes { name } } }`, nil).Decode(t, &out)
	var schemaTypes []string
	for _, pt := range out.Type.PossibleTypes {
		schemaTypes = append(schemaTypes, pt.Name)
	}
	if len(schemaTypes) == 0 {
		t.Fatal("no Node types in the schema")
	}
	covered := map[string]bool{}
	for _, tc := range nodeCases {
		covered[tc.typename] = true
	}
	var tested []string
	for n := range covered {
		tested = append(tested, n)
	}
	sort.Strings(schemaTypes)
	sort.Strings(tested)
	if strings.Join(schemaTypes, ",") != strings.Join(tested, ",") {
		t.Fatalf("Node types in the schema:\n  %v\nNode types with a case:\n  %v", schemaTypes, tested)
	}
}

// TestNodesStatementsPerTypeNotPerID asks nodes(ids:) for several ids of
// several types: the statement count is the same for one and for three
// ids of each type.
func TestNodesStatementsPerTypeNotPerID(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		kinds := []string{"Product", "Cart of a customer", "CartLine", "Order", "Review approved", "TaxRate", "Wishlist", "SellerLedgerEntry"}
		byName := map[string]nodeCase{}
		for _, tc := range nodeCases {
			byName[tc.name] = tc
		}
		idsOf := func(n int) []pulid.ID {
			var ids []pulid.ID
			for _, k := range kinds {
				for range n {
					id, _ := byName[k].make(t, w)
					ids = append(ids, id)
				}
			}
			return ids
		}
		const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`
		counts := map[int]int64{}
		for _, n := range []int{1, 3} {
			ids := idsOf(n)
			counts[n] = w.c.Statements(func() {
				data, errs := gql(t, w, "admin", query, map[string]any{"ids": ids})
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				got := get(data, "nodes").([]any)
				for i, id := range ids {
					if got[i] == nil || str(got[i], "id") != string(id) {
						t.Fatalf("n=%d: nodes[%d] = %v, want %s", n, i, got[i], id)
					}
				}
			})
		}
		if counts[1] != wantNodesStatements || counts[3] != counts[1] {
			t.Fatalf("statements: 1 id per type -> %d, 3 ids per type -> %d; want %d for both", counts[1], counts[3], wantNodesStatements)
		}
	})
}

// TestNodeRefusesMalformedAndIgnoresUnknownIDs: a malformed id is
// BAD_USER_INPUT; a well-formed id of no Node type (an order line, an
// unknown prefix) or of no row is null, like a refusal.
func TestNodeRefusesMalformedAndIgnoresUnknownIDs(t *testing.T) {
	c := apitest.New(t, testdb.Open(t, testdb.Dialects[0]))
	r := c.Query(t, `{ node(id: "not-an-id") { id } }`, nil)
	if code := r.FirstError(t).Code(); code != "BAD_USER_INPUT" {
		t.Fatalf("malformed id: code %s, want BAD_USER_INPUT (%s)", code, r.Raw)
	}
	ids := []string{
		string(pulid.New("oln")), // an order line: not a Node
		string(pulid.New("zzz")), // no such type
		string(pulid.New("prd")), // no such product
		string(pulid.New("ord")), // no such order
	}
	var out struct{ Nodes []*struct{ ID string } }
	c.Query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}).Decode(t, &out)
	if len(out.Nodes) != len(ids) {
		t.Fatalf("nodes: %d results for %d ids", len(out.Nodes), len(ids))
	}
	for i, n := range out.Nodes {
		if n != nil {
			t.Errorf("nodes[%d] (%s) = %+v, want null", i, ids[i], n)
		}
	}
}
