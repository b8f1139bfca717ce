package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/ent/webhookendpoint"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
	"github.com/comptoir/comptoir/internal/worker"
)

// Window is how long a delivery is retried.
const Window = 24 * time.Hour

// Event is an event to deliver, with its public type ("" for none).
type Event struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	CreatedAt time.Time         `json:"createdAt"`
	Data      map[string]string `json:"data"`
}

// FromOrder turns an order timeline event into a webhook event.
func FromOrder(e *ent.OrderEvent) Event {
	data := map[string]string{"orderId": string(e.OrderID), "message": e.Message}
	if e.Ref != "" {
		data["ref"] = e.Ref
	}
	return Event{ID: string(e.ID), Type: TypeOf(e.Type), CreatedAt: e.CreatedAt, Data: data}
}

// FromDomain turns a domain event into a webhook event.
func FromDomain(e *ent.DomainEvent) Event {
	return Event{ID: string(e.ID), Type: TypeOf(e.Type), CreatedAt: e.CreatedAt, Data: e.Data}
}

// Enqueue records, in the dispatcher's transaction, a delivery of each event
// to each active endpoint that subscribed to its type; (endpoint, event) is
// unique, so a redispatched event is delivered once.
func Enqueue(ctx context.Context, tx *ent.Client, dia string, evs []Event, now time.Time) error {
	var relevant []Event
	for _, e := range evs {
		if e.Type != "" {
			relevant = append(relevant, e)
		}
	}
	if len(relevant) == 0 {
		return nil
	}
	eps, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.Active(true)).All(ctx)
	if err != nil || len(eps) == 0 {
		return err
	}
	b := entsql.Dialect(dia).Insert(webhookdelivery.Table).Columns(webhookdelivery.FieldID, webhookdelivery.FieldCreatedAt,
		webhookdelivery.FieldUpdatedAt, webhookdelivery.FieldEndpointID, webhookdelivery.FieldEventID, webhookdelivery.FieldEventType,
		webhookdelivery.FieldPayload, webhookdelivery.FieldStatus, webhookdelivery.FieldAttempts, webhookdelivery.FieldLastStatusCode,
		webhookdelivery.FieldLastError, webhookdelivery.FieldNextAttemptAt)
	rows := 0
	for _, e := range relevant {
		body, err := json.Marshal(e)
		if err != nil {
			return err
		}
		for _, ep := range eps {
			if slices.Contains(ep.EventTypes, e.Type) {
				b.Values(pulid.New("whd"), now, now, ep.ID, e.ID, e.Type, string(body), webhookdelivery.StatusPENDING, 0, 0, "", now)
				rows++
			}
		}
	}
	if rows == 0 {
		return nil
	}
	q, args := b.OnConflict(entsql.ConflictColumns(webhookdelivery.FieldEndpointID, webhookdelivery.FieldEventID), entsql.DoNothing()).Query()
	_, err = tx.ExecContext(ctx, q, args...)
	return err
}

// Deliverer sends pending deliveries.
type Deliverer struct {
	St     *store.Store
	HTTP   *http.Client
	Log    *slog.Logger
	Now    func() time.Time
	Jitter func() float64 // in [0, 1); rand by default
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Job is the deliverer as a background job: it runs when woken (the
// dispatcher enqueued deliveries) and when the earliest retry is due, never
// by polling; wakes are merged over 250 ms.
func (d *Deliverer) Job() worker.Job {
	return worker.Job{Name: "webhook delivery", Limit: 20, Coalesce: 250 * time.Millisecond, Tables: []string{webhookdelivery.Table}, Step: d.Step}
}

// Step makes up to limit due deliveries; when fewer were due, next is when
// the earliest pending one is (zero: none is pending).
func (d *Deliverer) Step(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
	for n := 0; n < limit; n++ {
		done, next, err := d.deliverNext(ctx, now)
		if err != nil || !done {
			return n, next, err
		}
		now = d.now()
	}
	return limit, time.Time{}, nil
}

// Backoff is the wait before attempt n+1: 30 s doubling per attempt, at most
// an hour, with ±20% jitter so that retries of many deliveries spread out.
func (d *Deliverer) Backoff(attempts int) time.Duration {
	base := 30 * time.Second << min(attempts, 7)
	base = min(base, time.Hour)
	j := rand.Float64()
	if d.Jitter != nil {
		j = d.Jitter()
	}
	return time.Duration(float64(base) * (0.8 + 0.4*j))
}

// DeliverOne sends the next due delivery, if any (see worker.Claim).
func (d *Deliverer) DeliverOne(ctx context.Context) (bool, error) {
	done, _, err := d.deliverNext(ctx, d.now())
	return done, err
}

// deliverNext makes the first pending delivery if it is due at now;
// otherwise it returns when it will be (zero: none is pending).
func (d *Deliverer) deliverNext(ctx context.Context, now time.Time) (done bool, next time.Time, err error) {
	done, err = worker.Claim(ctx, d.St, func(ctx context.Context, c *ent.Client, lock bool) (bool, error) {
		del, err := d.first(ctx, c, lock)
		if del == nil || err != nil {
			return false, err
		}
		if del.NextAttemptAt.After(now) {
			next = del.NextAttemptAt
			return false, nil
		}
		return true, d.attempt(ctx, c, del)
	})
	return done, next, err
}

// first returns the pending delivery due first (with its endpoint), or nil.
func (d *Deliverer) first(ctx context.Context, c *ent.Client, lock bool) (*ent.WebhookDelivery, error) {
	q := c.WebhookDelivery.Query().Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING)).
		WithEndpoint().Order(ent.Asc(webhookdelivery.FieldNextAttemptAt))
	if lock {
		q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
	}
	del, err := q.First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return del, err
}

// attempt POSTs a delivery and records the outcome.
func (d *Deliverer) attempt(ctx context.Context, c *ent.Client, del *ent.WebhookDelivery) error {
	ep := del.Edges.Endpoint
	body := []byte(del.Payload)
	status, err := d.post(ctx, ep, del, body)
	u := c.WebhookDelivery.Update().Where(webhookdelivery.ID(del.ID), webhookdelivery.Attempts(del.Attempts)).
		AddAttempts(1).SetLastStatusCode(status)
	now := d.now()
	switch {
	case err == nil && status >= 200 && status < 300:
		u.SetStatus(webhookdelivery.StatusDELIVERED).SetDeliveredAt(now).SetLastError("")
	default:
		msg := fmt.Sprintf("HTTP %d", status)
		if err != nil {
			msg = err.Error()
		}
		msg = text.Cut(msg, text.NoteMax)
		next := now.Add(d.Backoff(del.Attempts))
		if !ep.Active || next.After(del.CreatedAt.Add(Window)) {
			u.SetStatus(webhookdelivery.StatusFAILED).SetLastError(msg)
		} else {
			u.SetLastError(msg).SetNextAttemptAt(next)
		}
	}
	return u.Exec(ctx)
}

func (d *Deliverer) post(ctx context.Context, ep *ent.WebhookEndpoint, del *ent.WebhookDelivery, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Comptoir-Webhooks/1")
	req.Header.Set("Comptoir-Event-Id", del.EventID)
	req.Header.Set("Comptoir-Event-Type", del.EventType)
	req.Header.Set("Comptoir-Signature", Sign(ep.Secret, body, d.now()))
	resp, err := d.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}
