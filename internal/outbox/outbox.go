// Package outbox publishes domain events that were committed with the change
// that caused them. The order timeline is the outbox: each order_events row
// is written in the transaction of its change, with published_at empty, so
// a change and its event commit or roll back together. The dispatcher reads
// unpublished events in order, publishes them to the broker and marks them,
// at least once: a crash between publishing and marking publishes again,
// and subscribers drop what they have seen (by event ID).
//
// On PostgreSQL several instances dispatch at once: each claims a batch with
// FOR UPDATE SKIP LOCKED.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/domainevent"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/orderline"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/webhook"
	"github.com/comptoir/comptoir/internal/worker"
)

// Dispatcher publishes the outbox.
type Dispatcher struct {
	St     *store.Store
	Broker pubsub.Broker
	Log    *slog.Logger
	Batch  int
	// StorefrontURL is the base of links in mails; Mails turns the buyer's
	// mails on (order confirmation, shipped…).
	StorefrontURL string
	Mails         bool
	// OrderLink is the storefront link to an order that its mails carry:
	// a guest order's carries its signed access token. Nil: a link without
	// one.
	OrderLink func(o *ent.Order) string
	// Handlers act on each batch of order events in the transaction that
	// marks them published (the seller ledger, affiliate commissions): an
	// event's effects commit with its publication, at least once, so each
	// handler writes idempotently.
	Handlers []Handler
}

// Handler acts on a batch of order events inside the dispatcher's
// transaction.
type Handler func(ctx context.Context, tx *ent.Client, dialect string, evs []*ent.OrderEvent) error

// New returns a dispatcher.
func New(st *store.Store, b pubsub.Broker, log *slog.Logger) *Dispatcher {
	return &Dispatcher{St: st, Broker: b, Log: log, Batch: 200}
}

// Job is the dispatcher as a background job: events are committed by
// writes, so it runs when woken, never by time; a full batch runs again at
// once.
func (d *Dispatcher) Job() worker.Job {
	return worker.Job{Name: "outbox dispatch", Limit: d.Batch, Tables: []string{orderevent.Table, domainevent.Table}, Step: func(ctx context.Context, _ time.Time, _ int) (int, time.Time, error) {
		n, err := d.Drain(ctx)
		return n, time.Time{}, err
	}}
}

// Drain publishes one batch of unpublished events (order timeline, then
// other domain events) and reports how many.
func (d *Dispatcher) Drain(ctx context.Context) (int, error) {
	n, err := d.drainOrders(ctx)
	if err != nil {
		return n, err
	}
	m, err := d.drainDomain(ctx)
	return n + m, err
}

func (d *Dispatcher) drainOrders(ctx context.Context) (int, error) {
	// Every commit pokes the dispatcher, most without events: look first
	// with a plain read, so that they cost no transaction (on SQLite, no
	// write lock taken from the requests).
	pending, err := d.St.Client.OrderEvent.Query().Where(orderevent.PublishedAtIsNil()).
		Order(ent.Asc(orderevent.FieldCreatedAt), ent.Asc(orderevent.FieldID)).Limit(d.Batch).All(ctx)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	// Publish before the transaction that marks them, never inside it: the
	// broker may be slow or down (Redis), and a transaction held open
	// meanwhile would block every write (SQLite's "database is locked").
	// A crash before the mark publishes them again; subscribers drop
	// repeats by event ID.
	msgs, err := messages(ctx, d.St.Client, pending)
	if err != nil {
		return 0, err
	}
	if err := d.Broker.Publish(ctx, msgs...); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	ids := make([]pulid.ID, len(pending))
	for i, e := range pending {
		ids[i] = e.ID
	}
	n := 0
	err = d.St.WithTx(ctx, func(tx *ent.Tx) error {
		// Those another dispatcher has not marked meanwhile.
		q := tx.OrderEvent.Query().Where(orderevent.IDIn(ids...), orderevent.PublishedAtIsNil()).
			Order(ent.Asc(orderevent.FieldCreatedAt), ent.Asc(orderevent.FieldID))
		if d.St.Dialect == dialect.Postgres {
			q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		evs, err := q.All(ctx)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return errNothing // roll back: nothing to commit
		}
		if d.Mails {
			if err := d.enqueueMails(ctx, tx.Client(), evs); err != nil {
				return fmt.Errorf("enqueue mails: %w", err)
			}
		}
		for _, h := range d.Handlers {
			if err := h(ctx, tx.Client(), d.St.Dialect, evs); err != nil {
				return err
			}
		}
		hooks := make([]webhook.Event, len(evs))
		claimed := make([]pulid.ID, len(evs))
		for i, e := range evs {
			hooks[i] = webhook.FromOrder(e)
			claimed[i] = e.ID
		}
		if err := webhook.Enqueue(ctx, tx.Client(), d.St.Dialect, hooks, time.Now()); err != nil {
			return fmt.Errorf("enqueue webhooks: %w", err)
		}
		n = len(evs)
		return tx.OrderEvent.Update().Where(orderevent.IDIn(claimed...)).SetPublishedAt(time.Now()).Exec(ctx)
	})
	if errors.Is(err, errNothing) {
		return len(pending), nil
	}
	if err != nil {
		return 0, err
	}
	return max(n, len(pending)), nil
}

var errNothing = errors.New("nothing to publish")

