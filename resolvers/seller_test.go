package resolvers_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/mailoutbox"

	"github.com/comptoir/comptoir/internal/testdb"
)

const sellerFields = `seller { id name slug status description logoUrl } userErrors { field code message }`

func TestSellerApplicationsAndModeration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		apply := `mutation($in: SellerApplyInput!) { sellerApply(input: $in) { ` + sellerFields + ` } }`
		good := map[string]any{"name": "Atelier Nord", "description": "<b>Hand-made</b>", "logoUrl": "https://img.example.com/l.png",
			"contactEmail": "hello@nord.example", "payoutReference": "FR76 3000 6000 0112 3456 7890 189"}
		in := func(over map[string]any) map[string]any {
			m := map[string]any{}
			for k, v := range good {
				m[k] = v
			}
			for k, v := range over {
				m[k] = v
			}
			return map[string]any{"in": m}
		}
		for name, tc := range map[string]struct {
			over  map[string]any
			field string
		}{
			"blank name":      {map[string]any{"name": " "}, "name"},
			"http logo":       {map[string]any{"logoUrl": "http://img.example.com/l.png"}, "logoUrl"},
			"bad email":       {map[string]any{"contactEmail": "nope"}, "contactEmail"},
			"no payout ref":   {map[string]any{"payoutReference": ""}, "payoutReference"},
			"bad slug":        {map[string]any{"slug": "Nord Shop!"}, "slug"},
			"long desc":       {map[string]any{"description": strings.Repeat("x", 5001)}, "description"},
			"slug of another": {map[string]any{"slug": "owned"}, "slug"},
		} {
			d, e := gql(t, w, "customer", apply, in(tc.over))
			if len(e) > 0 || get(d, "sellerApply.seller") != nil || str(d, "sellerApply.userErrors.0.field.1") != tc.field {
				t.Fatalf("%s: %v %v", name, d, e)
			}
		}
		d, e := gql(t, w, "customer", apply, in(nil))
		p := mustOK(t, d, e, "sellerApply")
		id := str(p, "seller.id")
		if str(p, "seller.status") != "PENDING" || str(p, "seller.slug") != "atelier-nord" || str(p, "seller.description") != "<b>Hand-made</b>" {
			t.Fatalf("applied: %v", p)
		}
		d, _ = gql(t, w, "customer", apply, in(map[string]any{"name": "Second"}))
		if userCodes(d, "sellerApply") != "ALREADY_APPLIED" {
			t.Fatalf("second application: %v", d)
		}
		// Pending: not public; its owner and admins see it, private fields
		// included; others are refused.
		pub := `query($s: String!) { seller(slug: $s) { id } }`
		if d, _ := gql(t, w, "anonymous", pub, map[string]any{"s": "atelier-nord"}); get(d, "seller") != nil {
			t.Fatalf("pending seller is public: %v", d)
		}
		managed := `query($id: ID!) { managedSeller(id: $id) { status contactEmail payoutReference commissionRate members { role customer { email } } } }`
		d, e = gql(t, w, "customer", managed, map[string]any{"id": id})
		if len(e) > 0 || str(d, "managedSeller.contactEmail") != "hello@nord.example" || str(d, "managedSeller.members.0.role") != "OWNER" ||
			str(d, "managedSeller.commissionRate") != "10" {
			t.Fatalf("owner reads: %v %v", d, e)
		}
		if _, e := gql(t, w, "stranger", managed, map[string]any{"id": id}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger reads: %v", e)
		}
		if _, e := gql(t, w, "stranger", `query { seller(slug: "owned") { name contactEmail } }`, nil); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger reads private fields: %v", e)
		}
		d, e = gql(t, w, "admin", `query { marketplaceSellers(status: PENDING) { totalCount edges { node { id } } } }`, nil)
		if len(e) > 0 || get(d, "marketplaceSellers.totalCount") != float64(1) || str(d, "marketplaceSellers.edges.0.node.id") != id {
			t.Fatalf("applications: %v %v", d, e)
		}
		move := func(m, sid string) map[string]any {
			d, e := gql(t, w, "admin", `mutation($id: ID!) { `+m+`(input: {id: $id, reason: "checked"}) { `+sellerFields+` } }`, map[string]any{"id": sid})
			if len(e) > 0 {
				t.Fatalf("%s: %v", m, e)
			}
			return d
		}
		if str(move("sellerApprove", id), "sellerApprove.seller.status") != "ACTIVE" {
			t.Fatal("approve")
		}
		if userCodes(move("sellerApprove", id), "sellerApprove") != "ILLEGAL_TRANSITION" ||
			userCodes(move("sellerReinstate", id), "sellerReinstate") != "ILLEGAL_TRANSITION" {
			t.Fatal("approve twice or reinstate an active seller")
		}
		if d, _ := gql(t, w, "anonymous", pub, map[string]any{"s": "atelier-nord"}); str(d, "seller.id") != id {
			t.Fatalf("approved seller is public: %v", d)
		}

		// Suspension takes the seller's products off the catalog; reinstating
		// brings them back.
		p1, _ := w.product(t)
		visible := func() bool {
			d, e := gql(t, w, "anonymous", `query($id: ID!) { product(id: $id) { id } products(first: 100) { edges { node { id } } } }`, map[string]any{"id": p1.ID})
			if len(e) > 0 {
				t.Fatal(e)
			}
			inList := containsID(d["products"], string(p1.ID))
			return get(d, "product") != nil && inList
		}
		if !visible() {
			t.Fatal("product of an active seller is hidden")
		}
		if str(move("sellerSuspend", string(w.seller.ID)), "sellerSuspend.seller.status") != "SUSPENDED" || visible() {
			t.Fatal("suspended seller's product still public")
		}
		d, _ = gql(t, w, "owner", `query($id: ID!) { managedSeller(id: $id) { status statusReason } }`, map[string]any{"id": w.seller.ID})
		if str(d, "managedSeller.statusReason") != "checked" {
			t.Fatalf("reason: %v", d)
		}
		if str(move("sellerReinstate", string(w.seller.ID)), "sellerReinstate.seller.status") != "ACTIVE" || !visible() {
			t.Fatal("reinstated seller's product hidden")
		}

		// Members: the owner invites by mail; the invited account accepts;
		// staff can't invite; the last owner stays.
		invite := `mutation($s: ID!, $e: String!) { sellerMemberInvite(input: {sellerId: $s, email: $e}) { seller { invitations { email role } } userErrors { code } } }`
		if d, _ := gql(t, w, "owner", invite, map[string]any{"s": w.seller.ID, "e": "not an address"}); userCodes(d, "sellerMemberInvite") != "INVALID" {
			t.Fatalf("bad email: %v", d)
		}
		d, e = gql(t, w, "owner", invite, map[string]any{"s": w.seller.ID, "e": "Customer@Example.com"})
		if str(mustOK(t, d, e, "sellerMemberInvite"), "seller.invitations.0.email") != "customer@example.com" {
			t.Fatalf("invited: %v", d)
		}
		// A revoked invitation's link stops working; a new one is sent.
		revoked := invitationToken(t, w, "Customer@Example.com")
		d, e = gql(t, w, "owner", `mutation($s: ID!) { sellerInvitationRevoke(input: {sellerId: $s, email: "customer@example.com"}) { userErrors { code } } }`, map[string]any{"s": w.seller.ID})
		mustOK(t, d, e, "sellerInvitationRevoke")
		d, _ = gql(t, w, "owner", `mutation($s: ID!) { sellerInvitationRevoke(input: {sellerId: $s, email: "customer@example.com"}) { userErrors { code } } }`, map[string]any{"s": w.seller.ID})
		if userCodes(d, "sellerInvitationRevoke") != "NOT_FOUND" {
			t.Fatalf("revoke twice: %v", d)
		}
		d, e = gql(t, w, "owner", invite, map[string]any{"s": w.seller.ID, "e": "Customer@Example.com"})
		mustOK(t, d, e, "sellerMemberInvite")
		token := invitationToken(t, w, "Customer@Example.com")
		if token == revoked {
			t.Fatal("the same token twice")
		}
		if d, _ := gql(t, w, "customer", `mutation($t: String!) { sellerInvitationAccept(input: {token: $t}) { userErrors { code } } }`, map[string]any{"t": revoked}); userCodes(d, "sellerInvitationAccept") != "INVALID_TOKEN" {
			t.Fatalf("revoked token accepted: %v", d)
		}
		accept := `mutation($t: String!) { sellerInvitationAccept(input: {token: $t}) { seller { id } userErrors { code } } }`
		if d, _ := gql(t, w, "stranger", accept, map[string]any{"t": token}); userCodes(d, "sellerInvitationAccept") != "EMAIL_MISMATCH" {
			t.Fatalf("accepted by another account: %v", d)
		}
		if d, _ := gql(t, w, "customer", accept, map[string]any{"t": token + "x"}); userCodes(d, "sellerInvitationAccept") != "INVALID_TOKEN" {
			t.Fatalf("forged token: %v", d)
		}
		d, e = gql(t, w, "customer", accept, map[string]any{"t": token})
		if str(mustOK(t, d, e, "sellerInvitationAccept"), "seller.id") != string(w.seller.ID) {
			t.Fatalf("accept: %v", d)
		}
		if d, _ := gql(t, w, "customer", accept, map[string]any{"t": token}); userCodes(d, "sellerInvitationAccept") != "INVALID_TOKEN" {
			t.Fatalf("accepted twice: %v", d)
		}
		if d, _ := gql(t, w, "owner", invite, map[string]any{"s": w.seller.ID, "e": "customer@example.com"}); userCodes(d, "sellerMemberInvite") != "ALREADY_MEMBER" {
			t.Fatalf("invite a member: %v", d)
		}
		d, _ = gql(t, w, "owner", `query($id: ID!) { managedSeller(id: $id) { members { role customer { email } } invitations { email } } }`, map[string]any{"id": w.seller.ID})
		if len(get(d, "managedSeller.members").([]any)) != 2 || len(get(d, "managedSeller.invitations").([]any)) != 0 {
			t.Fatalf("members: %v", d)
		}
		if _, e := gql(t, w, "customer", invite, map[string]any{"s": w.seller.ID, "e": "stranger@example.com"}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("staff invites: %v", e)
		}
		// Staff manage the seller's products.
		d, e = gql(t, w, "customer", `mutation($s: ID!) { productCreate(input: {sellerId: $s, name: "By staff"}) { product { id } userErrors { code } } }`, map[string]any{"s": w.seller.ID})
		mustOK(t, d, e, "productCreate")
		remove := `mutation($s: ID!, $c: ID!) { sellerMemberRemove(input: {sellerId: $s, customerId: $c}) { userErrors { code } } }`
		if d, _ := gql(t, w, "owner", remove, map[string]any{"s": w.seller.ID, "c": w.customerID("owner")}); userCodes(d, "sellerMemberRemove") != "LAST_OWNER" {
			t.Fatalf("last owner removed: %v", d)
		}
		d, e = gql(t, w, "owner", remove, map[string]any{"s": w.seller.ID, "c": w.customerID("customer")})
		mustOK(t, d, e, "sellerMemberRemove")
		if _, e := gql(t, w, "customer", `mutation($s: ID!) { productCreate(input: {sellerId: $s, name: "Again"}) { product { id } } }`, map[string]any{"s": w.seller.ID}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("removed staff still manages: %v", e)
		}

		// Commission: the default, an admin's override, back to the default.
		set := `mutation($id: ID!, $r: Decimal) { sellerCommissionSet(input: {id: $id, rate: $r}) { seller { commissionRate } userErrors { field code } } }`
		for rate, want := range map[any]string{"12.5": "12.5", "101": "INVALID", "-1": "INVALID", nil: "10"} {
			d, e := gql(t, w, "admin", set, map[string]any{"id": w.seller.ID, "r": rate})
			if len(e) > 0 {
				t.Fatal(e)
			}
			got := str(d, "sellerCommissionSet.seller.commissionRate")
			if got == "" {
				got = userCodes(d, "sellerCommissionSet")
			}
			if got != want {
				t.Fatalf("rate %v: got %s want %s", rate, got, want)
			}
		}
		// Members of a page of sellers are read together.
		membersOf := func(n int) int64 {
			return w.c.Statements(func() {
				d, e := gql(t, w, "admin", `query($n: Int) { marketplaceSellers(first: $n) { edges { node { members { role customer { email } } } } } }`, map[string]any{"n": n})
				if len(e) > 0 || len(get(d, "marketplaceSellers.edges").([]any)) != n {
					t.Fatalf("sellers: %v %v", d, e)
				}
			})
		}
		if one, three := membersOf(1), membersOf(3); one != three {
			t.Fatalf("members cost statements per seller: %d for 1, %d for 3", one, three)
		}
		// Rejection.
		d, e = gql(t, w, "stranger", apply, in(map[string]any{"name": "Dubious", "slug": "dubious"}))
		rid := str(mustOK(t, d, e, "sellerApply"), "seller.id")
		if str(move("sellerReject", rid), "sellerReject.seller.status") != "REJECTED" || userCodes(move("sellerApprove", rid), "sellerApprove") != "ILLEGAL_TRANSITION" {
			t.Fatal("reject")
		}
	})
}

var invitationRE = regexp.MustCompile(`token=(inv_[A-Za-z0-9_-]{43})`)

// invitationToken reads the token of the last invitation mailed to an
// address from the mail outbox.
func invitationToken(t *testing.T, w *world, to string) string {
	t.Helper()
	m := w.st.Client.MailOutbox.Query().Where(mailoutbox.To(to), mailoutbox.Kind("seller_invitation")).
		Order(ent.Desc(mailoutbox.FieldCreatedAt)).FirstX(context.Background())
	got := invitationRE.FindStringSubmatch(m.Text)
	if got == nil || !strings.Contains(m.HTML, got[1]) {
		t.Fatalf("no invitation link in %q", m.Text)
	}
	return got[1]
}

func containsID(v any, id string) bool {
	m, _ := v.(map[string]any)
	edges, _ := m["edges"].([]any)
	for _, e := range edges {
		if str(e, "node.id") == id {
			return true
		}
	}
	return false
}
