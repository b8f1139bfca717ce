package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/affiliatecommission"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/discountcode"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/ent/sellerledgerentry"
	"github.com/comptoir/comptoir/ent/shippingmethod"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/graph"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

// Every mutation of the schema, run as each role allowed to call it in a
// realistic shop, with every field of its payload selected to depth 3 (see
// selector): a payload is read after its write, by the caller who made
// it, so no field may fail (INTERNAL or otherwise) and no result field may
// be null when the write succeeded. A mutation without a case fails
// TestEveryMutationHasAPayloadCase: a new mutation ships with its case.

// payloadDepth is how deep below a payload the test selects.
const payloadDepth = 3

// payloadArgs are the arguments of fields that require some; the values fit
// the fixture (they may match nothing: the field must still resolve).
var payloadArgs = map[string]string{
	"Product.attribute":  `(key: "material")`,
	"Seller.salesReport": `(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", interval: MONTH)`,
	"Seller.topProducts": `(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", first: 2)`,
}

// payloadSkip are fields the test does not select, with why.
var payloadSkip = map[string]string{
	"Product.variantBySelectedOptions": "its argument must name the product's own options (BAD_USER_INPUT otherwise); TestProductOptionsAndVariantBySelectedOptions reads it",
}

// sellerPrivate are the fields of a seller only its members and admins read
// (a refusal is an error, and these fields being non-null, it nulls the
// object holding the seller): a shopper's payload reaches sellers through
// carts, orders and reviews, and does not select them.
var sellerPrivate = []string{"Seller.contactEmail", "Seller.payoutReference", "Seller.statusReason", "Seller.commissionRate",
	"Seller.members", "Seller.invitations", "Seller.balance", "Seller.ledger", "Seller.payouts", "Seller.orders",
	"Seller.salesReport", "Seller.topProducts"}

// accountPrivate are the fields of an account read with its token only: an
// anonymous caller who made or verified an account is not signed in as it.
var accountPrivate = []string{"Customer.wishlists", "Customer.affiliate", "Customer.sellerMemberships", "Customer.orders",
	"Customer.reviews", "Customer.cart", "Customer.recommendedProducts"}

// hidden are the fields not selected for a role in a case: the private
// fields of sellers the caller is no member of, and of accounts it is not
// signed in as.
func (tc payloadCase) hidden(role string) map[string]string {
	out := map[string]string{}
	for k, v := range payloadSkip {
		out[k] = v
	}
	member := role == "owner" || role == "admin"
	for _, r := range strings.Split(tc.members, ",") {
		member = member || r == role
	}
	if !member {
		for _, k := range sellerPrivate {
			out[k] = "private to the seller's members"
		}
	}
	if role == "anonymous" {
		for _, k := range accountPrivate {
			out[k] = "private to the signed-in account"
		}
	}
	return out
}

// call is one run of a case: who calls, with which token.
type call struct {
	actor string // a fixture actor, or "fresh": a customer registered for this call
	token string
	email string // the fresh customer's
	// refresh is the fresh customer's refresh token.
	refresh string
}

const freshPassword = "correct horse battery"

type payloadCase struct {
	// roles are the actors allowed to call it (see actors), comma separated;
	// "fresh" is a customer registered for the call, for mutations that
	// spend an account (sign-outs, erasure, password changes).
	roles string
	// prepare writes what the call needs and returns its input (nil: the
	// mutation takes none).
	prepare func(t *testing.T, f *payloadFixture, c *call) any
	// outcome, when set, is the business outcome (a userError code) the
	// fixture leads to, instead of success.
	outcome string
	// nullable are payload fields that are null on success, with why.
	nullable map[string]string
	// members are the roles (besides owner and admin) that belong to the
	// seller(s) the payload shows, once the mutation ran.
	members string
}

// payloadFixture is a shop with a seller, its members, a customer, an
// admin, tax, shipping, a discount code and a webhook endpoint.
type payloadFixture struct {
	*world
	shop     shop
	code     string
	receiver *receiver
	cat      string // a category made through the API (w.category has no real path)
	// orderTokens are the access tokens of the guest orders placed (order id to
	// checkoutComplete's orderAccessToken): a guest changes its order with it.
	orderTokens sync.Map
}