// messages turns events into messages with their order's audience: its
// customer and the sellers with lines in it (two statements).
func messages(ctx context.Context, tx *ent.Client, evs []*ent.OrderEvent) ([]pubsub.Message, error) {
	var orderIDs []pulid.ID
	seen := map[pulid.ID]bool{}
	for _, e := range evs {
		if !seen[e.OrderID] {
			seen[e.OrderID] = true
			orderIDs = append(orderIDs, e.OrderID)
		}
	}
	orders, err := tx.Order.Query().Where(entorder.IDIn(orderIDs...)).Select(entorder.FieldID, entorder.FieldCustomerID).All(ctx)
	if err != nil {
		return nil, err
	}
	customer := map[pulid.ID]string{}
	for _, o := range orders {
		if o.CustomerID != nil {
			customer[o.ID] = string(*o.CustomerID)
		}
	}
	var rows []struct {
		OrderID  string `json:"order_id"`
		SellerID string `json:"seller_id"`
	}
	if err := tx.OrderLine.Query().Where(orderline.OrderIDIn(orderIDs...)).Unique(true).
		Select(orderline.FieldOrderID, orderline.FieldSellerID).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	sellers := map[string][]string{}
	for _, r := range rows {
		sellers[r.OrderID] = append(sellers[r.OrderID], r.SellerID)
	}
	out := make([]pubsub.Message, len(evs))
	for i, e := range evs {
		out[i] = pubsub.Message{ID: string(e.ID), Type: e.Type, OrderID: string(e.OrderID), CustomerID: customer[e.OrderID],
			SellerIDs: sellers[string(e.OrderID)], Ref: e.Ref, At: e.CreatedAt}
	}
	return out, nil
}

// drainDomain publishes one batch of domain events (back in stock, price
// dropped): to the broker (topics variant:<id> and all) and to webhooks.
// As for order events, the broker is called outside the transaction.
func (d *Dispatcher) drainDomain(ctx context.Context) (int, error) {
	pending, err := d.St.Client.DomainEvent.Query().Where(domainevent.PublishedAtIsNil()).
		Order(ent.Asc(domainevent.FieldCreatedAt), ent.Asc(domainevent.FieldID)).Limit(d.Batch).All(ctx)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	ids := make([]pulid.ID, len(pending))
	for i, e := range pending {
		ids[i] = e.ID
	}
	if err := d.Broker.Publish(ctx, domainMessages(pending)...); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	n := 0
	err = d.St.WithTx(ctx, func(tx *ent.Tx) error {
		q := tx.DomainEvent.Query().Where(domainevent.IDIn(ids...), domainevent.PublishedAtIsNil()).
			Order(ent.Asc(domainevent.FieldCreatedAt), ent.Asc(domainevent.FieldID))
		if d.St.Dialect == dialect.Postgres {
			q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		evs, err := q.All(ctx)
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return errNothing
		}
		hooks := make([]webhook.Event, len(evs))
		claimed := make([]pulid.ID, len(evs))
		for i, e := range evs {
			hooks[i] = webhook.FromDomain(e)
			claimed[i] = e.ID
		}
		if err := webhook.Enqueue(ctx, tx.Client(), d.St.Dialect, hooks, time.Now()); err != nil {
			return fmt.Errorf("enqueue webhooks: %w", err)
		}
		if d.Mails {
			if err := d.enqueueStockAlerts(ctx, tx.Client(), evs); err != nil {
				return fmt.Errorf("enqueue stock alerts: %w", err)
			}
			if err := d.enqueueWishlistMails(ctx, tx.Client(), evs); err != nil {
				return fmt.Errorf("enqueue wishlist mails: %w", err)
			}
		}
		n = len(evs)
		return tx.DomainEvent.Update().Where(domainevent.IDIn(claimed...)).SetPublishedAt(time.Now()).Exec(ctx)
	})
	if errors.Is(err, errNothing) {
		return len(pending), nil
	}
	if err != nil {
		return 0, err
	}
	return max(n, len(pending)), nil
}

// domainMessages turns domain events into messages.
func domainMessages(evs []*ent.DomainEvent) []pubsub.Message {
	msgs := make([]pubsub.Message, len(evs))
	for i, e := range evs {
		msgs[i] = pubsub.Message{ID: string(e.ID), Type: e.Type, Ref: e.SubjectID, At: e.CreatedAt}
		if e.Type == events.CachePurge {
			msgs[i].Tags = strings.Fields(e.Data["tags"])
		}
	}
	return msgs
}

// replayLimit bounds how many events of each kind a catch-up redelivers.
const replayLimit = 5000

// Replay redelivers to hub, on this instance only, the events published
// since a moment: how an instance whose Redis subscription was lost catches
// up when it is back (pubsub.Redis calls it). The hub drops what it has
// already delivered.
func Replay(ctx context.Context, client *ent.Client, hub *pubsub.Hub, since time.Time) error {
	evs, err := client.OrderEvent.Query().Where(orderevent.PublishedAtGTE(since)).
		Order(ent.Asc(orderevent.FieldCreatedAt), ent.Asc(orderevent.FieldID)).Limit(replayLimit).All(ctx)
	if err != nil {
		return fmt.Errorf("replay order events: %w", err)
	}
	if len(evs) > 0 {
		msgs, err := messages(ctx, client, evs)
		if err != nil {
			return fmt.Errorf("replay order events: %w", err)
		}
		for _, m := range msgs {
			hub.Deliver(m)
		}
	}
	devs, err := client.DomainEvent.Query().Where(domainevent.PublishedAtGTE(since)).
		Order(ent.Asc(domainevent.FieldCreatedAt), ent.Asc(domainevent.FieldID)).Limit(replayLimit).All(ctx)
	if err != nil {
		return fmt.Errorf("replay domain events: %w", err)
	}
	for _, m := range domainMessages(devs) {
		hub.Deliver(m)
	}
	return nil
}
