package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// WakeChannel is the PostgreSQL notification channel of ShareWakes.
const WakeChannel = "comptoir_wake"

// notifyGap is the least time between two NOTIFYs of one instance: the
// commits of a busy instance wake the others at most this often, in one
// notification, instead of once each.
const notifyGap = 100 * time.Millisecond

// ShareWakes carries wakes between the instances of one PostgreSQL
// database, so that a commit on one wakes the workers of all (one of them
// may be the only one dispatching the outbox, or the least busy): after
// this instance's committed writes it sends NOTIFY comptoir_wake (at most
// one every 100 ms, right after the commits, from a pool connection), and a
// connection of its own LISTENs and rings this instance's bell for the
// others' (its own are told apart by the payload, this instance's id).
// After that connection was lost and is back, it rings too: what was
// notified meanwhile is not known. It returns the function that stops it.
// On SQLite (one process) it does nothing: the local bell is enough.
func (s *Store) ShareWakes(log *slog.Logger) (stop func()) {
	if s.Dialect != dialect.Postgres {
		return func() {}
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup

	signal := make(chan struct{}, 1)
	s.Wake.shared.Store(&signal)
	bg := s.Background()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-signal:
			}
			// Counted with the background statements; a read, so it rings
			// nothing here.
			if _, err := bg.Client.ExecContext(ctx, "SELECT pg_notify($1, $2)", WakeChannel, id); err != nil && ctx.Err() == nil {
				log.Warn("wake: NOTIFY failed; the other instances find this commit's work at their next wake", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(notifyGap):
			}
		}
	}()

	l := pq.NewListener(s.dsn, time.Second, time.Minute, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			log.Warn("wake: LISTEN connection lost; reconnecting", "err", err)
		case pq.ListenerEventReconnected:
			log.Info("wake: LISTEN connection back")
		}
	})
	wg.Add(2)
	go func() {
		defer wg.Done()
		// Blocks until connected (the listener reconnects by itself).
		if err := l.Listen(WakeChannel); err != nil && ctx.Err() == nil {
			log.Error("wake: LISTEN failed; other instances' commits will not wake this one", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case n, ok := <-l.Notify:
				if !ok {
					return
				}
				// nil: reconnected, notifications may have been missed.
				if n == nil || n.Extra != id {
					s.Wake.Ring()
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.Wake.shared.CompareAndSwap(&signal, nil)
			cancel()
			_ = l.Close()
			wg.Wait()
		})
	}
}
