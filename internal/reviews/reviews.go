// Package reviews keeps product reviews by verified buyers: one per customer
// and product, from a customer with a delivered line of it; moderated when
// configured; one public reply from the seller; helpful votes, one per
// customer. Each product carries the count, sum and histogram of its
// APPROVED ratings, changed by increments in the transaction of each review
// write, so they stay exact under concurrent writes and are read with the
// product (no query per product).
//
// Text is stored exactly as given; nothing is rendered as HTML.
package reviews

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/fulfillment"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/review"
	"github.com/comptoir/comptoir/ent/reviewvote"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (ReviewErrorCode in the schema).
const (
	CodeInvalid        = "INVALID"
	CodeNotFound       = "NOT_FOUND"
	CodeNotVerified    = "NOT_VERIFIED_PURCHASE"
	CodeAlreadyReview  = "ALREADY_REVIEWED"
	CodeAlreadyReplied = "ALREADY_REPLIED"
	CodeAlreadyVoted   = "ALREADY_VOTED"
	CodeOwnReview      = "OWN_REVIEW"
)

// Sort orders of a product's reviews.
type Sort string

// Sorts (ReviewSort in the schema).
const (
	Newest        Sort = "NEWEST"
	MostHelpful   Sort = "MOST_HELPFUL"
	HighestRating Sort = "HIGHEST_RATING"
	LowestRating  Sort = "LOWEST_RATING"
)

// Service manages reviews.
type Service struct {
	St *store.Store
	// RequireApproval holds new and edited reviews PENDING until an admin
	// approves them; otherwise they are APPROVED at once.
	RequireApproval bool
}

func in(p ...string) []string { return append([]string{"input"}, p...) }

func notFound(f string) []apperr.UserError {
	return []apperr.UserError{apperr.UserErr(in(f), CodeNotFound, "no review with this id")}
}

// Text is a review's editable part; nil fields are left alone.
type Text struct {
	Rating      *int
	Title, Body *string
}

func (t Text) check() []apperr.UserError {
	var ues []apperr.UserError
	if t.Rating != nil && (*t.Rating < 1 || *t.Rating > 5) {
		ues = append(ues, apperr.UserErr(in("rating"), CodeInvalid, "a rating is from 1 to 5"))
	}
	if t.Title != nil && text.TooLong(*t.Title, text.NameMax) {
		ues = append(ues, apperr.UserErr(in("title"), CodeInvalid, "a title has at most %d characters", text.NameMax))
	}
	if t.Body != nil && text.TooLong(*t.Body, text.DescriptionMax) {
		ues = append(ues, apperr.UserErr(in("body"), CodeInvalid, "a review has at most %d characters", text.DescriptionMax))
	}
	for _, s := range []*string{t.Title, t.Body} {
		if s != nil && !utf8.ValidString(*s) {
			ues = append(ues, apperr.UserErr(in(), CodeInvalid, "text must be valid UTF-8"))
		}
	}
	return ues
}

// rate adds delta reviews of a rating to a product's aggregate: increments,
// so concurrent writers never lose one another's.
func rate(ctx context.Context, tx *ent.Tx, dia string, productID pulid.ID, rating, delta int) error {
	if rating < 1 || rating > 5 || delta == 0 {
		return nil
	}
	// rating_average is the mean of the new totals (SET reads the row's
	// old values): the RATING sort and minRating read it from its index.
	q := fmt.Sprintf(`UPDATE products SET rating_count = rating_count + $1, rating_sum = rating_sum + $2, rating_%d = rating_%d + $1,
rating_average = CASE WHEN rating_count + $1 > 0 THEN (rating_sum + $2) * 1.0 / (rating_count + $1) ELSE 0 END WHERE id = $3`, rating, rating)
	if dia == dialect.SQLite {
		q = strings.NewReplacer("$1", "?1", "$2", "?2", "$3", "?3").Replace(q)
	}
	_, err := tx.ExecContext(ctx, q, delta, delta*rating, string(productID))
	return err
}

// rerate moves a review's weight in its product's rating from one rating
// and status to another (a status of "" counts nothing: creation,
// deletion); nothing is written when the weight stays.
func rerate(ctx context.Context, tx *ent.Tx, dia string, productID pulid.ID, oldRating int, oldStatus review.Status, newRating int, newStatus review.Status) error {
	if oldRating == newRating {
		return rate(ctx, tx, dia, productID, newRating, counted(newStatus)-counted(oldStatus))
	}
	if err := rate(ctx, tx, dia, productID, oldRating, -counted(oldStatus)); err != nil {
		return err
	}
	return rate(ctx, tx, dia, productID, newRating, counted(newStatus))
}