func newPayloadFixture(t *testing.T, st *testdb.Store) *payloadFixture {
	w := newWorld(t, st, apitest.Config(func(c *config.Config) { c.WebhookAllowPrivate = true; c.StorefrontURL = "https://shop.example.com" }))
	f := &payloadFixture{world: w, shop: setupShop(t, w), code: "WELCOME10", receiver: newReceiver(t)}
	ctx := context.Background()
	w.st.Client.Seller.UpdateOne(w.seller).SetPayoutReference("FR76 0001").SetContactEmail("owned@example.com").ExecX(ctx)
	d, e := gql(t, w, "admin", `mutation($in: DiscountCodeCreateInput!) { discountCodeCreate(input: $in) { discountCode { id } userErrors { code message } } }`,
		map[string]any{"in": map[string]any{"code": f.code, "discount": map[string]any{"kind": "PERCENTAGE", "value": "10"}}})
	mustOK(t, d, e, "discountCodeCreate")
	d, e = gql(t, w, "admin", `mutation($in: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $in) { secret userErrors { code message } } }`,
		map[string]any{"in": map[string]any{"url": f.receiver.URL + "/hooks", "eventTypes": []string{"order.placed"}}})
	f.receiver.secret = str(mustOK(t, d, e, "webhookEndpointCreate"), "secret")
	d, e = gql(t, w, "admin", `mutation { categoryCreate(input: {name: "Clothes", description: "To wear"}) { category { id } userErrors { code message } } }`, nil)
	f.cat = str(mustOK(t, d, e, "categoryCreate"), "category.id")
	return f
}

// fresh registers and signs in a new customer.
func (f *payloadFixture) fresh(t *testing.T, c *call) {
	c.email = fmt.Sprintf("fresh-%d@example.com", f.n.Add(1))
	register(t, f.c, c.email, freshPassword)
	tk := login(t, f.c, c.email, freshPassword)
	c.token, c.refresh = tk.AccessToken, tk.RefreshToken
}

// as runs an operation with the call's token.
func (f *payloadFixture) as(t *testing.T, c *call, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := f.c.QueryAs(t, c.token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("preparing: %s", r.Raw)
	}
	var data map[string]any
	_ = json.Unmarshal(r.Data, &data)
	return data
}

// cart makes the actor's cart of one stocked line through the API.
func (f *payloadFixture) cart(t *testing.T, c *call) string {
	d := f.as(t, c, `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code } } }`,
		map[string]any{"l": []any{line(f.stocked(t, 10), 1)}})
	return str(d, "cartCreate.cart.id")
}

// ready is a cart ready to check out (email, address, method).
func (f *payloadFixture) ready(t *testing.T, actor string) string {
	return readyCart(t, f.world, actor, f.stocked(t, 10), 2, f.shop)
}

// order checks a ready cart of actor's out with a test card token and
// returns the order and its line.
func (f *payloadFixture) order(t *testing.T, actor, provider, token string) (string, string) {
	d := checkoutAs(t, f.world, actor, f.ready(t, actor), key("all", int(f.n.Add(1))), provider, token)
	orderID := str(d, "checkoutComplete.order.id")
	if orderID == "" {
		t.Fatalf("checkout: %v", d)
	}
	if tok := str(d, "checkoutComplete.orderAccessToken"); tok != "" {
		f.orderTokens.Store(orderID, tok)
	}
	ln := f.st.Client.Order.GetX(context.Background(), pulid.ID(orderID)).QueryLines().FirstX(context.Background())
	return orderID, string(ln.ID)
}

// access is the input that opens an order for the buyer who placed it: the
// guest's access token (a signed-in buyer needs none).
func (f *payloadFixture) access(orderID string) map[string]any {
	in := map[string]any{"orderId": orderID}
	if tok, ok := f.orderTokens.Load(orderID); ok {
		in["accessToken"] = tok
	}
	return in
}

func (f *payloadFixture) paid(t *testing.T, actor string) (string, string) {
	return f.order(t, actor, "test", "tok_success")
}

// delivered is a paid order of actor's, shipped and delivered.
func (f *payloadFixture) delivered(t *testing.T, actor string) (string, string) {
	o, l := f.paid(t, actor)
	deliver(t, f.world, o, l, 2)
	return o, l
}

// fulfillment ships the line of a paid order and returns the parcel.
func (f *payloadFixture) fulfillment(t *testing.T) string {
	o, l := f.paid(t, "customer")
	d, e := gql(t, f.world, "owner", `mutation($in: FulfillmentCreateInput!) { fulfillmentCreate(input: $in) { fulfillment { id } userErrors { code } } }`,
		map[string]any{"in": map[string]any{"orderId": o, "lines": []any{map[string]any{"orderLineId": l, "quantity": 2}}, "carrier": "La Poste", "trackingNumber": "6A1"}})
	return str(mustOK(t, d, e, "fulfillmentCreate"), "fulfillment.id")
}

// returnOf is a requested return of a delivered order of the customer's.
func (f *payloadFixture) returnOf(t *testing.T) string {
	o, l := f.delivered(t, "customer")
	d, e := gql(t, f.world, "customer", `mutation($in: ReturnRequestInput!) { returnRequest(input: $in) { return { id } userErrors { code message } } }`,
		map[string]any{"in": map[string]any{"orderId": o, "lines": []any{map[string]any{"orderLineId": l, "quantity": 1}}, "reason": "too small"}})
	return str(mustOK(t, d, e, "returnRequest"), "return.id")
}

