package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellermember"
	"github.com/comptoir/comptoir/internal/testdb"
)

// marketSnapshot renders every marketplace row, so that a refused mutation
// can be shown to have changed nothing.
func marketSnapshot(t *testing.T, w *world) string {
	ctx := context.Background()
	c := w.st.Client
	carts := c.Cart.Query().Order(ent.Asc("id")).AllX(ctx)
	attrib := make([]any, len(carts))
	for i, ct := range carts {
		attrib[i] = []any{ct.ID, ct.AffiliateID, ct.AffiliateClickedAt}
	}
	b, err := json.Marshal([]any{
		c.Seller.Query().Order(ent.Asc("id")).AllX(ctx),
		c.SellerMember.Query().Order(ent.Asc("id")).AllX(ctx),
		c.SellerLedgerEntry.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Payout.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Review.Query().Order(ent.Asc("id")).AllX(ctx),
		c.ReviewVote.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Affiliate.Query().Order(ent.Asc("id")).AllX(ctx),
		c.AffiliateCommission.Query().Order(ent.Asc("id")).AllX(ctx),
		c.ReferralVisit.Query().Order(ent.Asc("id")).AllX(ctx),
		c.SellerInvitation.Query().Order(ent.Asc("id")).AllX(ctx),
		c.Wishlist.Query().Order(ent.Asc("id")).AllX(ctx),
		c.WishlistItem.Query().Order(ent.Asc("id")).AllX(ctx),
		c.CartLine.Query().Order(ent.Asc("id")).AllX(ctx),
		attrib,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (w *world) customerID(actor string) pulid.ID {
	return w.st.Client.Customer.Query().Where(customer.EmailKey(actor + "@example.com")).OnlyX(context.Background()).ID
}

// sellerOf makes a seller in a status with "owner" as its OWNER.
func (w *world) sellerOf(t *testing.T, status seller.Status) *ent.Seller {
	ctx := context.Background()
	i := w.n.Add(1)
	s := w.st.Client.Seller.Create().SetName(fmt.Sprintf("Shop %d", i)).SetSlug(fmt.Sprintf("shop-%d", i)).SetStatus(status).SaveX(ctx)
	w.st.Client.SellerMember.Create().SetSellerID(s.ID).SetCustomerID(w.customerID("owner")).SetRole(sellermember.RoleOWNER).ExecX(ctx)
	return s
}

// reviewBy writes a review of a fresh product of the owned seller.
func (w *world) reviewBy(t *testing.T, actor string, status review.Status) *ent.Review {
	p, _ := w.product(t)
	return w.st.Client.Review.Create().SetProductID(p.ID).SetSellerID(p.SellerID).SetCustomerID(w.customerID(actor)).
		SetOrderLineID(pulid.ID("oln_fixture")).SetRating(4).SetTitle("Good").SetStatus(status).SaveX(context.Background())
}

type marketCase struct {
	name    string
	payload string
	// want per actor: "" succeeds, "UE:CODE" is a userError, otherwise the
	// top-level error code.
	want    map[string]string
	prepare func(t *testing.T, w *world, actor string) (string, map[string]any)
}

func only(ok string, others string) map[string]string {
	m := map[string]string{"anonymous": "UNAUTHENTICATED"}
	for _, a := range actors[1:] {
		m[a] = others
	}
	for _, a := range strings.Split(ok, ",") {
		if a != "" {
			m[a] = ""
		}
	}
	return m
}

func with(m map[string]string, actor, want string) map[string]string {
	m[actor] = want
	return m
}

var marketCases = []marketCase{
	{name: "sellerUpdate", payload: "sellerUpdate", want: only("owner,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerUpdateInput!) { sellerUpdate(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.seller.ID, "description": "By " + actor}}
		}},
	{name: "sellerApprove", payload: "sellerApprove", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerStatusInput!) { sellerApprove(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.sellerOf(t, seller.StatusPENDING).ID}}
		}},
	{name: "sellerReject", payload: "sellerReject", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerStatusInput!) { sellerReject(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.sellerOf(t, seller.StatusPENDING).ID, "reason": "incomplete"}}
		}},
	{name: "sellerSuspend", payload: "sellerSuspend", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerStatusInput!) { sellerSuspend(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.sellerOf(t, seller.StatusACTIVE).ID}}
		}},
	{name: "sellerReinstate", payload: "sellerReinstate", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerStatusInput!) { sellerReinstate(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.sellerOf(t, seller.StatusSUSPENDED).ID}}
		}},
	{name: "sellerCommissionSet", payload: "sellerCommissionSet", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: SellerCommissionSetInput!) { sellerCommissionSet(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.seller.ID, "rate": "7.5"}}
		}},
	{name: "sellerMemberInvite", payload: "sellerMemberInvite", want: only("owner,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			w.st.Client.SellerMember.Delete().Where(sellermember.SellerID(w.seller.ID), sellermember.CustomerID(w.customerID("customer"))).ExecX(context.Background())
			return `mutation($in: SellerMemberInviteInput!) { sellerMemberInvite(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "email": "customer@example.com"}}
		}},
	// Only the invited address accepts.
	{name: "sellerInvitationAccept", payload: "sellerInvitationAccept", want: with(only("customer", "UE:EMAIL_MISMATCH"), "anonymous", "UNAUTHENTICATED"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			ctx := context.Background()
			w.st.Client.SellerMember.Delete().Where(sellermember.SellerID(w.seller.ID), sellermember.CustomerID(w.customerID("customer"))).ExecX(ctx)
			d, e := gql(t, w, "owner", `mutation($s: ID!) { sellerMemberInvite(input: {sellerId: $s, email: "customer@example.com"}) { userErrors { code } } }`, map[string]any{"s": w.seller.ID})
			mustOK(t, d, e, "sellerMemberInvite")
			return `mutation($t: String!) { sellerInvitationAccept(input: {token: $t}) { seller { id } userErrors { code message } } }`,
				map[string]any{"t": invitationToken(t, w, "customer@example.com")}
		}},
	{name: "sellerInvitationRevoke", payload: "sellerInvitationRevoke", want: only("owner,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			d, e := gql(t, w, "owner", `mutation($s: ID!) { sellerMemberInvite(input: {sellerId: $s, email: "later@example.com"}) { userErrors { code } } }`, map[string]any{"s": w.seller.ID})
			mustOK(t, d, e, "sellerMemberInvite")
			return `mutation($s: ID!) { sellerInvitationRevoke(input: {sellerId: $s, email: "Later@example.com"}) { seller { id } userErrors { code message } } }`,
				map[string]any{"s": w.seller.ID}
		}},
	// The customer is made STAFF first: staff may not remove members.
	{name: "sellerMemberRemove", payload: "sellerMemberRemove", want: only("owner,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			ctx := context.Background()
			cu := w.customerID("customer")
			if !w.st.Client.SellerMember.Query().Where(sellermember.SellerID(w.seller.ID), sellermember.CustomerID(cu)).ExistX(ctx) {
				w.st.Client.SellerMember.Create().SetSellerID(w.seller.ID).SetCustomerID(cu).SetRole(sellermember.RoleSTAFF).ExecX(ctx)
			}
			return `mutation($in: SellerMemberRemoveInput!) { sellerMemberRemove(input: $in) { seller { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "customerId": cu}}
		}},
	{name: "payoutCreate", payload: "payoutCreate", want: with(only("", "FORBIDDEN"), "admin", "UE:NOTHING_TO_PAY"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: PayoutCreateInput!) { payoutCreate(input: $in) { payout { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"sellerId": w.seller.ID, "idempotencyKey": "payout-" + actor}}
		}},
	{name: "reviewCreate", payload: "reviewCreate", want: only("", "UE:NOT_VERIFIED_PURCHASE"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			p, _ := w.product(t)
			return `mutation($in: ReviewCreateInput!) { reviewCreate(input: $in) { review { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"productId": p.ID, "rating": 5}}
		}},
	{name: "reviewUpdate", payload: "reviewUpdate", want: only("customer", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReviewUpdateInput!) { reviewUpdate(input: $in) { review { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.reviewBy(t, "customer", review.StatusAPPROVED).ID, "rating": 2}}
		}},
	{name: "reviewDelete", payload: "reviewDelete", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReviewDeleteInput!) { reviewDelete(input: $in) { deletedId userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.reviewBy(t, "customer", review.StatusAPPROVED).ID}}
		}},
	{name: "reviewModerate", payload: "reviewModerate", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReviewModerateInput!) { reviewModerate(input: $in) { review { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.reviewBy(t, "customer", review.StatusPENDING).ID, "status": "APPROVED"}}
		}},
	{name: "reviewReply", payload: "reviewReply", want: only("owner,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReviewReplyInput!) { reviewReply(input: $in) { review { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"reviewId": w.reviewBy(t, "customer", review.StatusAPPROVED).ID, "body": "Thanks!"}}
		}},
	{name: "reviewVoteHelpful", payload: "reviewVoteHelpful", want: with(only("stranger,owner,admin", ""), "customer", "UE:OWN_REVIEW"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReviewVoteHelpfulInput!) { reviewVoteHelpful(input: $in) { review { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"reviewId": w.reviewBy(t, "customer", review.StatusAPPROVED).ID}}
		}},
	{name: "affiliateJoin", payload: "affiliateJoin", want: only("customer,stranger,owner,admin", ""),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation { affiliateJoin { affiliate { id code } userErrors { code message } } }`, nil
		}},
	{name: "referralVisit", payload: "referralVisit", want: with(with(only("stranger,owner,admin", ""), "anonymous", ""), "customer", "UE:SELF_REFERRAL"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: ReferralVisitInput!) { referralVisit(input: $in) { attributionToken userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"code": w.affiliateOf(t, "customer").Code}}
		}},
	// A signed-in customer's cart: only they (and admins) may attribute it.
	{name: "cartAttributionUpdate", payload: "cartAttributionUpdate", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			c := w.st.Client.Cart.Create().SetCurrency("EUR").SetCustomerID(w.customerID("customer")).SaveX(context.Background())
			return `mutation($in: CartAttributionUpdateInput!) { cartAttributionUpdate(input: $in) { cart { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"cartId": c.ID, "referralCode": w.affiliateOf(t, "stranger").Code}}
		}},
	{name: "affiliateCommissionSet", payload: "affiliateCommissionSet", want: only("admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: AffiliateCommissionSetInput!) { affiliateCommissionSet(input: $in) { affiliate { id } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.affiliateOf(t, "customer").ID, "rate": "8"}}
		}},
	{name: "affiliatePay", payload: "affiliatePay", want: with(only("", "FORBIDDEN"), "admin", "UE:NOTHING_TO_PAY"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($in: AffiliatePayInput!) { affiliatePay(input: $in) { amount { amount } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"id": w.affiliateOf(t, "customer").ID}}
		}},
	// Wishlists: the customer's list; its owner and admins only.
	{name: "wishlistCreate", payload: "wishlistCreate", want: only("customer,stranger,owner,admin", ""),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation { wishlistCreate(input: {name: "Gifts"}) { wishlist { id } userErrors { code message } } }`, nil
		}},
	{name: "wishlistUpdate", payload: "wishlistUpdate", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($id: ID!) { wishlistUpdate(input: {id: $id, name: "Renamed"}) { wishlist { id } userErrors { code message } } }`,
				map[string]any{"id": w.wishlistOf(t, "customer", false).ID}
		}},
	{name: "wishlistDelete", payload: "wishlistDelete", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($id: ID!) { wishlistDelete(input: {id: $id}) { deletedId userErrors { code message } } }`,
				map[string]any{"id": w.wishlistOf(t, "customer", false).ID}
		}},
	{name: "wishlistItemsAdd", payload: "wishlistItemsAdd", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			return `mutation($id: ID!, $v: [ID!]!) { wishlistItemsAdd(input: {wishlistId: $id, variantIds: $v}) { wishlist { id } userErrors { code message } } }`,
				map[string]any{"id": w.wishlistOf(t, "customer", false).ID, "v": []string{w.stocked(t, 3)}}
		}},
	{name: "wishlistItemsRemove", payload: "wishlistItemsRemove", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			l := w.wishlistOf(t, "customer", true)
			item := l.QueryItems().FirstX(context.Background())
			return `mutation($id: ID!, $i: [ID!]!) { wishlistItemsRemove(input: {wishlistId: $id, itemIds: $i}) { wishlist { id } userErrors { code message } } }`,
				map[string]any{"id": l.ID, "i": []pulid.ID{item.ID}}
		}},
	{name: "wishlistItemMoveToCart", payload: "wishlistItemMoveToCart", want: only("customer,admin", "FORBIDDEN"),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			item := w.wishlistOf(t, "customer", true).QueryItems().FirstX(context.Background())
			return `mutation($i: ID!) { wishlistItemMoveToCart(input: {itemId: $i}) { cart { id } userErrors { code message } } }`,
				map[string]any{"i": item.ID}
		}},
	// Last: applying makes the actor a member of a PENDING seller.
	{name: "sellerApply", payload: "sellerApply", want: only("customer,stranger,owner,admin", ""),
		prepare: func(t *testing.T, w *world, actor string) (string, map[string]any) {
			if actor != "anonymous" { // an application waiting would be ALREADY_APPLIED
				w.st.Client.SellerMember.Delete().Where(sellermember.CustomerID(w.customerID(actor)),
					sellermember.HasSellerWith(seller.StatusEQ(seller.StatusPENDING))).ExecX(context.Background())
			}
			return `mutation($in: SellerApplyInput!) { sellerApply(input: $in) { seller { id status } userErrors { code message } } }`,
				map[string]any{"in": map[string]any{"name": "Shop of " + actor, "contactEmail": "shop@example.com", "payoutReference": "FR76 1234"}}
		}},
}

