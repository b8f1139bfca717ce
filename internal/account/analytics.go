package account

import (
	"context"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/analyticsvisitorday"
	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// EraseAnalytics deletes, in tx, the raw behaviour events of a customer
// (when customerID is not nil) and of a visitor digest (when not empty),
// and the visitor-days of every visitor digest those events were recorded
// under. The daily rollups are anonymous counts and stay. Account erasure
// and an analytics opt-out (internal/analytics) both call it.
func EraseAnalytics(ctx context.Context, tx *ent.Tx, customerID *pulid.ID, visitor string) error {
	var visitors []string
	if visitor != "" {
		visitors = append(visitors, visitor)
	}
	if customerID != nil {
		vs, err := tx.AnalyticsEvent.Query().Where(analyticsevent.CustomerID(*customerID)).Unique(true).
			Select(analyticsevent.FieldVisitor).Strings(ctx)
		if err != nil {
			return err
		}
		visitors = append(visitors, vs...)
		if _, err := tx.AnalyticsEvent.Delete().Where(analyticsevent.CustomerID(*customerID)).Exec(ctx); err != nil {
			return err
		}
	}
	if len(visitors) == 0 {
		return nil
	}
	if _, err := tx.AnalyticsEvent.Delete().Where(analyticsevent.VisitorIn(visitors...)).Exec(ctx); err != nil {
		return err
	}
	_, err := tx.AnalyticsVisitorDay.Delete().Where(analyticsvisitorday.VisitorIn(visitors...)).Exec(ctx)
	return err
}

// ExportAnalyticsEvent is a behaviour event recorded while signed in (raw
// events are kept for the retention period only).
type ExportAnalyticsEvent struct {
	EventID     string    `json:"eventId"`
	Type        string    `json:"type"`
	ProductID   *string   `json:"productId"`
	VariantID   *string   `json:"variantId"`
	SearchTerms string    `json:"searchTerms"`
	ResultCount *int      `json:"resultCount"`
	OccurredAt  time.Time `json:"occurredAt"`
}

func exportAnalytics(ctx context.Context, db *ent.Client, c *ent.Customer) ([]ExportAnalyticsEvent, error) {
	evs, err := db.AnalyticsEvent.Query().Where(analyticsevent.CustomerID(c.ID)).
		Order(ent.Asc(analyticsevent.FieldOccurredAt), ent.Asc(analyticsevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ExportAnalyticsEvent, len(evs))
	str := func(id *pulid.ID) *string {
		if id == nil {
			return nil
		}
		s := string(*id)
		return &s
	}
	for i, e := range evs {
		out[i] = ExportAnalyticsEvent{EventID: e.EventID, Type: string(e.Type), ProductID: str(e.ProductID), VariantID: str(e.VariantID),
			SearchTerms: e.SearchTerms, ResultCount: e.ResultCount, OccurredAt: e.OccurredAt}
	}
	return out, nil
}