// review is a review of the customer's on a product they bought.
func (f *payloadFixture) review(t *testing.T, status review.Status) *ent.Review {
	o := f.orderOf(t, "customer")
	ln := o.QueryLines().OnlyX(context.Background())
	return f.st.Client.Review.Create().SetProductID(ln.ProductID).SetSellerID(ln.SellerID).SetCustomerID(f.customerID("customer")).
		SetOrderLineID(ln.ID).SetRating(4).SetTitle("Good").SetBody("Does the job.").SetStatus(status).SaveX(context.Background())
}

var mailTokenRE = regexp.MustCompile(`token=((?:at|inv)_[A-Za-z0-9_-]{43})`)

// mailedToken reads the token of the last mail to an address whose link
// contains path.
func (f *payloadFixture) mailedToken(t *testing.T, to, path string) string {
	t.Helper()
	ms := f.st.Client.MailOutbox.Query().Where(mailoutbox.To(to)).Order(ent.Desc(mailoutbox.FieldCreatedAt), ent.Desc(mailoutbox.FieldID)).AllX(context.Background())
	for _, m := range ms {
		if strings.Contains(m.Text, path) {
			if got := mailTokenRE.FindStringSubmatch(m.Text); got != nil {
				return got[1]
			}
		}
	}
	t.Fatalf("no mail to %s with %s", to, path)
	return ""
}

func (f *payloadFixture) delivery(t *testing.T) pulid.ID {
	ctx := context.Background()
	if !f.st.Client.WebhookDelivery.Query().ExistX(ctx) {
		f.paid(t, "customer")
	}
	var id pulid.ID
	waitUntil(t, "a webhook delivery", func() bool {
		d, err := f.st.Client.WebhookDelivery.Query().Order(ent.Desc(webhookdelivery.FieldID)).First(ctx)
		if err == nil {
			id = d.ID
		}
		return err == nil
	})
	return id
}

func (f *payloadFixture) zone(t *testing.T) *ent.ShippingZone {
	return f.st.Client.ShippingZone.Create().SetName(fmt.Sprintf("Zone %d", f.n.Add(1))).SetCountries([]string{"LU"}).SaveX(context.Background())
}

func (f *payloadFixture) method(t *testing.T) *ent.ShippingMethod {
	return f.st.Client.ShippingMethod.Create().SetZoneID(f.zone(t).ID).SetName("Standard").SetKind(shippingmethod.KindFLAT).
		SetPrice(500).SetCurrency("EUR").SetMinDays(2).SetMaxDays(3).SaveX(context.Background())
}

// affiliate is a fresh customer's affiliate account.
func (f *payloadFixture) affiliate(t *testing.T) *ent.Affiliate {
	var c call
	f.fresh(t, &c)
	d := f.as(t, &c, `mutation { affiliateJoin { affiliate { id } userErrors { code } } }`, nil)
	return f.st.Client.Affiliate.GetX(context.Background(), pulid.ID(str(d, "affiliateJoin.affiliate.id")))
}