// Summary is a product's approved ratings: the mean to two decimals (nil
// without any), the count, and how many gave 1 to 5 stars.
type Summary struct {
	Average   *float64
	Count     int
	Histogram [5]int
}

// Summarize reads a product's rating from its columns: no statement.
func Summarize(p *ent.Product) Summary {
	s := Summary{Count: p.RatingCount, Histogram: [5]int{p.Rating1, p.Rating2, p.Rating3, p.Rating4, p.Rating5}}
	if p.RatingCount > 0 {
		a := math.Round(float64(p.RatingSum)*100/float64(p.RatingCount)) / 100
		s.Average = &a
	}
	return s
}

// counted is +1 when a review in this status counts in its product's
// rating.
func counted(s review.Status) int {
	if s == review.StatusAPPROVED {
		return 1
	}
	return 0
}

// lock reads a review inside tx, locked on PostgreSQL.
func lock(ctx context.Context, tx *ent.Tx, dia string, id pulid.ID) (*ent.Review, error) {
	q := tx.Review.Query().Where(review.ID(id))
	if dia == dialect.Postgres {
		q = q.ForUpdate()
	}
	return q.Only(ctx)
}

// Create reviews a product the viewer bought and received. Who: a customer
// with a delivered line of the product; once per product. The product must
// be public (policy.Shopper): NOT_FOUND otherwise, as for an unknown one.
func (s *Service) Create(ctx context.Context, productID pulid.ID, t Text) (*ent.Review, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	if t.Rating == nil {
		return nil, []apperr.UserError{apperr.UserErr(in("rating"), CodeInvalid, "a rating is required")}, nil
	}
	if ues := t.check(); len(ues) > 0 {
		return nil, ues, nil
	}
	// Reviewing is shopping: the public view, even for the seller's members.
	p, err := s.St.Client.Product.Query().Where(product.ID(productID), policy.Shopper().Products()).
		Select(product.FieldID, product.FieldSellerID).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("productId"), CodeNotFound, "no product with this id")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	lineID, err := s.deliveredLine(ctx, v.Customer.ID, productID)
	if err != nil {
		return nil, nil, err
	}
	if lineID == "" {
		return nil, []apperr.UserError{apperr.UserErr(in("productId"), CodeNotVerified, "only customers who received this product may review it")}, nil
	}
	status := review.StatusAPPROVED
	if s.RequireApproval {
		status = review.StatusPENDING
	}
	var r *ent.Review
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		r, err = tx.Review.Create().SetProductID(productID).SetSellerID(p.SellerID).SetCustomerID(v.Customer.ID).
			SetOrderLineID(lineID).SetAuthorName(authorName(v.Customer)).SetRating(*t.Rating).
			SetTitle(deref(t.Title)).SetBody(deref(t.Body)).SetStatus(status).Save(ctx)
		if err != nil {
			return err
		}
		return rate(ctx, tx, s.St.Dialect, productID, *t.Rating, counted(status))
	})
	if ent.IsConstraintError(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("productId"), CodeAlreadyReview, "you already reviewed this product; edit your review instead")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create review: %w", err)
	}
	// Unwrap: r belongs to the committed transaction; the payload loads its edges.
	return r.Unwrap(), nil, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// authorName is the first name and the last name's initial.
func authorName(c *ent.Customer) string {
	name := strings.TrimSpace(c.FirstName)
	if last := strings.TrimSpace(c.LastName); last != "" {
		r, _ := utf8.DecodeRuneInString(last)
		name = strings.TrimSpace(name + " " + string(r) + ".")
	}
	if name == "" {
		name = "A customer"
	}
	name = text.Cut(name, text.LabelMax)
	return name
}

// deliveredLine finds a line of the product in the customer's orders that
// was delivered (two statements); "" when none.
func (s *Service) deliveredLine(ctx context.Context, customerID, productID pulid.ID) (pulid.ID, error) {
	ls, err := s.St.Client.OrderLine.Query().Where(orderline.ProductID(productID),
		orderline.HasOrderWith(entorder.CustomerID(customerID))).All(ctx)
	if err != nil || len(ls) == 0 {
		return "", err
	}
	var orderIDs []pulid.ID
	mine := map[pulid.ID]bool{}
	for _, l := range ls {
		orderIDs = append(orderIDs, l.OrderID)
		mine[l.ID] = true
	}
	fus, err := s.St.Client.Fulfillment.Query().Where(fulfillment.OrderIDIn(orderIDs...), fulfillment.StatusEQ(fulfillment.StatusDELIVERED)).All(ctx)
	if err != nil {
		return "", err
	}
	for _, f := range fus {
		for _, fl := range f.Lines {
			if mine[fl.OrderLineID] {
				return fl.OrderLineID, nil
			}
		}
	}
	return "", nil
}

