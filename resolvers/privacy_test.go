package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/session"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestDataExportAndErasure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		tok := w.tokens["owner"] // a seller member, to check memberships go too
		w.c.QueryAs(t, tok, addAddress, addressVars("Paris", "FR", nil))
		second := login(t, w.c, "owner@example.com", "correct horse")

		const export = `mutation { customerDataExport { json } }`
		if r := w.c.Query(t, export, nil); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous export: %s", r.Raw)
		}
		var out struct {
			CustomerDataExport struct{ JSON string }
		}
		w.c.QueryAs(t, tok, export, nil).Decode(t, &out)
		var doc struct {
			Profile     struct{ Email string }
			Addresses   []struct{ City string }
			Sessions    []any
			Memberships []any `json:"sellerMemberships"`
		}
		if err := json.Unmarshal([]byte(out.CustomerDataExport.JSON), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Profile.Email != "owner@example.com" || len(doc.Addresses) != 1 || doc.Addresses[0].City != "Paris" ||
			len(doc.Sessions) != 2 || len(doc.Memberships) != 1 {
			t.Fatalf("export: %s", out.CustomerDataExport.JSON)
		}

		const del = `mutation($p: String!) { customerDelete(input: { password: $p }) { deleted userErrors { code } } }`
		if r := w.c.QueryAs(t, tok, del, map[string]any{"p": "wrong pass"}); !strings.Contains(string(r.Data), `"deleted":false`) {
			t.Fatalf("wrong password: %s", r.Raw)
		}
		if r := w.c.Query(t, del, map[string]any{"p": "correct horse"}); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous delete: %s", r.Raw)
		}
		if r := w.c.QueryAs(t, tok, del, map[string]any{"p": "correct horse"}); !strings.Contains(string(r.Data), `"deleted":true`) {
			t.Fatalf("delete: %s", r.Raw)
		}
		for _, access := range []string{tok, second.AccessToken} {
			if r, _ := me(t, w.c, access); len(r.Errors) == 0 {
				t.Fatal("a session of the erased account still works")
			}
		}
		ctx := context.Background()
		c := st.Client.Customer.Query().Where(customer.DeletedAtNotNil()).OnlyX(ctx)
		if strings.Contains(c.Email, "owner") || c.FirstName != "" || c.DefaultShippingAddressID != nil {
			t.Fatalf("personal data left: %+v", c)
		}
		if n := st.Client.Address.Query().Where(address.CustomerID(c.ID)).CountX(ctx); n != 0 {
			t.Fatalf("%d addresses left", n)
		}
		if n := st.Client.Session.Query().Where(session.CustomerID(c.ID), session.RevokedAtIsNil()).CountX(ctx); n != 0 {
			t.Fatalf("%d live sessions left", n)
		}
		if n := st.Client.SellerMember.Query().CountX(ctx); n != 1 { // the stranger's only
			t.Fatalf("%d memberships left", n)
		}
		bad := w.c.Query(t, signIn, map[string]any{"input": map[string]any{"email": "owner@example.com", "password": "correct horse"}})
		if !strings.Contains(string(bad.Data), "UNIDENTIFIED_CUSTOMER") {
			t.Fatalf("the erased account can sign in: %s", bad.Raw)
		}
		register(t, w.c, "owner@example.com", "a fresh start") // the address is free again
	})
}