var payloadCases = map[string]payloadCase{
	// Accounts.
	"customerCreate": {roles: "anonymous", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"email": fmt.Sprintf("new-%d@example.com", f.n.Add(1)), "password": freshPassword, "firstName": "Ada", "lastName": "L"}
	}},
	"customerAccessTokenCreate": {roles: "anonymous", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		return map[string]any{"email": u.email, "password": freshPassword, "cartId": f.cart(t, c)}
	}},
	"customerAccessTokenRenew": {roles: "anonymous,fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		return map[string]any{"refreshToken": u.refresh}
	}},
	"customerAccessTokenDelete": {roles: "anonymous,fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		return map[string]any{"refreshToken": u.refresh}
	}},
	"customerSignOutEverywhere": {roles: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"keepCurrentSession": true}
	}},
	"customerUpdate": {roles: "customer,owner,fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"firstName": "Ada", "lastName": "Lovelace", "acceptsMarketing": true}
	}},
	"customerPasswordChange": {roles: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"currentPassword": freshPassword, "newPassword": "another horse battery"}
	}},
	"customerAddressCreate": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"address": frAddress, "defaultShipping": true}
	}},
	"customerAddressUpdate": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		d := f.as(t, c, `mutation($a: MailingAddressInput!) { customerAddressCreate(input: {address: $a}) { address { id } userErrors { code } } }`, map[string]any{"a": frAddress})
		return map[string]any{"id": str(d, "customerAddressCreate.address.id"), "address": map[string]any{"address1": "2 place Bellecour", "city": "Lyon", "zip": "69002", "countryCode": "FR"}, "defaultBilling": true}
	}},
	"customerAddressDelete": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		d := f.as(t, c, `mutation($a: MailingAddressInput!) { customerAddressCreate(input: {address: $a}) { address { id } userErrors { code } } }`, map[string]any{"a": frAddress})
		return map[string]any{"id": str(d, "customerAddressCreate.address.id")}
	}},
	"customerEmailVerificationSend": {roles: "customer,owner", prepare: func(t *testing.T, f *payloadFixture, c *call) any { return nil }},
	"customerEmailVerify": {roles: "anonymous,fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		u := c
		if c.actor == "anonymous" {
			u = &call{}
			f.fresh(t, u)
		}
		f.as(t, u, `mutation { customerEmailVerificationSend { sent } }`, nil)
		return map[string]any{"token": f.mailedToken(t, u.email, "/account/verify")}
	}},
	"customerRecover": {roles: "anonymous", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		return map[string]any{"email": u.email}
	}},
	"customerReset": {roles: "anonymous", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		f.as(t, c, `mutation($e: String!) { customerRecover(input: {email: $e}) { userErrors { code } } }`, map[string]any{"e": u.email})
		return map[string]any{"token": f.mailedToken(t, u.email, "/account/reset"), "password": "a new horse battery"}
	}},
	"customerDataExport": {roles: "customer,owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any { return nil }},
	"customerDelete": {roles: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"password": freshPassword}
	}},

	// Affiliates.
	"affiliateJoin": {roles: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any { return nil }},
	"analyticsEventsRecord": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"visitorId": "visitor-" + c.actor, "events": []any{map[string]any{"eventId": uuid.NewString(), "type": "SEARCH_PERFORMED",
			"searchTerms": "red shoes", "resultCount": 0, "occurredAt": time.Now().UTC().Format(time.RFC3339)}}}
	}},
	"analyticsConsentSet": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"visitorId": "visitor-" + c.actor, "optOut": true}
	}},
	"referralVisit": {roles: "anonymous,stranger", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"code": f.affiliateOf(t, "customer").Code, "visitorId": "visitor-1"}
	}},
	"cartAttributionUpdate": {roles: "anonymous,stranger", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.cart(t, c), "referralCode": f.affiliateOf(t, "customer").Code}
	}},
	"affiliateCommissionSet": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.affiliateOf(t, "customer").ID, "rate": "8"}
	}},
	// An approved commission: an attributed order, delivered, past the
	// return window.
	"affiliatePay": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		ctx := context.Background()
		a := f.affiliate(t)
		cartID := f.ready(t, "stranger")
		d, e := gql(t, f.world, "stranger", `mutation($c: ID!, $r: String!) { cartAttributionUpdate(input: {cartId: $c, referralCode: $r}) { userErrors { code } } }`,
			map[string]any{"c": cartID, "r": a.Code})
		mustOK(t, d, e, "cartAttributionUpdate")
		orderID := str(checkoutAs(t, f.world, "stranger", cartID, key("aff", int(f.n.Add(1))), "test", "tok_success"), "checkoutComplete.order.id")
		ln := f.st.Client.Order.GetX(ctx, pulid.ID(orderID)).QueryLines().FirstX(ctx)
		deliver(t, f.world, orderID, string(ln.ID), 2)
		waitUntil(t, "the commission", func() bool {
			return f.st.Client.AffiliateCommission.Query().Where(affiliatecommission.AffiliateID(a.ID)).ExistX(ctx)
		})
		if _, err := f.c.Server.Affiliates().Approve(ctx, time.Now().Add(31*24*time.Hour), 100); err != nil {
			t.Fatal(err)
		}
		return map[string]any{"id": a.ID}
	}},

	// Carts: a guest's and a customer's.
	"cartCreate": {roles: "anonymous,customer,stranger", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"lines": []any{line(f.stocked(t, 10), 2)}, "note": "gift"}
	}},
	"cartLinesAdd": {roles: "anonymous,customer,stranger", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.cart(t, c), "lines": []any{line(f.stocked(t, 10), 1)}}
	}},
	"cartLinesUpdate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		id := f.cart(t, c)
		ln := f.st.Client.Cart.GetX(context.Background(), pulid.ID(id)).QueryLines().FirstX(context.Background())
		return map[string]any{"cartId": id, "lines": []any{map[string]any{"id": ln.ID, "quantity": 3}}}
	}},
	"cartLinesRemove": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		id := f.cart(t, c)
		ln := f.st.Client.Cart.GetX(context.Background(), pulid.ID(id)).QueryLines().FirstX(context.Background())
		return map[string]any{"cartId": id, "lineIds": []any{ln.ID}}
	}},
	"cartNoteUpdate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.cart(t, c), "note": "leave at the door"}
	}},
	"cartBuyerIdentityUpdate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.cart(t, c), "buyerIdentity": map[string]any{"email": "buyer@example.com", "phone": "+33123456789"}}
	}},
	"cartShippingAddressUpdate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.cart(t, c), "address": frAddress}
	}},
	"cartSelectShippingMethod": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.ready(t, c.actor), "shippingMethodId": f.shop.express}
	}},
	"cartDiscountCodesUpdate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.ready(t, c.actor), "discountCodes": []string{f.code}}
	}},
	"productVariantStockAlertCreate": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"variantId": f.stocked(t, 0), "email": "alert@example.com"}
	}},

	// Catalog management.
	"productCreate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"sellerId": f.seller.ID, "name": fmt.Sprintf("New %d", f.n.Add(1)), "description": "New thing", "status": "ACTIVE",
			"categoryId": f.cat, "attributes": []any{map[string]any{"key": "material", "value": "wool"}},
			"options": []any{map[string]any{"name": "Size", "values": []any{map[string]any{"value": "M"}, map[string]any{"value": "L"}}}}}
	}},
	"productUpdate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"id": p.ID, "name": "Renamed", "categoryId": f.cat}
	}},
	"productDelete": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"id": p.ID}
	}},
	"productMediaAdd": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"productId": p.ID, "media": []any{map[string]any{"url": "https://img.example.com/c.jpg", "alt": "c"}}}
	}},
	"productMediaRemove": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"productId": p.ID, "urls": []string{"https://img.example.com/a.jpg"}}
	}},
	"productMediaReorder": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"productId": p.ID, "urls": []string{"https://img.example.com/b.jpg", "https://img.example.com/a.jpg"}}
	}},
	"productVariantCreate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p, _ := f.product(t)
		return map[string]any{"productId": p.ID, "sku": fmt.Sprintf("NEW-%d", f.n.Add(1)), "price": "12.50", "compareAtPrice": "15.00", "weightGrams": 300}
	}},
	"productVariantUpdate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.stocked(t, 5), "price": "9.99", "title": "Blue"}
	}},
	"productVariantDelete": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		_, v := f.product(t)
		return map[string]any{"id": v.ID}
	}},
	"warehouseCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"code": fmt.Sprintf("wh-%d", f.n.Add(1)), "name": "North", "address": "1 rue du Nord", "countryCode": "FR", "priority": 2}
	}},
	"warehouseUpdate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		wh := f.st.Client.Warehouse.Create().SetCode(fmt.Sprintf("wh-%d", f.n.Add(1))).SetName("South").SaveX(context.Background())
		return map[string]any{"id": wh.ID, "name": "South 2", "priority": 3, "active": false}
	}},
	"warehouseDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		wh := f.st.Client.Warehouse.Create().SetCode(fmt.Sprintf("wh-%d", f.n.Add(1))).SetName("Gone").SaveX(context.Background())
		return map[string]any{"id": wh.ID}
	}},
	"inventorySet": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"variantId": f.stocked(t, 5), "quantity": 7}
	}},
	"inventoryAdjust": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"variantId": f.stocked(t, 5), "delta": 3}
	}},
	"categoryCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"name": fmt.Sprintf("Cat %d", f.n.Add(1)), "parentId": f.cat, "description": "Things"}
	}},
	"categoryUpdate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.cat, "description": fmt.Sprintf("d%d", f.n.Add(1))}
	}},
	"categoryDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		i := f.n.Add(1)
		cat := f.st.Client.Category.Create().SetName(fmt.Sprintf("Tmp %d", i)).SetSlug(fmt.Sprintf("tmp-%d", i)).SetPath(fmt.Sprintf("/tmp%d/", i)).SaveX(context.Background())
		return map[string]any{"id": cat.ID}
	}},

	// Sellers.
	"sellerApply": {roles: "fresh", members: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"name": fmt.Sprintf("Atelier %d", f.n.Add(1)), "description": "Hand made", "contactEmail": "hello@atelier.example", "payoutReference": "FR76 3000 6000 0112"}
	}},
	"sellerUpdate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.seller.ID, "description": "By " + c.actor}
	}},
	"sellerApprove": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.sellerOf(t, seller.StatusPENDING).ID}
	}},
	"sellerReject": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.sellerOf(t, seller.StatusPENDING).ID, "reason": "incomplete"}
	}},
	"sellerSuspend": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.sellerOf(t, seller.StatusACTIVE).ID, "reason": "complaints"}
	}},
	"sellerReinstate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.sellerOf(t, seller.StatusSUSPENDED).ID}
	}},
	"sellerCommissionSet": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.seller.ID, "rate": "10"}
	}},
	"sellerMemberInvite": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"sellerId": f.seller.ID, "email": fmt.Sprintf("invitee-%d@example.com", f.n.Add(1)), "role": "STAFF"}
	}},
	"sellerInvitationRevoke": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		email := fmt.Sprintf("invitee-%d@example.com", f.n.Add(1))
		d, e := gql(t, f.world, "owner", `mutation($s: ID!, $e: String!) { sellerMemberInvite(input: {sellerId: $s, email: $e}) { userErrors { code } } }`, map[string]any{"s": f.seller.ID, "e": email})
		mustOK(t, d, e, "sellerMemberInvite")
		return map[string]any{"sellerId": f.seller.ID, "email": email}
	}},
	// The invited customer accepts, and reads the seller they joined.
	"sellerInvitationAccept": {roles: "fresh", members: "fresh", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		d, e := gql(t, f.world, "owner", `mutation($s: ID!, $e: String!) { sellerMemberInvite(input: {sellerId: $s, email: $e}) { userErrors { code } } }`, map[string]any{"s": f.seller.ID, "e": c.email})
		mustOK(t, d, e, "sellerMemberInvite")
		return map[string]any{"token": f.mailedToken(t, c.email, "inv_")}
	}},
	"sellerMemberRemove": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		var u call
		f.fresh(t, &u)
		d, e := gql(t, f.world, "owner", `mutation($s: ID!, $e: String!) { sellerMemberInvite(input: {sellerId: $s, email: $e}) { userErrors { code } } }`, map[string]any{"s": f.seller.ID, "e": u.email})
		mustOK(t, d, e, "sellerMemberInvite")
		f.as(t, &u, `mutation($t: String!) { sellerInvitationAccept(input: {token: $t}) { userErrors { code } } }`, map[string]any{"t": f.mailedToken(t, u.email, "inv_")})
		return map[string]any{"sellerId": f.seller.ID, "customerId": f.customerIDOf(u.email)}
	}},
	// Money available: a delivered sale past the return window, released.
	"payoutCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		ctx := context.Background()
		_, l := f.delivered(t, "customer")
		waitUntil(t, "the sale's ledger entry", func() bool {
			return f.st.Client.SellerLedgerEntry.Query().Where(sellerledgerentry.OrderLineID(pulid.ID(l))).ExistX(ctx)
		})
		if _, err := f.c.Server.Ledger().Release(ctx, time.Now().Add(31*24*time.Hour), 1000); err != nil {
			t.Fatal(err)
		}
		return map[string]any{"sellerId": f.seller.ID, "idempotencyKey": key("payout", int(f.n.Add(1)))}
	}},

	// Orders.
	"checkoutComplete": {roles: "anonymous,customer,stranger", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"cartId": f.ready(t, c.actor), "idempotencyKey": key("all", int(f.n.Add(1))), "payment": map[string]any{"provider": "test", "token": "tok_success"}}
	}, nullable: map[string]string{"orderAccessToken": "only a guest order gets one; a signed-in buyer changes theirs with their sign-in"}},
	"paymentConfirm": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, _ := f.order(t, c.actor, "test", "tok_confirm")
		return f.access(o)
	}},
	"orderReorder": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, _ := f.paid(t, c.actor)
		return f.access(o)
	}},
	"orderCancel": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, _ := f.paid(t, "customer")
		return map[string]any{"orderId": o, "reason": "out of stock"}
	}},
	"orderMarkPaid": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, _ := f.order(t, "customer", "manual", "")
		return map[string]any{"orderId": o}
	}},
	"fulfillmentCreate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, l := f.paid(t, "customer")
		return map[string]any{"orderId": o, "lines": []any{map[string]any{"orderLineId": l, "quantity": 1}}, "carrier": "La Poste", "trackingNumber": "6A1", "trackingUrl": "https://track.example/6A1"}
	}},
	"fulfillmentTrackingUpdate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"fulfillmentId": f.fulfillment(t), "status": "IN_TRANSIT", "message": "Sorted", "location": "Paris"}
	}},
	"refundCreate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, l := f.paid(t, "customer")
		return map[string]any{"orderId": o, "idempotencyKey": key("refund", int(f.n.Add(1))), "lines": []any{map[string]any{"orderLineId": l, "quantity": 1}}, "reason": "damaged", "restock": true}
	}},
	"returnRequest": {roles: "anonymous,customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, l := f.delivered(t, c.actor)
		in := f.access(o)
		in["lines"], in["reason"] = []any{map[string]any{"orderLineId": l, "quantity": 1}}, "too small"
		return in
	}},
	"returnApprove": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"returnId": f.returnOf(t), "restock": true, "note": "ok"}
	}},
	"returnRefuse": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"returnId": f.returnOf(t), "note": "worn"}
	}},

	// Reviews.
	"reviewCreate": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		o, _ := f.delivered(t, "customer")
		ln := f.st.Client.Order.GetX(context.Background(), pulid.ID(o)).QueryLines().FirstX(context.Background())
		return map[string]any{"productId": ln.ProductID, "rating": 5, "title": "Great", "body": "Fits well."}
	}},
	"reviewUpdate": {roles: "customer", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.review(t, review.StatusAPPROVED).ID, "rating": 3, "body": "Wore out."}
	}},
	"reviewDelete": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.review(t, review.StatusAPPROVED).ID}
	}},
	"reviewModerate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.review(t, review.StatusPENDING).ID, "status": "APPROVED"}
	}},
	"reviewReply": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"reviewId": f.review(t, review.StatusAPPROVED).ID, "body": "Thank you!"}
	}},
	"reviewVoteHelpful": {roles: "stranger,owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"reviewId": f.review(t, review.StatusAPPROVED).ID}
	}},

	// Setup (admins).
	"taxRateSet": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"countryCode": "DE", "provinceCode": fmt.Sprintf("P%d", f.n.Add(1)), "name": "MwSt", "percentage": "19"}
	}},
	"taxRateDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		r := f.st.Client.TaxRate.Create().SetCountryCode("DE").SetProvinceCode(fmt.Sprintf("P%d", f.n.Add(1))).SetRatePpm(190000).SaveX(context.Background())
		return map[string]any{"id": r.ID}
	}},
	"shippingZoneCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"name": fmt.Sprintf("Zone %d", f.n.Add(1)), "countries": []string{"LU"}}
	}},
	"shippingZoneUpdate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.zone(t).ID, "name": "Benelux", "countries": []string{"LU", "NL"}}
	}},
	"shippingZoneDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.zone(t).ID}
	}},
	"shippingMethodCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"zoneId": f.zone(t).ID, "method": map[string]any{"name": "Post", "kind": "FLAT", "price": "5.00", "freeAbove": "80.00", "minDeliveryDays": 2, "maxDeliveryDays": 4}}
	}},
	"shippingMethodUpdate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.method(t).ID, "method": map[string]any{"name": "Post", "kind": "WEIGHT", "price": "3.00", "pricePerKg": "1.00", "maxWeightGrams": 20000, "minDeliveryDays": 2, "maxDeliveryDays": 4}}
	}},
	"shippingMethodDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.method(t).ID}
	}},
	"discountCodeCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"code": fmt.Sprintf("SAVE%d", f.n.Add(1)), "discount": map[string]any{"kind": "FIXED_AMOUNT", "value": "5.00", "minimumSubtotal": "20.00",
			"usageLimit": 10, "perCustomerLimit": 1, "productIds": []any{}, "sellerIds": []any{f.seller.ID}}}
	}},
	"discountCodeUpdate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		code := fmt.Sprintf("UPD%d", f.n.Add(1))
		d := f.st.Client.DiscountCode.Create().SetCode(code).SetCodeKey(strings.ToLower(code)).SetKind(discountcode.KindPERCENTAGE).
			SetValue(10).SetCurrency("EUR").SaveX(context.Background())
		return map[string]any{"id": d.ID, "discount": map[string]any{"kind": "PERCENTAGE", "value": "15", "categoryIds": []any{f.cat}}}
	}},
	"promotionCreate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"sellerId": f.seller.ID, "promotion": map[string]any{"title": fmt.Sprintf("Tiers %d", f.n.Add(1)), "kind": "TIERED_PERCENTAGE", "active": false,
			"tiers": []any{map[string]any{"minimumSubtotal": "50", "value": "5"}, map[string]any{"minimumSubtotal": "100", "value": "10"}}}}
	}},
	"promotionUpdate": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p := f.st.Client.Promotion.Create().SetTitle("Old").SetSellerID(f.seller.ID).SetActive(false).SetKind("PERCENTAGE").SetValue(1000).SetCurrency("EUR").SaveX(context.Background())
		return map[string]any{"id": p.ID, "promotion": map[string]any{"title": "Buy 2 get 1", "kind": "BUY_X_GET_Y", "active": false, "buyQuantity": 2, "getQuantity": 1,
			"customerSegment": "SIGNED_IN", "endsAt": "2030-01-01T00:00:00Z"}}
	}},
	"promotionDelete": {roles: "owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		p := f.st.Client.Promotion.Create().SetTitle("Gone").SetSellerID(f.seller.ID).SetActive(false).SetKind("FREE_SHIPPING").SetCurrency("EUR").SaveX(context.Background())
		return map[string]any{"id": p.ID}
	}},
	"webhookEndpointCreate": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"url": f.receiver.URL + "/other", "eventTypes": []string{"order.cancelled"}}
	}},
	"webhookEndpointDelete": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		e := f.st.Client.WebhookEndpoint.Create().SetURL(f.receiver.URL + "/gone").SetEventTypes([]string{"order.cancelled"}).
			SetSecret("0123456789abcdef").SaveX(context.Background())
		return map[string]any{"id": e.ID}
	}},
	"webhookDeliveryRedeliver": {roles: "admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.delivery(t)}
	}},

	// Wishlists.
	"wishlistCreate": {roles: "customer,owner,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"name": fmt.Sprintf("Gifts %d", f.n.Add(1))}
	}},
	"wishlistUpdate": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.wishlistOf(t, "customer", true).ID, "name": "Renamed", "makeDefault": true}
	}},
	"wishlistDelete": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"id": f.wishlistOf(t, "customer", true).ID}
	}},
	"wishlistItemsAdd": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"wishlistId": f.wishlistOf(t, "customer", true).ID, "variantIds": []string{f.stocked(t, 3)}}
	}},
	"wishlistItemsRemove": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		l := f.wishlistOf(t, "customer", true)
		return map[string]any{"wishlistId": l.ID, "itemIds": []pulid.ID{l.QueryItems().FirstX(context.Background()).ID}}
	}},
	"wishlistItemMoveToCart": {roles: "customer,admin", prepare: func(t *testing.T, f *payloadFixture, c *call) any {
		return map[string]any{"itemId": f.wishlistOf(t, "customer", true).QueryItems().FirstX(context.Background()).ID, "quantity": 1}
	}},
}

