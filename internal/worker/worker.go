// Package worker is what the background loops share (outbox dispatcher,
// mail sender, webhook deliverer, payment sweeper): the loop itself, and
// claiming one queued row so that instances never work on it twice.
package worker

import (
	"context"
	"log/slog"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/store"
)

// Loop calls step every interval (and whenever poke fires, if not nil)
// until ctx ends; while step reports more work, it is called again at once.
// Errors are logged under name.
func Loop(ctx context.Context, every time.Duration, poke <-chan struct{}, log *slog.Logger, name string, step func(context.Context) (more bool, err error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			more, err := step(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error(name, "error", err)
			}
			if !more || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-poke:
		}
	}
}

// Claim runs work on one queued row and reports whether there was one. On
// PostgreSQL work runs in a transaction with lock true: it selects its row
// FOR UPDATE SKIP LOCKED, so that the row stays claimed while work talks to
// the outside (SMTP, a webhook endpoint) and instances share the queue. On
// SQLite (one instance, one writer) it runs outside any transaction, lock
// false, so that the write lock is not held during the network call; the
// final update of the row must then be conditional.
func Claim(ctx context.Context, st *store.Store, work func(ctx context.Context, c *ent.Client, lock bool) (bool, error)) (bool, error) {
	if st.Dialect != dialect.Postgres {
		return work(ctx, st.Client, false)
	}
	found := false
	err := st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		found, err = work(ctx, tx.Client(), true)
		return err
	})
	return found, err
}
