package analytics

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/analyticsoptout"
	"github.com/comptoir/comptoir/ent/customer"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
)

// Server-side events: checkout and payment record them in their own
// transactions (a rollback records nothing), so that conversion counts
// orders the storefront can neither forget nor invent.
//
// Each order is recorded once for the shop (no seller) and once per seller
// of its lines, so that a seller's report counts the orders holding its
// lines and the shop's counts each order once (scope). Event ids derive
// from the order, the type and the seller: a repeated call (a retried
// checkout, a webhook after the checkout's own answer) inserts nothing.
//
// Whose event: the visitor id the storefront passed with the checkout
// (CheckoutCompleteInput.visitorId), so that the order joins that
// visitor's session; without one, a pseudonym of the signed-in customer,
// or of the cart for a guest. Never recorded for a customer or visitor who
// opted out; an opt-out later erases these events with the others
// (account.EraseAnalytics), and a payment is recorded only for a
// placement that was.

// IsServerType reports whether only the server may record events of type t.
func IsServerType(t analyticsevent.Type) bool {
	return t == analyticsevent.TypeORDER_PLACED || t == analyticsevent.TypeORDER_PAID
}

// ValidVisitorID reports whether a storefront's visitor id is acceptable
// (as analyticsEventsRecord's).
func ValidVisitorID(visitorID string) bool { return checkVisitor(visitorID) == nil }

// eventNamespace makes server event ids (UUID v5) distinct from anything a
// storefront would generate.
var eventNamespace = uuid.MustParse("6f0c6f8e-1d59-4f3c-9a51-0c5e3b1f7a20")

// The id is not a UUID's text ("srv:" and 32 hex digits, 36 characters
// like one): a storefront's ids are parsed and rewritten as UUIDs
// (Record), so none can take a server event's id ahead of it and make its
// insert a no-op, although the namespace and the order's id are known.
func serverEventID(t analyticsevent.Type, orderID pulid.ID, sellerID pulid.ID) string {
	u := uuid.NewSHA1(eventNamespace, []byte(string(t)+"/"+string(orderID)+"/"+string(sellerID)))
	return "srv:" + hex.EncodeToString(u[:])
}

// pseudonym is the visitor of an order placed without a visitor id.
func pseudonym(kind, id string) string {
	sum := sha256.Sum256([]byte("server:" + kind + ":" + id))
	return hex.EncodeToString(sum[:])
}

// OrderPlaced records ORDER_PLACED for order o (of the sellers of its
// lines) inside the checkout's transaction tx: at most three statements
// (the customer's consent when not the viewer's, the visitor's, the
// insert). visitorID is the storefront's, "" when none was passed (callers
// validate it with ValidVisitorID).
func OrderPlaced(ctx context.Context, tx *ent.Client, o *ent.Order, sellers []pulid.ID, visitorID string, at time.Time) error {
	if o.CustomerID != nil {
		out := false
		if v, err := account.CurrentViewer(ctx); err == nil && v != nil && v.Customer.ID == *o.CustomerID {
			out = v.Customer.AnalyticsOptOut
		} else if out, err = tx.Customer.Query().Where(customer.ID(*o.CustomerID), customer.AnalyticsOptOut(true)).Exist(ctx); err != nil {
			return fmt.Errorf("analytics order placed: %w", err)
		}
		if out {
			return nil
		}
	}
	var visitor string
	switch {
	case strings.TrimSpace(visitorID) != "":
		visitor = Digest(visitorID)
		out, err := tx.AnalyticsOptOut.Query().Where(analyticsoptout.Visitor(visitor)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("analytics order placed: %w", err)
		}
		if out {
			return nil
		}
	case o.CustomerID != nil:
		visitor = pseudonym("customer", string(*o.CustomerID))
	default:
		visitor = pseudonym("cart", string(o.CartID))
	}
	scopes := append([]pulid.ID{""}, uniqueIDs(sellers)...)
	creates := make([]*ent.AnalyticsEventCreate, len(scopes))
	for i, sel := range scopes {
		c := tx.AnalyticsEvent.Create().SetEventID(serverEventID(analyticsevent.TypeORDER_PLACED, o.ID, sel)).
			SetType(analyticsevent.TypeORDER_PLACED).SetVisitor(visitor).SetNillableCustomerID(o.CustomerID).
			SetOrderID(o.ID).SetOccurredAt(at.UTC()).SetReceivedAt(at.UTC())
		if sel != "" {
			c.SetSellerID(sel)
		}
		creates[i] = c
	}
	err := insertOnce(ctx, tx, creates)
	if err != nil {
		return fmt.Errorf("analytics order placed: %w", err)
	}
	return nil
}

// OrderPaid records ORDER_PAID for the order inside the transaction tx
// that marks it paid, for the visitor, customer and sellers its placement
// was recorded for; nothing when it was not (opted out, or erased since):
// two statements at most.
func OrderPaid(ctx context.Context, tx *ent.Client, orderID pulid.ID, at time.Time) error {
	placed, err := tx.AnalyticsEvent.Query().
		Where(analyticsevent.OrderID(orderID), analyticsevent.TypeEQ(analyticsevent.TypeORDER_PLACED)).All(ctx)
	if err != nil {
		return fmt.Errorf("analytics order paid: %w", err)
	}
	if len(placed) == 0 {
		return nil
	}
	creates := make([]*ent.AnalyticsEventCreate, len(placed))
	for i, e := range placed {
		var sel pulid.ID
		if e.SellerID != nil {
			sel = *e.SellerID
		}
		creates[i] = tx.AnalyticsEvent.Create().SetEventID(serverEventID(analyticsevent.TypeORDER_PAID, orderID, sel)).
			SetType(analyticsevent.TypeORDER_PAID).SetVisitor(e.Visitor).SetNillableCustomerID(e.CustomerID).
			SetNillableSellerID(e.SellerID).SetOrderID(orderID).SetOccurredAt(at.UTC()).SetReceivedAt(at.UTC())
	}
	if err = insertOnce(ctx, tx, creates); err != nil {
		return fmt.Errorf("analytics order paid: %w", err)
	}
	return nil
}

// insertOnce inserts the events whose ids are new.
func insertOnce(ctx context.Context, tx *ent.Client, creates []*ent.AnalyticsEventCreate) error {
	err := tx.AnalyticsEvent.CreateBulk(creates...).OnConflict(entsql.ConflictColumns(analyticsevent.FieldEventID)).DoNothing().Exec(ctx)
	if errors.Is(err, sql.ErrNoRows) { // every one recorded already
		return nil
	}
	return err
}

func uniqueIDs(ids []pulid.ID) []pulid.ID {
	seen := map[pulid.ID]bool{}
	var out []pulid.ID
	for _, id := range ids {
		if !seen[id] && id != "" {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
