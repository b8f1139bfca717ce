package loader

import (
	"context"
	"sync"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// Stock loads units available (of variants, or of products with all their
// variants). A page's figures, read in one statement with the page, are
// primed in a plain map: dataloader's Prime allocates a closure per key, and
// a listing of 50 products primes some 200. Other keys are batched by the
// dataloader.
type Stock struct {
	mu     sync.RWMutex
	primed map[pulid.ID]int
	l      *dataloader.Loader[pulid.ID, int]
}

func newStock(l *dataloader.Loader[pulid.ID, int]) *Stock { return &Stock{l: l} }

// Load returns the units available of id. The first figure the request
// read for id, primed or loaded, is the one it keeps: one answer never shows
// two figures for one variant, as with dataloader's own cache and Prime.
func (s *Stock) Load(ctx context.Context, id pulid.ID) (int, error) {
	s.mu.RLock()
	n, ok := s.primed[id]
	s.mu.RUnlock()
	if ok {
		return n, nil
	}
	n, err := s.l.Load(ctx, id)()
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if first, ok := s.primed[id]; ok {
		return first, nil
	}
	if s.primed == nil {
		s.primed = make(map[pulid.ID]int)
	}
	s.primed[id] = n
	return n, nil
}

// Prime records the units available of id, read with a page; a key already
// read keeps its figure, as dataloader's Prime does. size is how many keys
// the page primes in all (a hint for the map).
func (s *Stock) Prime(id pulid.ID, units, size int) {
	s.mu.Lock()
	if s.primed == nil {
		s.primed = make(map[pulid.ID]int, size)
	}
	if _, ok := s.primed[id]; !ok {
		s.primed[id] = units
	}
	s.mu.Unlock()
}

// ClearAll forgets every figure, primed or loaded.
func (s *Stock) ClearAll() {
	s.mu.Lock()
	s.primed = nil
	s.mu.Unlock()
	s.l.ClearAll()
}
