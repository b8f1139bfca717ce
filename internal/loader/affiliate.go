package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/affiliate"
)

// affiliateStats reads the figures of every affiliate of a request at once:
// clicks, conversions and earnings of a page of affiliates share two
// statements.
func affiliateStats(c *ent.Client) dataloader.BatchFunc[pulid.ID, *affiliate.Stats] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[*affiliate.Stats] {
		by, err := affiliate.StatsMany(ctx, c, keys)
		out := make([]*dataloader.Result[*affiliate.Stats], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*affiliate.Stats]{Data: by[k], Error: err}
		}
		return out
	}
}

// AffiliateStats returns an affiliate's figures, once per request. The
// caller has checked that the viewer may read them (affiliate.CanRead).
func (l *Loaders) AffiliateStats(ctx context.Context, id pulid.ID) (*affiliate.Stats, error) {
	return l.affiliateStats.Load(ctx, id)()
}