func (w *world) customerIDOf(email string) pulid.ID {
	return w.st.Client.Customer.Query().Where(customer.EmailKey(email)).OnlyX(context.Background()).ID
}

func payloadSelector(skip map[string]string) *selector {
	return &selector{schema: graph.New(graph.Config{}).Schema(), args: payloadArgs, skip: skip, missing: map[string]bool{}}
}

// TestEveryMutationHasAPayloadCase: the table above covers the schema's
// mutations exactly, and every field below their payloads is selectable.
func TestEveryMutationHasAPayloadCase(t *testing.T) {
	s := payloadSelector(payloadSkip)
	var missing, extra []string
	for _, f := range s.schema.Mutation.Fields {
		if _, ok := payloadCases[f.Name]; !ok {
			missing = append(missing, f.Name)
		}
		if _, err := s.mutation(f.Name, payloadDepth); err != nil {
			t.Fatal(err)
		}
	}
	for name := range payloadCases {
		if s.schema.Mutation.Fields.ForName(name) == nil {
			extra = append(extra, name)
		}
	}
	if len(missing)+len(extra) > 0 {
		sort.Strings(missing)
		sort.Strings(extra)
		t.Fatalf("mutations without a payload case: %v\ncases of no mutation: %v", missing, extra)
	}
	if len(s.missing) > 0 {
		var fs []string
		for k := range s.missing {
			fs = append(fs, k)
		}
		sort.Strings(fs)
		t.Fatalf("fields with required arguments and no entry in payloadArgs or payloadSkip: %v", fs)
	}
}

