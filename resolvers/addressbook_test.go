package resolvers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent/address"
	"github.com/comptoir/comptoir/internal/testdb"
)

const addAddress = `mutation($in: CustomerAddressCreateInput!) { customerAddressCreate(input: $in) {
	address { id city countryCode } customer { defaultShippingAddress { id } defaultBillingAddress { id } }
	userErrors { field code } } }`

func addressVars(city, country string, extra map[string]any) map[string]any {
	in := map[string]any{"address": map[string]any{"address1": "1 Main St", "city": city, "countryCode": country}}
	for k, v := range extra {
		in[k] = v
	}
	return map[string]any{"in": in}
}

func TestAddressBook(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		tok := w.tokens["customer"]
		type payload struct {
			CustomerAddressCreate struct {
				Address  *struct{ ID, City, CountryCode string }
				Customer *struct {
					DefaultShippingAddress, DefaultBillingAddress *struct{ ID string }
				}
				UserErrors []userError
			}
		}
		var first, second payload
		w.c.QueryAs(t, tok, addAddress, addressVars("Paris", "fr", nil)).Decode(t, &first)
		a := first.CustomerAddressCreate
		if a.Address == nil || a.Address.CountryCode != "FR" || a.Customer.DefaultShippingAddress.ID != a.Address.ID || a.Customer.DefaultBillingAddress.ID != a.Address.ID {
			t.Fatalf("first address: %+v", a)
		}
		w.c.QueryAs(t, tok, addAddress, addressVars("Lyon", "FR", map[string]any{"defaultShipping": true})).Decode(t, &second)
		b := second.CustomerAddressCreate
		if b.Customer.DefaultShippingAddress.ID != b.Address.ID || b.Customer.DefaultBillingAddress.ID != a.Address.ID {
			t.Fatalf("defaults after the second address: %+v", b.Customer)
		}
		var bad payload
		w.c.QueryAs(t, tok, addAddress, map[string]any{"in": map[string]any{"address": map[string]any{
			"address1": " ", "city": strings.Repeat("c", 101), "countryCode": "XX"}}}).Decode(t, &bad)
		var codes []string
		for _, ue := range bad.CustomerAddressCreate.UserErrors {
			codes = append(codes, ue.Field[2]+":"+ue.Code)
		}
		if strings.Join(codes, ",") != "address1:BLANK,city:TOO_LONG,countryCode:INVALID" {
			t.Fatalf("validation: %v", codes)
		}

		var me struct {
			Me struct {
				Addresses struct {
					TotalCount int
					Edges      []struct{ Node struct{ City string } }
				}
			}
		}
		w.c.QueryAs(t, tok, `{ me { addresses { totalCount edges { node { city } } } } }`, nil).Decode(t, &me)
		if me.Me.Addresses.TotalCount != 2 || me.Me.Addresses.Edges[0].Node.City != "Paris" {
			t.Fatalf("address book: %+v", me.Me.Addresses)
		}

		// A stranger can neither change nor delete Ada's address.
		const update = `mutation($in: CustomerAddressUpdateInput!) { customerAddressUpdate(input: $in) { address { city } userErrors { code } } }`
		const del = `mutation($in: CustomerAddressDeleteInput!) { customerAddressDelete(input: $in) { deletedAddressId userErrors { code } } }`
		upd := map[string]any{"in": map[string]any{"id": a.Address.ID, "address": map[string]any{"address1": "x", "city": "Evil", "countryCode": "FR"}}}
		delv := map[string]any{"in": map[string]any{"id": a.Address.ID}}
		for _, actor := range []string{"anonymous", "stranger", "owner"} {
			want := "FORBIDDEN"
			if actor == "anonymous" {
				want = "UNAUTHENTICATED"
			}
			for _, op := range []struct {
				q string
				v map[string]any
			}{{update, upd}, {del, delv}} {
				r := w.c.QueryAs(t, w.tokens[actor], op.q, op.v)
				if len(r.Errors) != 1 || r.Errors[0].Code() != want {
					t.Fatalf("%s: %s", actor, r.Raw)
				}
			}
		}
		if got := st.Client.Address.GetX(context.Background(), mustID(a.Address.ID)); got.City != "Paris" {
			t.Fatalf("a refused update changed the address: %s", got.City)
		}
		// The owner updates, then deletes the default billing address.
		r := w.c.QueryAs(t, tok, update, map[string]any{"in": map[string]any{"id": a.Address.ID, "address": map[string]any{"address1": "2 Rue", "city": "Nice", "countryCode": "FR"}}})
		if !strings.Contains(string(r.Data), `"city":"Nice"`) {
			t.Fatalf("owner update: %s", r.Raw)
		}
		r = w.c.QueryAs(t, tok, del, delv)
		var out struct {
			CustomerAddressDelete struct{ DeletedAddressID *string }
		}
		_ = json.Unmarshal(r.Data, &out)
		if out.CustomerAddressDelete.DeletedAddressID == nil {
			t.Fatalf("delete: %s", r.Raw)
		}
		var after struct {
			Me struct{ DefaultBillingAddress *struct{ ID string } }
		}
		w.c.QueryAs(t, tok, `{ me { defaultBillingAddress { id } } }`, nil).Decode(t, &after)
		if after.Me.DefaultBillingAddress != nil {
			t.Fatal("the deleted address is still the default billing address")
		}
		if n := st.Client.Address.Query().Where(address.ID(mustID(a.Address.ID))).CountX(context.Background()); n != 0 {
			t.Fatal("not deleted")
		}
	})
}

func TestProfileAndPasswordChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		tok := w.tokens["customer"]
		other := login(t, w.c, "customer@example.com", "correct horse")
		const upd = `mutation($in: CustomerUpdateInput!) { customerUpdate(input: $in) { customer { email firstName emailVerified } userErrors { code } } }`
		r := w.c.QueryAs(t, tok, upd, map[string]any{"in": map[string]any{"email": "OWNER@example.com"}})
		if !strings.Contains(string(r.Data), "TAKEN") {
			t.Fatalf("taken email: %s", r.Raw)
		}
		r = w.c.QueryAs(t, tok, upd, map[string]any{"in": map[string]any{"firstName": "Ada", "email": "ada@example.org"}})
		if !strings.Contains(string(r.Data), `"email":"ada@example.org","firstName":"Ada"`) {
			t.Fatalf("update: %s", r.Raw)
		}
		if r := w.c.Query(t, upd, map[string]any{"in": map[string]any{"firstName": "X"}}); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous update: %s", r.Raw)
		}
		const pw = `mutation($in: CustomerPasswordChangeInput!) { customerPasswordChange(input: $in) { changed userErrors { field code } } }`
		r = w.c.QueryAs(t, tok, pw, map[string]any{"in": map[string]any{"currentPassword": "wrong one", "newPassword": "new password 1"}})
		if !strings.Contains(string(r.Data), `"changed":false`) || !strings.Contains(string(r.Data), "INVALID") {
			t.Fatalf("wrong current password: %s", r.Raw)
		}
		r = w.c.QueryAs(t, tok, pw, map[string]any{"in": map[string]any{"currentPassword": "correct horse", "newPassword": "short"}})
		if !strings.Contains(string(r.Data), "TOO_SHORT") {
			t.Fatalf("short new password: %s", r.Raw)
		}
		r = w.c.QueryAs(t, tok, pw, map[string]any{"in": map[string]any{"currentPassword": "correct horse", "newPassword": "new password 1"}})
		if !strings.Contains(string(r.Data), `"changed":true`) {
			t.Fatalf("change: %s", r.Raw)
		}
		if _, email := me(t, w.c, tok); email != "ada@example.org" {
			t.Fatal("the session that changed the password was signed out")
		}
		if r, _ := me(t, w.c, other.AccessToken); len(r.Errors) == 0 {
			t.Fatal("another session survived the password change")
		}
		login(t, w.c, "ada@example.org", "new password 1")
	})
}