// Update edits a review. With moderation on it waits for approval again.
// Who: its author.
func (s *Service) Update(ctx context.Context, id pulid.ID, t Text) (*ent.Review, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	if ues := t.check(); len(ues) > 0 {
		return nil, ues, nil
	}
	var out *ent.Review
	var ues []apperr.UserError
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		r, err := lock(ctx, tx, s.St.Dialect, id)
		if ent.IsNotFound(err) {
			ues = notFound("id")
			return nil
		}
		if err != nil {
			return err
		}
		if r.CustomerID != v.Customer.ID {
			return apperr.New(apperr.Forbidden, "only its author edits a review")
		}
		status := r.Status
		if s.RequireApproval {
			status = review.StatusPENDING
		}
		rating := r.Rating
		u := tx.Review.UpdateOneID(id).SetStatus(status)
		if t.Rating != nil {
			rating = *t.Rating
			u.SetRating(rating)
		}
		if t.Title != nil {
			u.SetTitle(*t.Title)
		}
		if t.Body != nil {
			u.SetBody(*t.Body)
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		return rerate(ctx, tx, s.St.Dialect, r.ProductID, r.Rating, r.Status, rating, status)
	})
	if err != nil {
		return nil, nil, err
	}
	if out != nil {
		// Unwrap: out belongs to the committed transaction; the payload loads its edges.
		out = out.Unwrap()
	}
	return out, ues, nil
}

// Delete removes a review. Who: its author and admins.
func (s *Service) Delete(ctx context.Context, id pulid.ID) ([]apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, err
	}
	var ues []apperr.UserError
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		r, err := lock(ctx, tx, s.St.Dialect, id)
		if ent.IsNotFound(err) {
			ues = notFound("id")
			return nil
		}
		if err != nil {
			return err
		}
		if r.CustomerID != v.Customer.ID && !v.IsAdmin() {
			return apperr.New(apperr.Forbidden, "only its author or an admin deletes a review")
		}
		if _, err := tx.ReviewVote.Delete().Where(reviewvote.ReviewID(id)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Review.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return rate(ctx, tx, s.St.Dialect, r.ProductID, r.Rating, -counted(r.Status))
	})
	return ues, err
}

// Moderate approves or rejects a review. Who: admins.
func (s *Service) Moderate(ctx context.Context, id pulid.ID, status review.Status) (*ent.Review, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	if status != review.StatusAPPROVED && status != review.StatusREJECTED {
		return nil, []apperr.UserError{apperr.UserErr(in("status"), CodeInvalid, "a review is moderated to APPROVED or REJECTED")}, nil
	}
	var out *ent.Review
	var ues []apperr.UserError
	err := s.St.WithTx(ctx, func(tx *ent.Tx) error {
		r, err := lock(ctx, tx, s.St.Dialect, id)
		if ent.IsNotFound(err) {
			ues = notFound("id")
			return nil
		}
		if err != nil {
			return err
		}
		if out, err = tx.Review.UpdateOneID(id).SetStatus(status).Save(ctx); err != nil {
			return err
		}
		return rerate(ctx, tx, s.St.Dialect, r.ProductID, r.Rating, r.Status, r.Rating, status)
	})
	return out, ues, err
}

// Reply posts the seller's one public reply. Who: the members of the
// product's seller, and admins.
func (s *Service) Reply(ctx context.Context, id pulid.ID, body string) (*ent.Review, []apperr.UserError, error) {
	if _, err := policy.Require(ctx, policy.Seller); err != nil {
		return nil, nil, err
	}
	body = strings.TrimSpace(body)
	if body == "" || text.TooLong(body, text.DescriptionMax) || !utf8.ValidString(body) {
		return nil, []apperr.UserError{apperr.UserErr(in("body"), CodeInvalid, "a reply has 1 to %d characters", text.DescriptionMax)}, nil
	}
	r, err := s.St.Client.Review.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, notFound("reviewId"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if _, err := policy.ManageSeller(ctx, r.SellerID); err != nil {
		return nil, nil, err
	}
	n, err := s.St.Client.Review.Update().Where(review.ID(id), review.Reply("")).SetReply(body).SetRepliedAt(nowUTC()).Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return nil, []apperr.UserError{apperr.UserErr(in("reviewId"), CodeAlreadyReplied, "the seller already replied to this review")}, nil
	}
	r, err = s.St.Client.Review.Get(ctx, id)
	return r, nil, err
}

