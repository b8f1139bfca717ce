// Package events records domain events that are not about an order (those
// go to the order timeline) in the caller's transaction, for the outbox
// dispatcher to publish: a variant back in stock, a price dropped, cached
// answers to purge.
package events

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
)

// Types.
const (
	BackInStock  = "BACK_IN_STOCK"
	PriceDropped = "PRICE_DROPPED"
	// CachePurge: answers computed from what changed are stale (data:
	// "tags", space-separated; see internal/respcache).
	CachePurge = "CACHE_PURGE"
)

// Record writes an event with its change (tx is the change's transaction).
func Record(ctx context.Context, tx *ent.Client, typ, subjectID string, data map[string]string) error {
	if err := tx.DomainEvent.Create().SetType(typ).SetSubjectID(subjectID).SetData(data).Exec(ctx); err != nil {
		return fmt.Errorf("record %s: %w", typ, err)
	}
	return nil
}
