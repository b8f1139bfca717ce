package resolvers_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/testdb"
)

const reviewFields = `review { id rating title body status helpfulCount authorName verifiedPurchase reply { body } } userErrors { field code message }`

const ratingQuery = `query($id: ID!, $sort: ReviewSort, $r: Int) { product(id: $id) { rating { average count histogram { one two three four five } }
	reviews(sort: $sort, rating: $r) { totalCount edges { node { id rating body helpfulCount } } } } }`

func (w *world) productOf(variant string) pulid.ID {
	return w.st.Client.ProductVariant.GetX(context.Background(), pulid.ID(variant)).ProductID
}

func rating(t *testing.T, w *world, pid pulid.ID) string {
	d, e := gql(t, w, "anonymous", ratingQuery, map[string]any{"id": pid})
	if len(e) > 0 {
		t.Fatal(e)
	}
	// rating_average (the RATING sort's and minRating's column) follows
	// every write of the counts.
	p := w.st.Client.Product.GetX(context.Background(), pid)
	want := 0.0
	if p.RatingCount > 0 {
		want = float64(p.RatingSum) / float64(p.RatingCount)
	}
	if math.Abs(p.RatingAverage-want) > 1e-9 {
		t.Fatalf("rating_average %v, want %v (%d/%d)", p.RatingAverage, want, p.RatingSum, p.RatingCount)
	}
	return fmt.Sprintf("%v/%v/%v", get(d, "product.rating.average"), get(d, "product.rating.count"), get(d, "product.rating.histogram"))
}

func TestReviews(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 20)
		pid := w.productOf(v)
		create := `mutation($in: ReviewCreateInput!) { reviewCreate(input: $in) { ` + reviewFields + ` } }`
		in := func(r int, body string) map[string]any {
			return map[string]any{"in": map[string]any{"productId": pid, "rating": r, "title": "My take", "body": body}}
		}
		if d, _ := gql(t, w, "customer", create, in(5, "")); userCodes(d, "reviewCreate") != "NOT_VERIFIED_PURCHASE" {
			t.Fatalf("review without purchase: %v", d)
		}
		orderID, lineID := paidOrder(t, w, "customer", v, 1, s)
		if d, _ := gql(t, w, "customer", create, in(5, "")); userCodes(d, "reviewCreate") != "NOT_VERIFIED_PURCHASE" {
			t.Fatalf("review before delivery: %v", d)
		}
		deliver(t, w, orderID, lineID, 1)
		for _, bad := range []map[string]any{in(0, ""), in(6, ""), in(5, strings.Repeat("x", 5001)),
			{"in": map[string]any{"productId": pid, "rating": 4, "title": strings.Repeat("t", 201)}}} {
			if d, _ := gql(t, w, "customer", create, bad); userCodes(d, "reviewCreate") != "INVALID" {
				t.Fatalf("invalid review accepted: %v", d)
			}
		}
		const body = `<script>alert("x")</script> & <b>great</b>`
		d, e := gql(t, w, "customer", create, in(5, body))
		p := mustOK(t, d, e, "reviewCreate")
		mine := str(p, "review.id")
		if str(p, "review.status") != "APPROVED" || str(p, "review.body") != body || get(p, "review.verifiedPurchase") != true {
			t.Fatalf("created: %v", p)
		}
		if d, _ := gql(t, w, "customer", create, in(3, "")); userCodes(d, "reviewCreate") != "ALREADY_REVIEWED" {
			t.Fatalf("second review: %v", d)
		}
		if got := rating(t, w, pid); got != "5/1/map[five:1 four:0 one:0 three:0 two:0]" {
			t.Fatalf("rating: %s", got)
		}
		o2, l2 := paidOrder(t, w, "stranger", v, 1, s)
		deliver(t, w, o2, l2, 1)
		d, e = gql(t, w, "stranger", create, in(2, "meh"))
		theirs := str(mustOK(t, d, e, "reviewCreate"), "review.id")
		if got := rating(t, w, pid); got != "3.5/2/map[five:1 four:0 one:0 three:0 two:1]" {
			t.Fatalf("rating: %s", got)
		}
		update := `mutation($in: ReviewUpdateInput!) { reviewUpdate(input: $in) { ` + reviewFields + ` } }`
		d, e = gql(t, w, "customer", update, map[string]any{"in": map[string]any{"id": mine, "rating": 4}})
		mustOK(t, d, e, "reviewUpdate")
		if got := rating(t, w, pid); got != "3/2/map[five:0 four:1 one:0 three:0 two:1]" {
			t.Fatalf("rating after edit: %s", got)
		}
		// The seller replies once.
		reply := `mutation($id: ID!, $b: String!) { reviewReply(input: {reviewId: $id, body: $b}) { ` + reviewFields + ` } }`
		d, e = gql(t, w, "owner", reply, map[string]any{"id": mine, "b": "Thank you!"})
		if str(mustOK(t, d, e, "reviewReply"), "review.reply.body") != "Thank you!" {
			t.Fatalf("reply: %v", d)
		}
		if d, _ := gql(t, w, "owner", reply, map[string]any{"id": mine, "b": "Again"}); userCodes(d, "reviewReply") != "ALREADY_REPLIED" {
			t.Fatalf("second reply: %v", d)
		}
		if _, e := gql(t, w, "stranger", reply, map[string]any{"id": theirs, "b": "Not mine"}); strings.Join(e, ",") != "FORBIDDEN" {
			t.Fatalf("another seller replies: %v", e)
		}
		// Helpful votes: once each, never one's own.
		vote := `mutation($id: ID!) { reviewVoteHelpful(input: {reviewId: $id}) { ` + reviewFields + ` } }`
		d, e = gql(t, w, "stranger", vote, map[string]any{"id": mine})
		if get(mustOK(t, d, e, "reviewVoteHelpful"), "review.helpfulCount") != float64(1) {
			t.Fatalf("vote: %v", d)
		}
		if d, _ := gql(t, w, "stranger", vote, map[string]any{"id": mine}); userCodes(d, "reviewVoteHelpful") != "ALREADY_VOTED" {
			t.Fatalf("vote twice: %v", d)
		}
		if d, _ := gql(t, w, "customer", vote, map[string]any{"id": mine}); userCodes(d, "reviewVoteHelpful") != "OWN_REVIEW" {
			t.Fatalf("own vote: %v", d)
		}
		d, e = gql(t, w, "owner", vote, map[string]any{"id": mine})
		mustOK(t, d, e, "reviewVoteHelpful")
		// Sorts and the rating filter.
		first := func(sort string, r any) (string, any) {
			d, e := gql(t, w, "anonymous", ratingQuery, map[string]any{"id": pid, "sort": sort, "r": r})
			if len(e) > 0 {
				t.Fatal(e)
			}
			return str(d, "product.reviews.edges.0.node.id"), get(d, "product.reviews.totalCount")
		}
		for sort, want := range map[string]string{"NEWEST": theirs, "MOST_HELPFUL": mine, "HIGHEST_RATING": mine, "LOWEST_RATING": theirs} {
			if got, _ := first(sort, nil); got != want {
				t.Fatalf("%s: first %s, want %s", sort, got, want)
			}
		}
		if got, n := first("NEWEST", 4); got != mine || n != float64(1) {
			t.Fatalf("4 stars: %s %v", got, n)
		}
		if _, n := first("NEWEST", 1); n != float64(0) {
			t.Fatalf("1 star: %v", n)
		}
		// The author deletes; the rating follows.
		d, e = gql(t, w, "customer", `mutation($id: ID!) { reviewDelete(input: {id: $id}) { deletedId userErrors { code } } }`, map[string]any{"id": mine})
		mustOK(t, d, e, "reviewDelete")
		if got := rating(t, w, pid); got != "2/1/map[five:0 four:0 one:0 three:0 two:1]" {
			t.Fatalf("rating after delete: %s", got)
		}
		d, _ = gql(t, w, "stranger", `query { me { reviews { totalCount edges { node { id status } } } } }`, nil)
		if get(d, "me.reviews.totalCount") != float64(1) || str(d, "me.reviews.edges.0.node.id") != theirs {
			t.Fatalf("my reviews: %v", d)
		}
	})
}

