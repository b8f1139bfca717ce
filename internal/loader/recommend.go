package loader

import (
	"context"
	"encoding/json"
	"sort"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/recommend"
)

// recKey is one Product.recommendations list: lists of the same intent and
// length are read together.
type recKey struct {
	product pulid.ID
	intent  recommend.Intent
	first   int
}

// recLoader batches Product.recommendations; the products themselves are
// kept aside (the fallback reads their category and attributes).
type recLoader struct {
	loader  *dataloader.Loader[recKey, []*ent.Product]
	sources sync.Map // pulid.ID → *ent.Product
}

func (l *Loaders) recs() *recLoader { return &l.rec }

// Recommendations returns a product's list of an intent (empty: RELATED)
// and length (nil: the default), batched with the other products of the
// request (see recommend.ForProducts). Errors: BAD_USER_INPUT for a bad
// intent or first.
func (l *Loaders) Recommendations(ctx context.Context, p *ent.Product, intent string, first *int) ([]*ent.Product, error) {
	in, err := recommend.ParseIntent(intent)
	if err != nil {
		return nil, err
	}
	n, err := recommend.First(first)
	if err != nil {
		return nil, err
	}
	r := l.recs()
	r.sources.LoadOrStore(p.ID, p)
	return r.loader.Load(ctx, recKey{p.ID, in, n})()
}

func (l *Loaders) recBatch(ctx context.Context, keys []recKey) []*dataloader.Result[[]*ent.Product] {
	out := make([]*dataloader.Result[[]*ent.Product], len(keys))
	type group struct {
		intent recommend.Intent
		first  int
	}
	groups := map[group][]int{}
	for i, k := range keys {
		g := group{k.intent, k.first}
		groups[g] = append(groups[g], i)
	}
	for g, idx := range groups {
		lists, err := l.recommendations(ctx, keysAt(keys, idx), g.intent, g.first)
		for _, i := range idx {
			out[i] = &dataloader.Result[[]*ent.Product]{Data: nonNil(lists[keys[i].product]), Error: err}
		}
	}
	return out
}

func (l *Loaders) recommendations(ctx context.Context, keys []recKey, intent recommend.Intent, first int) (map[pulid.ID][]*ent.Product, error) {
	r := l.recs()
	sources := make([]*ent.Product, 0, len(keys))
	for _, k := range keys {
		if p, ok := r.sources.Load(k.product); ok {
			sources = append(sources, p.(*ent.Product))
		}
	}
	return recommend.ForProducts(ctx, l.client, sources, intent, first)
}

func keysAt(keys []recKey, idx []int) []recKey {
	out := make([]recKey, len(idx))
	for j, i := range idx {
		out[j] = keys[i]
	}
	return out
}

func nonNil(ps []*ent.Product) []*ent.Product {
	if ps == nil {
		return []*ent.Product{}
	}
	return ps
}

// primeRecommendations answers every recommendations selection of a page of
// products (each alias with its arguments) with one read per distinct
// intent and length, so that the page costs what one product costs. A
// selection whose arguments are invalid is left to the resolver, which
// reports the error.
func (l *Loaders) primeRecommendations(ctx context.Context, oc *graphql.OperationContext, fields []graphql.CollectedField, page []*ent.Product) error {
	r := l.recs()
	type group struct {
		intent recommend.Intent
		first  int
	}
	seen := map[group]bool{}
	var groups []group
	for _, f := range fields {
		if f.Name != "recommendations" {
			continue
		}
		args := f.ArgumentMap(oc.Variables)
		intent, first, err := RecommendationArgs(args["intent"], args["first"])
		if err != nil {
			continue
		}
		g := group{intent, first}
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].intent != groups[j].intent {
			return groups[i].intent < groups[j].intent
		}
		return groups[i].first < groups[j].first
	})
	for _, g := range groups {
		lists, err := recommend.ForProducts(ctx, l.client, page, g.intent, g.first)
		if err != nil {
			return err
		}
		for _, p := range page {
			r.sources.LoadOrStore(p.ID, p)
			r.loader.Prime(ctx, recKey{p.ID, g.intent, g.first}, nonNil(lists[p.ID]))
		}
	}
	return nil
}

// RecommendationArgs reads Product.recommendations' arguments as gqlgen
// hands them over (an enum value or its string, an int pointer or int),
// defaults included. Errors: BAD_USER_INPUT.
func RecommendationArgs(intent, first any) (recommend.Intent, int, error) {
	var s string
	switch v := intent.(type) {
	case string:
		s = v
	case interface{ String() string }:
		s = v.String()
	}
	var n *int
	switch v := first.(type) {
	case int:
		n = &v
	case *int:
		n = v
	case int64:
		i := int(v)
		n = &i
	case json.Number:
		i, err := v.Int64()
		if err != nil {
			return "", 0, apperr.BadInput([]string{"first"}, "first must be an integer")
		}
		j := int(i)
		n = &j
	}
	in, err := recommend.ParseIntent(s)
	if err != nil {
		return "", 0, err
	}
	f, err := recommend.First(n)
	if err != nil {
		return "", 0, err
	}
	return in, f, nil
}
