package resolvers_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The erased customer's identifying strings, as distinctive as possible so
// that a hit in the dump can only be theirs.
const (
	erasedEmail  = "Zelda.Erasable@Example.com"
	erasedFirst  = "Zephyrine"
	erasedLast   = "Quixotique"
	erasedStreet = "42 rue du Xylophone"
	erasedPhone  = "+33699887766"
)

// dumpText returns every value of every column of every table, as text,
// with where it was: tables and columns come from the database's catalog
// (sqlite_master and table_info, information_schema), so a table added
// later is covered without touching this test.
func dumpText(t *testing.T, st *testdb.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	db := st.DB
	query := func(q string, args ...any) []string {
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s sql.NullString
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			if s.Valid {
				out = append(out, s.String)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := map[string][]string{}
	switch st.Dialect {
	case dialect.SQLite:
		for _, table := range query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`) {
			for _, col := range query(`SELECT name FROM pragma_table_info(?)`, table) {
				out[table+"."+col] = query(fmt.Sprintf(`SELECT CAST(%q AS TEXT) FROM %q`, col, table))
			}
		}
	case dialect.Postgres:
		rows, err := db.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
		if err != nil {
			t.Fatal(err)
		}
		var cols [][2]string
		for rows.Next() {
			var tc [2]string
			if err := rows.Scan(&tc[0], &tc[1]); err != nil {
				t.Fatal(err)
			}
			cols = append(cols, tc)
		}
		rows.Close()
		for _, tc := range cols {
			out[tc[0]+"."+tc[1]] = query(fmt.Sprintf(`SELECT %q::text FROM %q`, tc[1], tc[0]))
		}
	default:
		t.Fatalf("no catalog query for %s", st.Dialect)
	}
	if len(out) < 40 {
		t.Fatalf("the catalog lists only %d columns", len(out))
	}
	return out
}

// findIn lists where any of the needles appears, case-insensitively.
func findIn(dump map[string][]string, needles ...string) []string {
	var hits []string
	for where, values := range dump {
		for _, v := range values {
			lv := strings.ToLower(v)
			for _, n := range needles {
				if strings.Contains(lv, strings.ToLower(n)) {
					hits = append(hits, fmt.Sprintf("%s: %q in %.120q", where, n, v))
				}
			}
		}
	}
	return hits
}

// erasable is a customer with something in every place personal data
// goes: an address book, a delivered order with a return and a review, a
// wishlist, an affiliate record, a back-in-stock alert, a seller
// invitation, mails queued and sent, and an open cart.
type erasable struct {
	order, line, product, variant, wishlist, total string
}

func newErasable(t *testing.T, w *world, st *testdb.Store) erasable {
	t.Helper()
	ctx := context.Background()
	s := setupShop(t, w)
	v := w.stocked(t, 20)
	register(t, w.c, erasedEmail, "correct horse")
	w.tokens["zelda"] = login(t, w.c, erasedEmail, "correct horse").AccessToken
	d, e := gql(t, w, "zelda", `mutation { customerUpdate(input: {firstName: "`+erasedFirst+`", lastName: "`+erasedLast+`"}) { userErrors { code } } }`, nil)
	mustOK(t, d, e, "customerUpdate")
	address := map[string]any{"firstName": erasedFirst, "lastName": erasedLast, "address1": erasedStreet, "city": "Paris", "zip": "75001", "countryCode": "FR", "phone": erasedPhone}
	d, e = gql(t, w, "zelda", addAddress, map[string]any{"in": map[string]any{"address": address, "defaultShipping": true}})
	mustOK(t, d, e, "customerAddressCreate")
	cart := func() string {
		d, e := gql(t, w, "zelda", `mutation($l: [CartLineInput!]) { cartCreate(input: {lines: $l}) { cart { id } userErrors { code } } }`, map[string]any{"l": []any{line(v, 1)}})
		id := str(mustOK(t, d, e, "cartCreate"), "cart.id")
		d, e = gql(t, w, "zelda", `mutation($c: ID!, $m: String!, $p: String!) { cartBuyerIdentityUpdate(input: {cartId: $c, buyerIdentity: {email: $m, phone: $p}}) { userErrors { code } } }`,
			map[string]any{"c": id, "m": erasedEmail, "p": erasedPhone})
		mustOK(t, d, e, "cartBuyerIdentityUpdate")
		d, e = gql(t, w, "zelda", `mutation($c: ID!, $a: MailingAddressInput!) { cartShippingAddressUpdate(input: {cartId: $c, address: $a}) { userErrors { code } } }`, map[string]any{"c": id, "a": address})
		mustOK(t, d, e, "cartShippingAddressUpdate")
		d, e = gql(t, w, "zelda", `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`, map[string]any{"c": id, "m": s.flat})
		mustOK(t, d, e, "cartSelectShippingMethod")
		return id
	}
	d = checkoutAs(t, w, "zelda", cart(), key("erase", 1), "test", "tok_success")
	orderID := str(d, "checkoutComplete.order.id")
	total := str(d, "checkoutComplete.order.totalAmount.amount")
	if orderID == "" {
		t.Fatalf("checkout: %v", d)
	}
	lineID := string(st.Client.Order.GetX(ctx, pulid.ID(orderID)).QueryLines().FirstX(ctx).ID)
	deliver(t, w, orderID, lineID, 1)
	d, e = gql(t, w, "zelda", `mutation($o: ID!, $l: ID!) { returnRequest(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}], reason: "too small"}) { return { id } userErrors { code } } }`,
		map[string]any{"o": orderID, "l": lineID})
	mustOK(t, d, e, "returnRequest")
	productID := string(st.Client.ProductVariant.GetX(ctx, pulid.ID(v)).ProductID)
	d, e = gql(t, w, "zelda", `mutation($p: ID!) { reviewCreate(input: {productId: $p, rating: 5, title: "Great"}) { review { id authorName } userErrors { code } } }`, map[string]any{"p": productID})
	if !strings.Contains(str(mustOK(t, d, e, "reviewCreate"), "review.authorName"), erasedFirst) {
		t.Fatalf("the review is not signed with the name: %v", d)
	}
	d, e = gql(t, w, "zelda", `mutation($n: String!) { wishlistCreate(input: {name: $n}) { wishlist { id } userErrors { code } } }`, map[string]any{"n": erasedFirst + "'s birthday"})
	list := str(mustOK(t, d, e, "wishlistCreate"), "wishlist.id")
	d, e = gql(t, w, "zelda", `mutation($w: ID, $v: ID!) { wishlistItemsAdd(input: {wishlistId: $w, variantIds: [$v]}) { userErrors { code } } }`, map[string]any{"w": list, "v": v})
	mustOK(t, d, e, "wishlistItemsAdd")
	d, e = gql(t, w, "zelda", `mutation { affiliateJoin { affiliate { id } userErrors { code } } }`, nil)
	mustOK(t, d, e, "affiliateJoin")
	d, e = gql(t, w, "anonymous", `mutation($v: ID!, $m: String!) { productVariantStockAlertCreate(input: {variantId: $v, email: $m}) { userErrors { code } } }`, map[string]any{"v": v, "m": strings.ToUpper(erasedEmail)})
	mustOK(t, d, e, "productVariantStockAlertCreate")
	d, e = gql(t, w, "owner", `mutation($s: ID!, $m: String!) { sellerMemberInvite(input: {sellerId: $s, email: $m, role: STAFF}) { userErrors { code } } }`, map[string]any{"s": w.seller.ID, "m": erasedEmail})
	mustOK(t, d, e, "sellerMemberInvite")
	d, e = gql(t, w, "zelda", `mutation { customerEmailVerificationSend { sent } }`, nil)
	if len(e) > 0 {
		t.Fatalf("verification mail: %v", e)
	}
	cart() // an open cart, with the address
	now := time.Now().UTC()
	d, e = gql(t, w, "zelda", `mutation($in: AnalyticsEventsRecordInput!) { analyticsEventsRecord(input: $in) { recorded userErrors { code } } }`,
		map[string]any{"in": map[string]any{"visitorId": "zelda-laptop", "events": []any{
			map[string]any{"eventId": "5d9f1c1e-0000-4000-8000-000000000001", "type": "PRODUCT_VIEWED", "productId": productID, "variantId": v,
				"occurredAt": now.Add(-2 * time.Minute).Format(time.RFC3339)},
			map[string]any{"eventId": "5d9f1c1e-0000-4000-8000-000000000002", "type": "SEARCH_PERFORMED", "searchTerms": "Red  Shoes", "resultCount": 3,
				"occurredAt": now.Add(-time.Minute).Format(time.RFC3339)}}}})
	if get(mustOK(t, d, e, "analyticsEventsRecord"), "recorded") != float64(2) {
		t.Fatalf("analytics events: %v", d)
	}
	waitSettled(t, st)
	return erasable{order: orderID, line: lineID, product: productID, variant: v, wishlist: list, total: total}
}

// Erasure erases: after customerDelete, no column of any table, on either
// store, holds the customer's email, names, street or phone, though they
// had an address book, orders (delivered, returned, reviewed), an open cart,
// wishlists, an affiliate record, a back-in-stock alert, a seller
// invitation and mails queued and sent. What accounting needs stays: the
// orders, their amounts, lines and tax.
func TestErasureLeavesNoPersonalData(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		f := newErasable(t, w, st)
		orderID, productID, total := f.order, f.product, f.total
		dump := dumpText(t, st)
		if hits := findIn(dump, erasedEmail, erasedFirst, erasedLast, erasedStreet, erasedPhone); len(hits) < 10 {
			t.Fatalf("the fixture holds too little personal data to prove anything: %v", hits)
		}
		for _, table := range []string{"mail_outboxes", "stock_alerts", "seller_invitations", "wishlists", "reviews", "carts", "orders", "addresses"} {
			if !strings.Contains(fmt.Sprint(findIn(dump, erasedEmail, erasedFirst, erasedStreet)), table+".") {
				t.Errorf("the fixture has nothing personal in %s", table)
			}
		}

		d, e := gql(t, w, "zelda", `mutation { customerDelete(input: {password: "correct horse"}) { deleted userErrors { code } } }`, nil)
		if len(e) > 0 || get(d, "customerDelete.deleted") != true {
			t.Fatalf("customerDelete: %v %v", d, e)
		}
		waitSettled(t, st)
		if n := st.Client.AnalyticsEvent.Query().CountX(context.Background()) + st.Client.AnalyticsVisitorDay.Query().CountX(context.Background()); n != 0 {
			t.Fatalf("analytics rows left after erasure: %d", n)
		}
		if hits := findIn(dumpText(t, st), erasedEmail, erasedFirst, erasedLast, erasedStreet, erasedPhone); len(hits) > 0 {
			t.Fatalf("personal data left after erasure:\n%s", strings.Join(hits, "\n"))
		}
		// The books keep the order: amounts, lines, tax.
		d, e = gql(t, w, "admin", `query($id: ID!) { order(id: $id) { email totalAmount { amount } taxAmount { amount } lines(first: 5) { totalCount } } }`, map[string]any{"id": orderID})
		if len(e) > 0 || str(d, "order.totalAmount.amount") != total || get(d, "order.lines.totalCount") != float64(1) || !strings.HasPrefix(str(d, "order.email"), "deleted-") {
			t.Fatalf("the erased customer's order: %v %v", d, e)
		}
		d, e = gql(t, w, "anonymous", `query($p: ID!) { product(id: $p) { reviews(first: 5) { edges { node { authorName } } } } }`, map[string]any{"p": productID})
		if len(e) > 0 || str(d, "product.reviews.edges.0.node.authorName") != "Deleted customer" {
			t.Fatalf("the review's author: %v %v", d, e)
		}
	})
}
