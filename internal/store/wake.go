package store

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Bell wakes the background workers when data they may act on was
// committed, so that they wait instead of polling the database. The store's
// driver rings it after every committed write, whichever way it was made (a
// transaction from WithTx or Client.Tx, or an autocommit statement); on
// PostgreSQL, ShareWakes carries the rings of every instance to the others.
type Bell struct {
	mu   sync.Mutex
	subs map[*chan struct{}]struct{}
	// shared is signalled after a local commit when ShareWakes runs, so
	// that the other instances hear of it (nil otherwise).
	shared atomic.Pointer[chan struct{}]
	rings  atomic.Int64
}

// Subscribe returns a channel that receives after each ring (rings while
// nobody reads are merged into one), and the function that ends the
// subscription.
func (b *Bell) Subscribe() (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[*chan struct{}]struct{}{}
	}
	b.subs[&c] = struct{}{}
	b.mu.Unlock()
	return c, func() {
		b.mu.Lock()
		delete(b.subs, &c)
		b.mu.Unlock()
	}
}

// Ring wakes this instance's subscribers (not the other instances).
func (b *Bell) Ring() {
	b.rings.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.subs {
		select {
		case *c <- struct{}{}:
		default:
		}
	}
}

// Rings is how often the bell rang (tests).
func (b *Bell) Rings() int64 { return b.rings.Load() }

// committed rings after a local commit that wrote: this instance's workers
// and, when shared, the other instances'.
func (b *Bell) committed() {
	b.Ring()
	if c := b.shared.Load(); c != nil {
		select {
		case *c <- struct{}{}:
		default:
		}
	}
}

// isWrite reports whether a statement changes data: what its commit must
// wake the workers for. Reads, locking reads (SELECT … FOR UPDATE) and
// transaction control do not ring, or a worker finding nothing would wake
// the others, and itself, forever.
func isWrite(query string) bool {
	q := strings.TrimLeftFunc(query, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	verb, rest := q, ""
	if i := strings.IndexFunc(q, unicode.IsSpace); i >= 0 {
		verb, rest = q[:i], q[i:]
	}
	switch strings.ToUpper(verb) {
	case "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT":
		return true
	case "WITH":
		// A data-modifying common table expression.
		for _, w := range strings.FieldsFunc(strings.ToUpper(rest), func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == ')' }) {
			if w == "INSERT" || w == "UPDATE" || w == "DELETE" {
				return true
			}
		}
	}
	return false
}