// wishlistOf makes a fresh list of actor's, with an item when asked.
func (w *world) wishlistOf(t *testing.T, actor string, withItem bool) *ent.Wishlist {
	ctx := context.Background()
	cu := w.customerID(actor)
	l := w.st.Client.Wishlist.Create().SetCustomerID(cu).SetName(fmt.Sprintf("List %d", w.n.Add(1))).
		SetShareToken(fmt.Sprintf("tok-%d", w.n.Add(1))).SaveX(ctx)
	if withItem {
		v := pulid.ID(w.stocked(t, 3))
		pid := w.st.Client.ProductVariant.GetX(ctx, v).ProductID
		w.st.Client.WishlistItem.Create().SetWishlistID(l.ID).SetVariantID(v).SetCustomerID(cu).SetProductID(pid).ExecX(ctx)
	}
	return l
}

// affiliateOf returns actor's affiliate, making it on first use.
func (w *world) affiliateOf(t *testing.T, actor string) *ent.Affiliate {
	ctx := context.Background()
	id := w.customerID(actor)
	if a, err := w.st.Client.Affiliate.Query().Where(entaffiliate.CustomerID(id)).Only(ctx); err == nil {
		return a
	}
	return w.st.Client.Affiliate.Create().SetCustomerID(id).SetCode(strings.ToUpper(actor) + "01").SaveX(ctx)
}