// Readable loads the reviews with these IDs that the viewer may read, for
// node(id:): those CanRead allows, of a product the viewer may read
// (policy.Reader) unless the viewer wrote them. One statement, plus the
// viewer's once per request.
func Readable(ctx context.Context, c *ent.Client, ids []pulid.ID) ([]*ent.Review, error) {
	v, err := account.CurrentViewer(ctx)
	if apperr.Refused(err) {
		v, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	view := policy.ViewOf(v)
	visible := predicate.Review(view.ProductColumn(review.FieldProductID))
	if v != nil {
		visible = review.Or(visible, review.CustomerID(v.Customer.ID))
	}
	rows, err := c.Review.Query().Where(review.IDIn(ids...), visible).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load reviews: %w", err)
	}
	out := rows[:0]
	for _, r := range rows {
		err := CanRead(ctx, r)
		if apperr.Refused(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// CanRead decides who may see a review: anyone once it is APPROVED (as
// ForProduct lists them), its author and admins in any status (as Mine
// lists them). Readable also asks that its product be readable. Errors:
// UNAUTHENTICATED, FORBIDDEN.
func CanRead(ctx context.Context, r *ent.Review) error {
	if r.Status == review.StatusAPPROVED {
		return nil
	}
	_, err := policy.OwnAccount(ctx, r.CustomerID)
	return err
}

// VoteHelpful records that the viewer found a review helpful, once. Who:
// any signed-in customer but its author, on an approved review of a public
// product (policy.Shopper).
func (s *Service) VoteHelpful(ctx context.Context, id pulid.ID) (*ent.Review, []apperr.UserError, error) {
	v, err := policy.Require(ctx, policy.Customer)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.St.Client.Review.Query().Where(review.ID(id), predicate.Review(policy.Shopper().ProductColumn(review.FieldProductID))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && r.Status != review.StatusAPPROVED) {
		return nil, notFound("reviewId"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if r.CustomerID == v.Customer.ID {
		return nil, []apperr.UserError{apperr.UserErr(in("reviewId"), CodeOwnReview, "you can't vote for your own review")}, nil
	}
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.ReviewVote.Create().SetReviewID(id).SetCustomerID(v.Customer.ID).Exec(ctx); err != nil {
			return err
		}
		return tx.Review.Update().Where(review.ID(id)).AddHelpfulCount(1).Exec(ctx)
	})
	if ent.IsConstraintError(err) {
		return nil, []apperr.UserError{apperr.UserErr(in("reviewId"), CodeAlreadyVoted, "you already found this review helpful")}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	r, err = s.St.Client.Review.Get(ctx, id)
	return r, nil, err
}

func order(sort Sort) []ent.ReviewPaginateOption {
	o := func(f *ent.ReviewOrderField, d entgqlrt.OrderDirection) ent.ReviewPaginateOption {
		return ent.WithReviewOrder(&ent.ReviewOrder{Field: f, Direction: d})
	}
	switch sort {
	case MostHelpful:
		return []ent.ReviewPaginateOption{o(ent.ReviewOrderFieldHelpfulCount, entgqlrt.OrderDirectionDesc)}
	case HighestRating:
		return []ent.ReviewPaginateOption{o(ent.ReviewOrderFieldRating, entgqlrt.OrderDirectionDesc)}
	case LowestRating:
		return []ent.ReviewPaginateOption{o(ent.ReviewOrderFieldRating, entgqlrt.OrderDirectionAsc)}
	}
	return []ent.ReviewPaginateOption{o(ent.ReviewOrderFieldCreatedAt, entgqlrt.OrderDirectionDesc)}
}

// ForProduct lists a product's approved reviews, of one rating when given.
// Who: anyone.
func (s *Service) ForProduct(ctx context.Context, productID pulid.ID, rating *int, sort Sort, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.ReviewConnection, error) {
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.St.Client.Review.Query().Where(review.ProductID(productID), review.StatusEQ(review.StatusAPPROVED))
	if rating != nil {
		if *rating < 1 || *rating > 5 {
			return nil, apperr.BadInput([]string{"rating"}, "rating is from 1 to 5")
		}
		q = q.Where(review.Rating(*rating))
	}
	return q.Paginate(ctx, after, first, before, last, order(sort)...)
}

// Mine lists a customer's reviews, any status. Who: the customer and admins.
func (s *Service) Mine(ctx context.Context, customerID pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.ReviewConnection, error) {
	if _, err := policy.OwnAccount(ctx, customerID); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.St.Client.Review.Query().Where(review.CustomerID(customerID)).Paginate(ctx, after, first, before, last, order(Newest)...)
}

// ForModeration lists reviews by status, oldest first. Who: admins.
func (s *Service) ForModeration(ctx context.Context, status review.Status, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.ReviewConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	return s.St.Client.Review.Query().Where(review.StatusEQ(status)).Paginate(ctx, after, first, before, last,
		ent.WithReviewOrder(&ent.ReviewOrder{Field: ent.ReviewOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionAsc}))
}

func nowUTC() time.Time { return time.Now().UTC() }
