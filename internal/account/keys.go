package account

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/signingkey"
	"github.com/comptoir/comptoir/internal/auth"
)

// DevelopmentKey returns the access-token key kept in the store, creating it
// on first use, so that a development server keeps its sessions across
// restarts. Production keys come from COMPTOIR_JWT_KEYS instead.
func DevelopmentKey(ctx context.Context, c *ent.Client) (auth.Key, error) {
	row, err := c.SigningKey.Query().Order(signingkey.ByCreatedAt()).First(ctx)
	if err == nil {
		keys, err := auth.ParseKeys(row.ID + ":" + row.Seed)
		if err != nil {
			return auth.Key{}, fmt.Errorf("stored signing key: %w", err)
		}
		return keys[0], nil
	}
	if !ent.IsNotFound(err) {
		return auth.Key{}, fmt.Errorf("load signing key: %w", err)
	}
	k, err := auth.NewKey()
	if err != nil {
		return auth.Key{}, err
	}
	if err := c.SigningKey.Create().SetID(k.ID).SetSeed(k.Seed()).Exec(ctx); err != nil {
		if ent.IsConstraintError(err) {
			return DevelopmentKey(ctx, c) // another instance created one first
		}
		return auth.Key{}, fmt.Errorf("store signing key: %w", err)
	}
	return k, nil
}

type clientKey struct{}

// ClientInfo is who is calling, for throttling and session records.
type ClientInfo struct{ IP, UserAgent string }

// WithClientInfo returns ctx carrying the caller's address and user agent.
func WithClientInfo(ctx context.Context, ci ClientInfo) context.Context {
	return context.WithValue(ctx, clientKey{}, ci)
}

// ClientInfoFrom returns what WithClientInfo stored.
func ClientInfoFrom(ctx context.Context) ClientInfo {
	ci, _ := ctx.Value(clientKey{}).(ClientInfo)
	return ci
}
