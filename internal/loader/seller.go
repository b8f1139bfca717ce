package loader

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/sellers"
)

func sellerMembers(c *ent.Client) dataloader.BatchFunc[pulid.ID, []*ent.SellerMember] {
	return func(ctx context.Context, keys []pulid.ID) []*dataloader.Result[[]*ent.SellerMember] {
		by, err := sellers.MembersOf(ctx, c, keys)
		out := make([]*dataloader.Result[[]*ent.SellerMember], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[[]*ent.SellerMember]{Data: by[k], Error: err}
		}
		return out
	}
}

// SellerMembers returns a seller's members; a page of sellers shares two
// statements. The caller has checked the viewer may read them.
func (l *Loaders) SellerMembers(ctx context.Context, sellerID pulid.ID) ([]*ent.SellerMember, error) {
	return l.sellerMembers.Load(ctx, sellerID)()
}
