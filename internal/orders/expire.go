package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/comptoir/comptoir/ent"
	entpayment "github.com/comptoir/comptoir/ent/payment"
)

// ExpireDue is Sweep as a background job's step (worker.Step): it expires
// up to limit payments past their deadline and returns when the next
// pending payment will expire (zero: none is pending), so that the sweeper
// sleeps until then instead of looking every minute. A payment created
// meanwhile wakes it (its commit rings the store's bell).
func (s *Service) ExpireDue(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
	n, err := s.Sweep(ctx, limit)
	if err != nil || n >= limit {
		return n, time.Time{}, err
	}
	// Not before now: a payment past its deadline that Sweep left (its
	// settlement lost a race) must not make the sweeper spin.
	p, err := s.st.Client.Payment.Query().
		Where(entpayment.StatusEQ(entpayment.StatusPENDING), entpayment.ExpiresAtGTE(now)).
		Order(ent.Asc(entpayment.FieldExpiresAt)).Select(entpayment.FieldExpiresAt).First(ctx)
	if ent.IsNotFound(err) {
		return n, time.Time{}, nil
	}
	if err != nil {
		return n, time.Time{}, fmt.Errorf("next payment expiry: %w", err)
	}
	return n, p.ExpiresAt, nil
}
