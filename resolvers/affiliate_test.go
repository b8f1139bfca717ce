package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	entaffiliate "github.com/comptoir/comptoir/ent/affiliate"
	"github.com/comptoir/comptoir/ent/affiliatecommission"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

const affiliateQuery = `query { me { affiliate { code link commissionRate clicks conversions earnings { pending { amount } approved { amount } paid { amount } } } } }`

func TestAffiliateProgram(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		ctx := context.Background()
		v := w.stocked(t, 50)
		join := `mutation { affiliateJoin { affiliate { id code link } userErrors { code } } }`
		d, e := gql(t, w, "customer", join, nil)
		p := mustOK(t, d, e, "affiliateJoin")
		code := str(p, "affiliate.code")
		if len(code) != 8 || !strings.HasSuffix(str(p, "affiliate.link"), "/?ref="+code) {
			t.Fatalf("joined: %v", p)
		}
		if d, _ := gql(t, w, "customer", join, nil); userCodes(d, "affiliateJoin") != "ALREADY_JOINED" {
			t.Fatalf("join twice: %v", d)
		}
		visit := `mutation($c: String!, $v: String) { referralVisit(input: {code: $c, visitorId: $v}) { attributionToken userErrors { code } } }`
		click := func(actor, c, visitor string) string {
			d, e := gql(t, w, actor, visit, map[string]any{"c": c, "v": visitor})
			if len(e) > 0 {
				t.Fatal(e)
			}
			if codes := userCodes(d, "referralVisit"); codes != "" {
				return "UE:" + codes
			}
			return str(d, "referralVisit.attributionToken")
		}
		t1 := click("anonymous", code, "visitor-1")
		if len(t1) < 30 || click("anonymous", strings.ToLower(code), "visitor-1") != t1 {
			t.Fatal("a second visit the same day is the same click")
		}
		t2 := click("anonymous", code, "visitor-2")
		if t2 == t1 || click("customer", code, "") != "UE:SELF_REFERRAL" || click("anonymous", "NOPE1234", "") != "UE:NOT_FOUND" {
			t.Fatal("visits")
		}
		d, _ = gql(t, w, "customer", affiliateQuery, nil)
		if get(d, "me.affiliate.clicks") != float64(2) || str(d, "me.affiliate.commissionRate") != "5" {
			t.Fatalf("clicks: %v", d)
		}

		attribute := func(actor, cartID string, in map[string]any) string {
			in["cartId"] = cartID
			d, e := gql(t, w, actor, `mutation($in: CartAttributionUpdateInput!) { cartAttributionUpdate(input: $in) { cart { id } userErrors { code } } }`, map[string]any{"in": in})
			if len(e) > 0 {
				return strings.Join(e, ",")
			}
			return userCodes(d, "cartAttributionUpdate")
		}
		checkout := func(actor, cartID string) pulid.ID {
			d := checkoutAs(t, w, actor, cartID, key("aff", int(w.n.Add(1))), "test", "tok_success")
			if str(d, "checkoutComplete.order.status") != "PAID" {
				t.Fatalf("checkout: %v", d)
			}
			return pulid.ID(str(d, "checkoutComplete.order.id"))
		}
		affOf := func(actor string) pulid.ID {
			return w.st.Client.Affiliate.Query().Where(entaffiliate.CustomerID(w.customerID(actor))).OnlyX(ctx).ID
		}
		commission := func(orderID pulid.ID) string {
			waitUntil(t, "the order's events published", func() bool {
				return !w.st.Client.OrderEvent.Query().Where(orderevent.OrderID(orderID), orderevent.PublishedAtIsNil()).ExistX(ctx)
			})
			c, err := w.st.Client.AffiliateCommission.Query().Where(affiliatecommission.OrderID(orderID)).Only(ctx)
			if err != nil {
				return "none"
			}
			return fmt.Sprintf("%s:%s:%d", c.AffiliateID, c.Status, c.Amount)
		}

		// A click's token on the buyer's cart attributes the order: 5% of
		// its net subtotal (2 × 10.00).
		cart1 := readyCart(t, w, "stranger", v, 2, s)
		if got := attribute("stranger", cart1, map[string]any{"attributionToken": t1}); got != "" {
			t.Fatal(got)
		}
		o1 := checkout("stranger", cart1)
		if got := commission(o1); got != string(affOf("customer"))+":PENDING:100" {
			t.Fatalf("commission: %s", got)
		}
		// Last click wins: the other affiliate's code typed after.
		d, e = gql(t, w, "owner", join, nil)
		ownerCode := str(mustOK(t, d, e, "affiliateJoin"), "affiliate.code")
		// The owner's affiliate has its own rate: 10%.
		d, e = gql(t, w, "admin", `mutation($id: ID!) { affiliateCommissionSet(input: {id: $id, rate: "10"}) { affiliate { commissionRate } userErrors { code } } }`, map[string]any{"id": affOf("owner")})
		if str(mustOK(t, d, e, "affiliateCommissionSet"), "affiliate.commissionRate") != "10" {
			t.Fatalf("rate: %v", d)
		}
		cart2 := readyCart(t, w, "stranger", v, 1, s)
		if attribute("stranger", cart2, map[string]any{"attributionToken": t2}) != "" || attribute("stranger", cart2, map[string]any{"referralCode": ownerCode}) != "" {
			t.Fatal("attribution")
		}
		o2 := checkout("stranger", cart2)
		if got := commission(o2); got != string(affOf("owner"))+":PENDING:100" {
			t.Fatalf("last click: %s", got)
		}
		// Self-referral: refused on one's own cart; on a guest cart with the
		// affiliate's email the order earns nothing.
		own := readyCart(t, w, "customer", v, 1, s)
		if got := attribute("customer", own, map[string]any{"referralCode": code}); got != "SELF_REFERRAL" {
			t.Fatalf("own cart: %s", got)
		}
		guest := readyCart(t, w, "anonymous", v, 1, s)
		d, e = gql(t, w, "anonymous", `mutation($c: ID!) { cartBuyerIdentityUpdate(input: {cartId: $c, buyerIdentity: {email: "Customer@example.com"}}) { userErrors { code } } }`, map[string]any{"c": guest})
		mustOK(t, d, e, "cartBuyerIdentityUpdate")
		if attribute("anonymous", guest, map[string]any{"referralCode": code}) != "" {
			t.Fatal("guest attribution")
		}
		if got := commission(checkout("anonymous", guest)); got != "none" {
			t.Fatalf("self-referral by email earned: %s", got)
		}
		// The 30-day window: an old click is refused, an old attribution
		// lapses at checkout.
		old := "UPDATE referral_visits SET created_at = $1 WHERE token = $2"
		if w.st.Dialect == dialect.SQLite {
			old = "UPDATE referral_visits SET created_at = ?1 WHERE token = ?2"
		}
		if _, err := w.st.Client.ExecContext(ctx, old, time.Now().Add(-31*24*time.Hour), t2); err != nil {
			t.Fatal(err)
		}
		late := readyCart(t, w, "stranger", v, 1, s)
		if got := attribute("stranger", late, map[string]any{"attributionToken": t2}); got != "NOT_FOUND" {
			t.Fatalf("old click: %s", got)
		}
		if attribute("stranger", late, map[string]any{"referralCode": code}) != "" {
			t.Fatal("attribute")
		}
		w.st.Client.Cart.UpdateOneID(pulid.ID(late)).SetAffiliateClickedAt(time.Now().Add(-31 * 24 * time.Hour)).ExecX(ctx)
		lateOrder := checkout("stranger", late)
		if w.st.Client.Order.GetX(ctx, lateOrder).AffiliateID != nil || commission(lateOrder) != "none" {
			t.Fatal("attributed after the window")
		}

		// Refunds: part lowers the commission, all of it reverses it.
		refund := func(orderID pulid.ID, k string, amount any) {
			in := map[string]any{"orderId": orderID, "idempotencyKey": k}
			if amount != nil {
				in["amount"] = amount
			}
			d, e := gql(t, w, "admin", `mutation($in: RefundCreateInput!) { refundCreate(input: $in) { refund { id } userErrors { code message } } }`, map[string]any{"in": in})
			mustOK(t, d, e, "refundCreate")
		}
		total := w.st.Client.Order.GetX(ctx, o2).Total
		refund(o2, "aff-refund-half", fmt.Sprintf("%d.%02d", total/2/100, total/2%100))
		waitUntil(t, "lowered commission", func() bool {
			return w.st.Client.AffiliateCommission.Query().Where(affiliatecommission.OrderID(o2), affiliatecommission.Amount(100*(total-total/2)/total)).ExistX(ctx)
		})
		refund(o2, "aff-refund-rest", nil)
		waitUntil(t, "reversed commission", func() bool {
			return w.st.Client.AffiliateCommission.Query().Where(affiliatecommission.OrderID(o2), affiliatecommission.StatusEQ(affiliatecommission.StatusREVERSED), affiliatecommission.Amount(0)).ExistX(ctx)
		})

		// Delivered and past the return window: approved, then paid.
		line := w.st.Client.Order.GetX(ctx, o1).QueryLines().FirstX(ctx)
		deliver(t, w, string(o1), string(line.ID), 2)
		if n, err := w.c.Server.Affiliates().Approve(ctx, time.Now().Add(29*24*time.Hour), 100); err != nil || n != 0 {
			t.Fatalf("approved within the return window: %d %v", n, err)
		}
		if n, err := w.c.Server.Affiliates().Approve(ctx, time.Now().Add(31*24*time.Hour), 100); err != nil || n != 1 {
			t.Fatalf("approve: %d %v", n, err)
		}
		d, _ = gql(t, w, "customer", affiliateQuery, nil)
		if str(d, "me.affiliate.earnings.approved.amount") != "1.00" || get(d, "me.affiliate.conversions") != float64(1) {
			t.Fatalf("earnings: %v", d)
		}
		pay := `mutation($id: ID!) { affiliatePay(input: {id: $id}) { amount { amount } userErrors { code } } }`
		d, e = gql(t, w, "admin", pay, map[string]any{"id": affOf("customer")})
		if str(mustOK(t, d, e, "affiliatePay"), "amount.amount") != "1.00" {
			t.Fatalf("pay: %v", d)
		}
		if d, _ := gql(t, w, "admin", pay, map[string]any{"id": affOf("customer")}); userCodes(d, "affiliatePay") != "NOTHING_TO_PAY" {
			t.Fatalf("pay twice: %v", d)
		}
		d, _ = gql(t, w, "customer", affiliateQuery, nil)
		if str(d, "me.affiliate.earnings.paid.amount") != "1.00" || str(d, "me.affiliate.earnings.approved.amount") != "0.00" {
			t.Fatalf("after pay: %v", d)
		}
		d, e = gql(t, w, "admin", `query { affiliates { totalCount edges { node { code clicks customer { email } } } } }`, nil)
		if len(e) > 0 || get(d, "affiliates.totalCount") != float64(2) {
			t.Fatalf("affiliates: %v %v", d, e)
		}
		// The figures of a page of affiliates are read together.
		figures := func(n int) int64 {
			return w.c.Statements(func() {
				d, e := gql(t, w, "admin", `query($n: Int) { affiliates(first: $n) { edges { node { clicks conversions earnings { pending { amount } paid { amount } } } } } }`, map[string]any{"n": n})
				if len(e) > 0 || len(get(d, "affiliates.edges").([]any)) != n {
					t.Fatalf("affiliates: %v %v", d, e)
				}
			})
		}
		if one, two := figures(1), figures(2); one != two {
			t.Fatalf("affiliate figures cost statements per affiliate: %d for 1, %d for 2", one, two)
		}
		if _, e := gql(t, w, "stranger", `query { affiliates { totalCount } }`, nil); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("stranger lists affiliates: %v", e)
		}
	})
}