// TestAccountsAreNodesOfTheirOwnerOnly: a customer record and its address
// resolve through nodes for the customer and admins, and are null (no
// error) for anyone else.
func TestAccountsAreNodesOfTheirOwnerOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		var created struct {
			CustomerAddressCreate struct{ Address struct{ ID string } }
		}
		w.c.QueryAs(t, w.tokens["customer"], addAddress, addressVars("Paris", "FR", nil)).Decode(t, &created)
		cu := st.Client.Customer.Query().Where(customer.EmailKey("customer@example.com")).OnlyX(context.Background())
		adr := created.CustomerAddressCreate.Address.ID
		want := map[string]string{
			"anonymous": `"nodes":[null,null]`,
			"stranger":  `"nodes":[null,null]`,
			"owner":     `"nodes":[null,null]`,
			"customer":  fmt.Sprintf(`"nodes":[{"id":%q},{"id":%q}]`, cu.ID, adr),
			"admin":     fmt.Sprintf(`"nodes":[{"id":%q},{"id":%q}]`, cu.ID, adr),
		}
		for actor, w2 := range want {
			r := w.c.QueryAs(t, w.tokens[actor], `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
				map[string]any{"ids": []string{string(cu.ID), adr}})
			if len(r.Errors) > 0 || !strings.Contains(string(r.Data), w2) {
				t.Fatalf("%s: %s, want %s", actor, r.Raw, w2)
			}
		}
	})
}

// documentedExportPaths reads the export's fields from the table of
// docs/data-export.md.
func documentedExportPaths(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../docs/data-export.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if m := regexp.MustCompile("^\\| `([a-zA-Z0-9.\\[\\]]+)` \\|").FindStringSubmatch(l); m != nil {
			out[m[1]] = true
		}
	}
	if len(out) < 50 {
		t.Fatalf("docs/data-export.md documents %d fields", len(out))
	}
	return out
}

// flatten lists the leaf paths of a JSON value (arrays as "[]"), and the
// arrays that are empty.
func flatten(prefix string, v any, leaves, empty map[string]bool) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			flatten(join(k), c, leaves, empty)
		}
	case []any:
		if len(x) == 0 {
			empty[prefix+"[]"] = true
		}
		for _, c := range x {
			flatten(prefix+"[]", c, leaves, empty)
		}
	default:
		leaves[prefix] = true
	}
}

// customerDataExport holds everything held about the customer, in the
// shape docs/data-export.md documents: every exported field is documented,
// every documented field is exported (but under lists the fixture leaves
// empty, named here), and the values are the customer's, field by field.
func TestDataExportHoldsEverything(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		f := newErasable(t, w, st)
		var out struct {
			CustomerDataExport struct{ JSON string }
		}
		w.c.QueryAs(t, w.tokens["zelda"], `mutation { customerDataExport { json } }`, nil).Decode(t, &out)
		var doc map[string]any
		if err := json.Unmarshal([]byte(out.CustomerDataExport.JSON), &doc); err != nil {
			t.Fatal(err)
		}
		leaves, empty := map[string]bool{}, map[string]bool{}
		flatten("", doc, leaves, empty)
		documented := documentedExportPaths(t)
		for p := range leaves {
			if !documented[p] {
				t.Errorf("exported but not documented: %s", p)
			}
		}
		// Lists this fixture leaves empty (a completed cart is emptied;
		// memberships are in TestDataExportAndErasure).
		unexercised := map[string]bool{"sellerMemberships[]": true, "helpfulVotes[]": true, "orders[].discountCodes[]": true,
			"carts[].discountCodes[]": true, "affiliate.commissions[]": true, "carts[].lines[]": true}
		for p := range empty {
			if !unexercised[p] {
				t.Errorf("the fixture leaves %s empty", p)
			}
		}
	doc:
		for p := range documented {
			if leaves[p] {
				continue
			}
			for e := range empty {
				if strings.HasPrefix(p, e) {
					continue doc
				}
			}
			t.Errorf("documented but not exported: %s", p)
		}

		o := st.Client.Order.GetX(context.Background(), pulid.ID(f.order))
		want := map[string]any{
			"version":                                float64(1),
			"profile.email":                          erasedEmail,
			"profile.firstName":                      erasedFirst,
			"profile.lastName":                       erasedLast,
			"profile.role":                           "CUSTOMER",
			"profile.emailVerifiedAt":                nil,
			"addresses.0.address1":                   erasedStreet,
			"addresses.0.phone":                      erasedPhone,
			"addresses.0.defaultShipping":            true,
			"sessions.0.userAgent":                   "Go-http-client/1.1",
			"orders.0.id":                            f.order,
			"orders.0.number":                        float64(o.Number),
			"orders.0.email":                         erasedEmail,
			"orders.0.phone":                         erasedPhone,
			"orders.0.status":                        "DELIVERED",
			"orders.0.total":                         f.total,
			"orders.0.currency":                      "EUR",
			"orders.0.shippingAddress.address1":      erasedStreet,
			"orders.0.shippingAddress.firstName":     erasedFirst,
			"orders.0.lines.0.id":                    f.line,
			"orders.0.lines.0.quantity":              float64(1),
			"orders.0.lines.0.sku":                   o.QueryLines().FirstX(context.Background()).Sku,
			"orders.0.returns.0.reason":              "too small",
			"orders.0.returns.0.status":              "REQUESTED",
			"orders.0.returns.0.lines.0.orderLineId": f.line,
			"reviews.0.productId":                    f.product,
			"reviews.0.title":                        "Great",
			"reviews.0.rating":                       float64(5),
			"reviews.0.authorName":                   erasedFirst + " Q.",
			"wishlists.0.name":                       erasedFirst + "'s birthday",
			"wishlists.0.id":                         f.wishlist,
			"wishlists.0.items.0.variantId":          f.variant,
			"carts.1.status":                         "ACTIVE",
			"carts.1.buyerEmail":                     erasedEmail,
			"carts.1.buyerPhone":                     erasedPhone,
			"carts.1.shippingAddress.address1":       erasedStreet,
			"carts.1.lines.0.variantId":              f.variant,
			"carts.0.status":                         "COMPLETED",
			"backInStockAlerts.0.variantId":          f.variant,
			"profile.analyticsOptOut":                false,
			"analyticsEvents.0.type":                 "PRODUCT_VIEWED",
			"analyticsEvents.0.variantId":            f.variant,
			"analyticsEvents.1.searchTerms":          "red shoes",
			"analyticsEvents.1.resultCount":          float64(3),
		}
		for path, v := range want {
			if got := get(doc, path); fmt.Sprint(got) != fmt.Sprint(v) {
				t.Errorf("%s = %v, want %v", path, got, v)
			}
		}
		if len(get(doc, "orders").([]any)) != 1 || len(get(doc, "carts").([]any)) != 2 {
			t.Errorf("orders %v, carts %v", get(doc, "orders"), get(doc, "carts"))
		}
		if code := str(doc, "affiliate.code"); code == "" {
			t.Errorf("no affiliate code: %v", get(doc, "affiliate"))
		}
	})
}