func TestReviewModeration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st, apitest.Config(func(c *config.Config) { c.ReviewsRequireApproval = true }))
		s := setupShop(t, w)
		v := w.stocked(t, 5)
		pid := w.productOf(v)
		o, l := paidOrder(t, w, "customer", v, 1, s)
		deliver(t, w, o, l, 1)
		d, e := gql(t, w, "customer", `mutation($p: ID!) { reviewCreate(input: {productId: $p, rating: 1, body: "broken"}) { `+reviewFields+` } }`, map[string]any{"p": pid})
		p := mustOK(t, d, e, "reviewCreate")
		id := str(p, "review.id")
		if str(p, "review.status") != "PENDING" || rating(t, w, pid) != "<nil>/0/map[five:0 four:0 one:0 three:0 two:0]" {
			t.Fatalf("pending review counted: %v %s", p, rating(t, w, pid))
		}
		if d, _ := gql(t, w, "stranger", `mutation($id: ID!) { reviewVoteHelpful(input: {reviewId: $id}) { userErrors { code } } }`, map[string]any{"id": id}); userCodes(d, "reviewVoteHelpful") != "NOT_FOUND" {
			t.Fatalf("vote on a pending review: %v", d)
		}
		d, e = gql(t, w, "admin", `query { reviewsForModeration { totalCount edges { node { id } } } }`, nil)
		if len(e) > 0 || str(d, "reviewsForModeration.edges.0.node.id") != id {
			t.Fatalf("moderation queue: %v %v", d, e)
		}
		moderate := func(status string) {
			d, e := gql(t, w, "admin", `mutation($id: ID!, $s: ReviewStatus!) { reviewModerate(input: {id: $id, status: $s}) { `+reviewFields+` } }`, map[string]any{"id": id, "s": status})
			mustOK(t, d, e, "reviewModerate")
		}
		moderate("APPROVED")
		if got := rating(t, w, pid); got != "1/1/map[five:0 four:0 one:1 three:0 two:0]" {
			t.Fatalf("approved: %s", got)
		}
		moderate("APPROVED") // again: counted once
		if got := rating(t, w, pid); got != "1/1/map[five:0 four:0 one:1 three:0 two:0]" {
			t.Fatalf("approved twice: %s", got)
		}
		// An edit waits for approval again.
		d, e = gql(t, w, "customer", `mutation($id: ID!) { reviewUpdate(input: {id: $id, rating: 3}) { `+reviewFields+` } }`, map[string]any{"id": id})
		if str(mustOK(t, d, e, "reviewUpdate"), "review.status") != "PENDING" || !strings.HasPrefix(rating(t, w, pid), "<nil>/0/") {
			t.Fatalf("edited: %v %s", d, rating(t, w, pid))
		}
		moderate("REJECTED")
		if !strings.HasPrefix(rating(t, w, pid), "<nil>/0/") {
			t.Fatalf("rejected counted: %s", rating(t, w, pid))
		}
	})
}

