package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsoptout"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
)

// Consent is the choice in force after ConsentSet.
type Consent struct {
	OptedOut bool
	// Customer is the signed-in customer, reloaded; nil for a guest.
	Customer *ent.Customer
}

// ConsentSet records an objection to behaviour analytics (GDPR art. 21),
// or its withdrawal, for the visitor id when given and for the signed-in
// customer when there is one. Opting out also erases the raw events
// already recorded of that visitor and customer (the anonymous rollups
// stay). Who: anyone, for their own visitor id and account;
// NOTHING_TO_SET with neither.
func (s *Service) ConsentSet(ctx context.Context, visitorID *string, optOut bool) (*Consent, []apperr.UserError, error) {
	v, err := account.CurrentViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	if visitorID != nil {
		if ues := checkVisitor(*visitorID); ues != nil {
			return nil, ues, nil
		}
	}
	if v == nil && visitorID == nil {
		return nil, []apperr.UserError{apperr.UserErr(in("visitorId"), CodeNothingToSet, "give a visitor id, or sign in")}, nil
	}
	var visitor string
	if visitorID != nil && strings.TrimSpace(*visitorID) != "" {
		visitor = Digest(*visitorID)
	}
	out := &Consent{OptedOut: optOut}
	err = s.St.WithTx(ctx, func(tx *ent.Tx) error {
		if v != nil {
			if err := tx.Customer.UpdateOneID(v.Customer.ID).SetAnalyticsOptOut(optOut).Exec(ctx); err != nil {
				return err
			}
		}
		if visitor != "" {
			if optOut {
				err := tx.AnalyticsOptOut.Create().SetVisitor(visitor).SetCreatedAt(s.now()).
					OnConflict(entsql.ConflictColumns(analyticsoptout.FieldVisitor)).DoNothing().Exec(ctx)
				if err != nil && !errors.Is(err, sql.ErrNoRows) { // opted out already
					return err
				}
			} else if _, err := tx.AnalyticsOptOut.Delete().Where(analyticsoptout.Visitor(visitor)).Exec(ctx); err != nil {
				return err
			}
		}
		if !optOut {
			return nil
		}
		var customerID *pulid.ID
		if v != nil {
			customerID = &v.Customer.ID
		}
		return account.EraseAnalytics(ctx, tx, customerID, visitor)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("analytics consent: %w", err)
	}
	if v != nil {
		// Read after the commit: the payload's edges load through the
		// request's client, not the finished transaction.
		if out.Customer, err = s.St.Client.Customer.Get(ctx, v.Customer.ID); err != nil {
			return nil, nil, fmt.Errorf("analytics consent: %w", err)
		}
	}
	return out, nil, nil
}