// TestEveryPayloadResolves runs each mutation as each of its roles and
// reads its whole payload.
func TestEveryPayloadResolves(t *testing.T) {
	s := payloadSelector(payloadSkip)
	names := make([]string, 0, len(payloadCases))
	for name := range payloadCases {
		names = append(names, name)
	}
	sort.Strings(names)
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		f := newPayloadFixture(t, st)
		for _, name := range names {
			tc := payloadCases[name]
			field := s.schema.Mutation.Fields.ForName(name)
			if field == nil {
				continue // TestEveryMutationHasAPayloadCase names it
			}
			payload := s.schema.Types[field.Type.Name()]
			for _, role := range strings.Split(tc.roles, ",") {
				t.Run(name+"/"+role, func(t *testing.T) {
					op, err := payloadSelector(tc.hidden(role)).mutation(name, payloadDepth)
					if err != nil {
						t.Fatal(err)
					}
					c := &call{actor: role, token: f.tokens[role]}
					if role == "fresh" {
						f.fresh(t, c)
					}
					var vars map[string]any
					if in := tc.prepare(t, f, c); in != nil {
						vars = map[string]any{"input": in}
					}
					logged := len(f.c.Logs.String())
					r := f.c.QueryAs(t, c.token, op, vars)
					for _, e := range r.Errors {
						t.Errorf("%s as %s: error %s at %v: %s", name, role, e.Code(), e.Path, e.Message)
					}
					var data map[string]map[string]any
					if err := json.Unmarshal(r.Data, &data); err != nil || data[name] == nil {
						t.Fatalf("%s as %s: no payload: %s", name, role, r.Raw)
					}
					p := data[name]
					codes := userCodes(map[string]any{name: p}, name)
					if codes != tc.outcome {
						t.Fatalf("%s as %s: userErrors %q, want %q: %v", name, role, codes, tc.outcome, p["userErrors"])
					}
					if tc.outcome != "" {
						return
					}
					for _, pf := range payload.Fields {
						if pf.Name == "userErrors" {
							continue
						}
						if _, ok := tc.nullable[pf.Name]; ok {
							continue
						}
						if p[pf.Name] == nil {
							t.Errorf("%s as %s: %s.%s is null after a successful write", name, role, payload.Name, pf.Name)
						}
					}
					if t.Failed() {
						t.Logf("response: %s", r.Raw)
						for _, l := range strings.Split(f.c.Logs.String()[logged:], "\n") {
							if strings.Contains(l, "level=ERROR") {
								t.Logf("server log: %s", l)
							}
						}
					}
				})
			}
		}
	})
}