// TestMarketplaceAuthorizationMatrix runs every marketplace mutation as each
// actor (anonymous, a customer, another seller's member, the owning
// seller's owner, an admin) and checks who gets through; every refusal
// leaves the marketplace tables as they were.
func TestMarketplaceAuthorizationMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		for _, tc := range marketCases {
			t.Run(tc.name, func(t *testing.T) {
				for _, actor := range actors {
					q, vars := tc.prepare(t, w, actor)
					before := marketSnapshot(t, w)
					d, e := gql(t, w, actor, q, vars)
					want := tc.want[actor]
					got := strings.Join(e, ",")
					if got == "" {
						if codes := userCodes(d, tc.payload); codes != "" {
							got = "UE:" + codes
						}
					}
					if got != want {
						t.Fatalf("%s as %s: got %q, want %q (%v)", tc.name, actor, got, want, d)
					}
					if want != "" && marketSnapshot(t, w) != before {
						t.Fatalf("%s as %s was refused but changed the store", tc.name, actor)
					}
				}
			})
		}
	})
}

// TestMarketplaceQueriesRefuseStrangers reads every private marketplace
// query and field as each actor: only those allowed get data.
func TestMarketplaceQueriesRefuseStrangers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		private := `{ seller(slug: "owned") { contactEmail payoutReference statusReason commissionRate members { role } invitations { email }
			balance { pending { amount } } ledger { totalCount } payouts { totalCount } orders { totalCount }
			salesReport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", interval: DAY) { orders }
			topProducts(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { units } } }`
		for _, q := range []struct {
			query   string
			allowed string
		}{
			{`{ marketplaceSellers { totalCount } }`, "admin"},
			{`{ reviewsForModeration { totalCount } }`, "admin"},
			{`{ affiliates { totalCount } }`, "admin"},
			{`{ managedSeller(id: "` + string(w.seller.ID) + `") { id } }`, "owner,admin"},
			{private, "owner,admin"},
		} {
			for _, actor := range actors {
				_, e := gql(t, w, actor, q.query, nil)
				codes := map[string]bool{}
				for _, c := range e {
					codes[c] = true
				}
				want := "FORBIDDEN"
				switch {
				case strings.Contains(q.allowed, actor):
					want = ""
				case actor == "anonymous":
					want = "UNAUTHENTICATED"
				}
				if (want == "" && len(e) > 0) || (want != "" && (len(codes) != 1 || !codes[want])) {
					t.Fatalf("%s reads %s: %v, want %q", actor, q.query, e, want)
				}
			}
		}
	})
}