// TestRatingsExactUnderConcurrency moderates 40 reviews of one product at
// once, approving and rejecting the same reviews concurrently; the
// product's count, sum and histogram equal a recount of what ended up
// approved.
func TestRatingsExactUnderConcurrency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		p, _ := w.product(t)
		var ids []pulid.ID
		for i := range 40 {
			r := w.st.Client.Review.Create().SetProductID(p.ID).SetSellerID(p.SellerID).SetCustomerID(pulid.ID(fmt.Sprintf("cus_c%02d", i))).
				SetOrderLineID("oln_x").SetRating(1 + i%5).SetStatus(review.StatusPENDING).SaveX(ctx)
			ids = append(ids, r.ID)
		}
		const m = `mutation($id: ID!, $s: ReviewStatus!) { reviewModerate(input: {id: $id, status: $s}) { userErrors { code } } }`
		var wg sync.WaitGroup
		errs := make(chan string, 200)
		run := func(id pulid.ID, s string) {
			defer wg.Done()
			if _, e := gql(t, w, "admin", m, map[string]any{"id": id, "s": s}); len(e) > 0 {
				errs <- strings.Join(e, ",")
			}
		}
		for i, id := range ids {
			wg.Add(2)
			go run(id, "APPROVED")
			go run(id, "APPROVED")
			if i%3 == 0 {
				wg.Add(1)
				go run(id, "REJECTED")
			}
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatal(e)
		}
		var count, sum int
		hist := [6]int{}
		for _, r := range w.st.Client.Review.Query().Where(review.ProductID(p.ID), review.StatusEQ(review.StatusAPPROVED)).AllX(ctx) {
			count++
			sum += r.Rating
			hist[r.Rating]++
		}
		got := w.st.Client.Product.Query().Where(product.ID(p.ID)).OnlyX(ctx)
		if got.RatingCount != count || got.RatingSum != int64(sum) || got.Rating1 != hist[1] || got.Rating2 != hist[2] ||
			got.Rating3 != hist[3] || got.Rating4 != hist[4] || got.Rating5 != hist[5] || count < 26 {
			t.Fatalf("aggregate %d/%d [%d %d %d %d %d], recount %d/%d %v", got.RatingCount, got.RatingSum,
				got.Rating1, got.Rating2, got.Rating3, got.Rating4, got.Rating5, count, sum, hist)
		}
	})
}

// TestProductRatingsWithoutQueryPerProduct: the ratings of a page of
// products cost no statement of their own.
func TestProductRatingsWithoutQueryPerProduct(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		for i := range 50 {
			p, _ := w.product(t)
			w.st.Client.Product.UpdateOne(p).SetRatingCount(2).SetRatingSum(int64(2 + i%9)).SetRating1(1).SetRating5(1).ExecX(ctx)
		}
		q := `query($n: Int) { products(first: $n) { edges { node { id rating { average count histogram { one five } } } } } }`
		count := func(n int) int64 {
			return w.c.Statements(func() {
				d, e := gql(t, w, "anonymous", q, map[string]any{"n": n})
				if len(e) > 0 || len(get(d, "products.edges").([]any)) != n || get(d, "products.edges.0.node.rating.count") != float64(2) {
					t.Fatalf("products: %v %v", d, e)
				}
			})
		}
		five, fifty := count(5), count(50)
		t.Logf("50 products with ratings: %d SQL statements (5 products: %d)", fifty, five)
		if five != fifty {
			t.Fatalf("ratings cost statements per product: %d for 5, %d for 50", five, fifty)
		}
	})
}
