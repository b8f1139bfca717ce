package loader

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

func TestStockPrimedThenLoaded(t *testing.T) {
	var batches atomic.Int32
	s := newStock(dataloader.NewBatchedLoader(func(_ context.Context, ids []pulid.ID) []*dataloader.Result[int] {
		batches.Add(1)
		out := make([]*dataloader.Result[int], len(ids))
		for i := range ids {
			out[i] = &dataloader.Result[int]{Data: 7}
		}
		return out
	}))
	ctx := context.Background()
	s.Prime("a", 3, 2)
	s.Prime("a", 5, 2) // the first figure stays, as dataloader's Prime keeps it
	s.Prime("b", 0, 2)
	for id, want := range map[pulid.ID]int{"a": 3, "b": 0} {
		if n, err := s.Load(ctx, id); err != nil || n != want {
			t.Errorf("primed %s: %d, %v; want %d", id, n, err, want)
		}
	}
	if b := batches.Load(); b != 0 {
		t.Errorf("%d batches for primed keys, want 0", b)
	}
	if n, err := s.Load(ctx, "c"); err != nil || n != 7 || batches.Load() != 1 {
		t.Errorf("unprimed key: %d, %v after %d batches; want 7 from one batch", n, err, batches.Load())
	}
	// A figure loaded first stays, as dataloader's Prime keeps it.
	s.Prime("c", 1, 1)
	if n, _ := s.Load(ctx, "c"); n != 7 {
		t.Errorf("loaded then primed: %d, want the loaded 7", n)
	}
	s.ClearAll()
	if n, err := s.Load(ctx, "a"); err != nil || n != 7 || batches.Load() != 2 {
		t.Errorf("after ClearAll: %d, %v after %d batches; want 7, read again", n, err, batches.Load())
	}
}
