package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/ent/webhookendpoint"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/store"
)

// Error codes (SetupErrorCode in the schema).
const (
	CodeInvalid  = "INVALID"
	CodeNotFound = "NOT_FOUND"
)

// Admin manages endpoints and deliveries. Every method: admins only.
type Admin struct {
	St    *store.Store
	Reach Reach // addresses endpoints may have besides public ones
}

// Create registers an endpoint. A blank secret is generated; the endpoint
// is returned with it (the only time it is shown).
func (a *Admin) Create(ctx context.Context, rawURL string, eventTypes []string, secret string) (*ent.WebhookEndpoint, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	var ues []apperr.UserError
	if len(rawURL) > 2000 {
		ues = append(ues, apperr.UserErr([]string{"input", "url"}, CodeInvalid, "the URL is too long"))
	} else if err := CheckURL(ctx, rawURL, a.Reach); err != nil {
		ues = append(ues, apperr.UserErr([]string{"input", "url"}, CodeInvalid, "%v", err))
	}
	known := Types()
	if len(eventTypes) == 0 {
		ues = append(ues, apperr.UserErr([]string{"input", "eventTypes"}, CodeInvalid, "name at least one event type"))
	}
	for i, t := range eventTypes {
		if !slices.Contains(known, t) {
			ues = append(ues, apperr.UserErr([]string{"input", "eventTypes", fmt.Sprint(i)}, CodeInvalid, "unknown event type %q", t))
		}
	}
	if secret != "" && (len(secret) < 16 || len(secret) > 200) {
		ues = append(ues, apperr.UserErr([]string{"input", "secret"}, CodeInvalid, "a secret has 16 to 200 characters"))
	}
	if len(ues) > 0 {
		return nil, ues, nil
	}
	if secret == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		secret = "whsec_" + hex.EncodeToString(b)
	}
	e, err := a.St.Client.WebhookEndpoint.Create().SetURL(rawURL).SetEventTypes(eventTypes).SetSecret(secret).Save(ctx)
	return e, nil, err
}

// Delete removes an endpoint and its delivery log.
func (a *Admin) Delete(ctx context.Context, id pulid.ID) ([]apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	n := 0
	err := a.St.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.WebhookDelivery.Delete().Where(webhookdelivery.EndpointID(id)).Exec(ctx); err != nil {
			return err
		}
		var err error
		n, err = tx.WebhookEndpoint.Delete().Where(webhookendpoint.ID(id)).Exec(ctx)
		return err
	})
	if err == nil && n == 0 {
		return []apperr.UserError{apperr.UserErr([]string{"input", "id"}, CodeNotFound, "no webhook endpoint has this id")}, nil
	}
	return nil, err
}

// List returns the endpoints.
func (a *Admin) List(ctx context.Context) ([]*ent.WebhookEndpoint, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	return a.St.Client.WebhookEndpoint.Query().Order(ent.Asc(webhookendpoint.FieldCreatedAt)).Limit(1000).All(ctx)
}

// Deliveries lists deliveries, newest first, optionally of one endpoint.
func (a *Admin) Deliveries(ctx context.Context, endpointID *pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.WebhookDeliveryConnection, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := a.St.Client.WebhookDelivery.Query()
	if endpointID != nil {
		q = q.Where(webhookdelivery.EndpointID(*endpointID))
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithWebhookDeliveryOrder(&ent.WebhookDeliveryOrder{
		Field: ent.WebhookDeliveryOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// Redeliver sends a delivery again now, whatever its state.
func (a *Admin) Redeliver(ctx context.Context, id pulid.ID) (*ent.WebhookDelivery, []apperr.UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	d, err := a.St.Client.WebhookDelivery.UpdateOneID(id).SetStatus(webhookdelivery.StatusPENDING).SetNextAttemptAt(time.Now()).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "id"}, CodeNotFound, "no delivery has this id")}, nil
	}
	return d, nil, err
}
