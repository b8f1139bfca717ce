package respcache

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/events"
)

// Purger turns writes to what answers are computed from (products,
// variants, stock, sellers, categories, reviews) into purges: an ent hook
// records a CACHE_PURGE event with the write, in its transaction, for the
// outbox to publish to every instance; and once the write commits, this
// instance purges at once (Local), so that its next read sees it.
type Purger struct {
	Local func(tags []string) // this instance's purge; nil: none

	mu      sync.Mutex
	pending map[uintptr]map[string]struct{} // tags of open transactions
}

// mutationFamilies: what a write to an ent type may change, as the family
// tags it purges (lists and lookups of them).
var mutationFamilies = map[string][]string{
	ent.TypeProduct:        {FamilyProduct},
	ent.TypeProductVariant: {FamilyProduct},
	ent.TypeInventoryLevel: {FamilyProduct},
	ent.TypeWarehouse:      {FamilyProduct},
	ent.TypeReview:         {FamilyReview, FamilyProduct},
	ent.TypeCategory:       {FamilyCategory, FamilyProduct},
	ent.TypeSeller:         {FamilySeller, FamilyProduct},
	// Product.activePromotions shows them.
	ent.TypePromotion: {FamilyProduct},
}

type (
	idMutation interface {
		ID() (pulid.ID, bool)
	}
	txMutation interface {
		Tx() (*ent.Tx, error)
		Client() *ent.Client
	}
	productOwned interface {
		ProductID() (pulid.ID, bool)
		OldProductID(context.Context) (pulid.ID, error)
	}
)

// Hook is the ent hook; install it on every client that writes.
func (p *Purger) Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			families, ok := mutationFamilies[m.Type()]
			if !ok {
				return next.Mutate(ctx, m)
			}
			tags := append([]string(nil), families...)
			// What a bulk write touches is not known without reading it:
			// every answer holding any entity of its kind goes.
			one := m.Op().Is(ent.OpUpdateOne|ent.OpDeleteOne) || m.Op().Is(ent.OpCreate)
			var owner pulid.ID
			if po, ok := m.(productOwned); ok && m.Op().Is(ent.OpUpdateOne) {
				id, err := po.OldProductID(ctx) // before a delete removes it
				if err != nil {
					return nil, fmt.Errorf("response cache: the product of a %s: %w", m.Type(), err)
				}
				owner = id
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			// A bulk write that matched no row changed no answer (and a
			// purge event for it would be a write that wakes the jobs).
			if n, ok := v.(int); ok && n == 0 && !one {
				return v, nil
			}
			tags = append(tags, p.entityTags(m, one, owner)...)
			if err := p.record(ctx, m, tags); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

// entityTags are the entity tags a write purges.
func (p *Purger) entityTags(m ent.Mutation, one bool, owner pulid.ID) []string {
	typ := m.Type()
	if typ == ent.TypeSeller { // its status hides or shows its products
		if _, changed := m.Field("status"); changed || !one {
			return []string{Any(FamilySeller), Any(FamilyProduct)}
		}
	}
	if typ == ent.TypeInventoryLevel || typ == ent.TypeWarehouse || typ == ent.TypePromotion || !one {
		return []string{Any(familyOfEnt(typ))}
	}
	switch typ {
	case ent.TypeProductVariant, ent.TypeReview:
		if owner == "" && m.Op().Is(ent.OpCreate) {
			if po, ok := m.(productOwned); ok {
				owner, _ = po.ProductID()
			}
		}
		if owner == "" {
			return []string{Any(FamilyProduct)}
		}
		return []string{string(owner)}
	}
	im, ok := m.(idMutation)
	if !ok {
		return []string{Any(familyOfEnt(typ))}
	}
	id, ok := im.ID()
	if !ok {
		return []string{Any(familyOfEnt(typ))}
	}
	return []string{string(id)}
}

func familyOfEnt(typ string) string {
	switch typ {
	case ent.TypeCategory:
		return FamilyCategory
	case ent.TypeSeller:
		return FamilySeller
	}
	return FamilyProduct
}

// record writes the purge event with the write, and purges this instance
// once the write is committed. In a transaction, its writes share one
// event, written when it commits (a checkout changes many stock levels).
func (p *Purger) record(ctx context.Context, m ent.Mutation, tags []string) error {
	tm, ok := m.(txMutation)
	if !ok {
		return fmt.Errorf("response cache: %s mutation without a client", m.Type())
	}
	tx, err := tm.Tx()
	if err != nil { // not in a transaction: committed already
		if err := events.Record(ctx, tm.Client(), events.CachePurge, subject(tags), map[string]string{"tags": strings.Join(tags, " ")}); err != nil {
			return err
		}
		p.after(tags)
		return nil
	}
	key := txKey(tx)
	p.mu.Lock()
	if p.pending == nil {
		p.pending = map[uintptr]map[string]struct{}{}
	}
	acc, registered := p.pending[key]
	if !registered {
		acc = map[string]struct{}{}
		p.pending[key] = acc
	}
	for _, t := range tags {
		acc[t] = struct{}{}
	}
	p.mu.Unlock()
	if registered {
		return nil
	}
	take := func() []string {
		p.mu.Lock()
		defer p.mu.Unlock()
		acc := p.pending[key]
		delete(p.pending, key)
		out := make([]string, 0, len(acc))
		for t := range acc {
			out = append(out, t)
		}
		slices.Sort(out)
		return out
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			all := take()
			if err := events.Record(ctx, tx.Client(), events.CachePurge, subject(all), map[string]string{"tags": strings.Join(all, " ")}); err != nil {
				_ = tx.Rollback()
				return err
			}
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			p.after(all)
			return nil
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			take()
			return next.Rollback(ctx, tx)
		})
	})
	return nil
}

func (p *Purger) after(tags []string) {
	if p.Local != nil {
		p.Local(tags)
	}
}

// txKey identifies a transaction: each mutation's Tx() is a new *ent.Tx
// over the same transactional driver, which ent does not expose.
func txKey(tx *ent.Tx) uintptr {
	return reflect.ValueOf(tx).Elem().FieldByName("driver").Elem().Pointer()
}

// subject is the event's subject: its most specific tag (an ID when known).
func subject(tags []string) string {
	s := tags[len(tags)-1]
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// TagsOf returns the tags a CACHE_PURGE event's data carries.
func TagsOf(data map[string]string) []string { return strings.Fields(data["tags"]) }
