package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/ent/customer"
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
