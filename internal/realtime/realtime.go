// Package realtime streams order and shipping updates to GraphQL
// subscribers. It checks who may listen before anything is streamed, then
// turns the broker's messages into fresh reads of the order or fulfillment.
// Its WebSocket wrapper (Implementation) makes gqlgen's transport close a
// connection as graphql-transport-ws says, and say why.
package realtime

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/fulfillment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/trackingevent"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/loader"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/pubsub"
)

// Service serves subscriptions.
type Service struct {
	Client *ent.Client
	Orders *orders.Service
	Hub    *pubsub.Hub
	Log    *slog.Logger
	reads  sync.Map // kind:message ID → *sharedRead
}

// orderChanges are the events after which an order looks different.
var orderChanges = []string{
	orders.EventPlaced, orders.EventPaymentCaptured, orders.EventPaymentAuthorized, orders.EventPaymentAction,
	orders.EventPaymentFailed, orders.EventPaymentExpired, orders.EventMarkedPaid, orders.EventCancelled,
	orders.EventFulfilled, orders.EventTracking, orders.EventDelivered, orders.EventRefunded,
	orders.EventReturnRequested, orders.EventReturnApproved, orders.EventReturnRefused,
}

var shipmentChanges = []string{orders.EventFulfilled, orders.EventTracking}

// stream subscribes to topics and sends load(msg) for each message whose
// type is wanted, until ctx ends or the subscriber falls more than
// pubsub.Buffer messages behind (then the stream ends: it is dropped rather
// than slowing the others).
func stream[T any](ctx context.Context, s *Service, topics []string, wanted []string, load func(context.Context, pubsub.Message) (T, bool)) (<-chan T, error) {
	release, err := acquire(ctx)
	if err != nil {
		return nil, err
	}
	subs := make([]*pubsub.Subscription, len(topics))
	for i, t := range topics {
		subs[i] = s.Hub.Subscribe(t)
	}
	out := make(chan T, 1)
	// One topic (the usual case) is read directly; several are merged by a
	// goroutine each. Every goroutine is a stack per subscriber.
	merged, dropped := subs[0].C, subs[0].Dropped
	if len(subs) > 1 {
		m, d := make(chan pubsub.Message, pubsub.Buffer), make(chan struct{})
		merged, dropped = m, d
		forward(ctx, subs, m, d)
	}
	var sent delivered
	go func() {
		defer close(out)
		defer release()
		defer func() {
			for _, sub := range subs {
				sub.Close()
			}
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case <-dropped:
				s.Log.Warn("subscriber dropped: too slow", "topics", topics)
				drop(ctx)
				return
			case m := <-merged:
				if !slices.Contains(wanted, m.Type) || !sent.first(m.ID) {
					continue
				}
				v, ok := load(ctx, m)
				if !ok {
					continue
				}
				loader.Clear(ctx)
				// Wait for gqlgen to take it. A client that stops reading
				// holds this goroutine here while its hub buffer fills; the
				// hub then drops it without slowing the others. (Dropping
				// as soon as the previous update was not yet taken dropped
				// subscribers that received two events in a row whenever
				// the machine was busy.)
				select {
				case out <- v:
				case <-ctx.Done():
					return
				case <-dropped:
					s.Log.Warn("subscriber dropped: too slow", "topics", topics)
					drop(ctx)
					return
				}
			}
		}
	}()
	return out, nil
}

// forward merges several subscriptions into one channel until ctx ends;
// dropped closes when any of them is dropped.
func forward(ctx context.Context, subs []*pubsub.Subscription, merged chan<- pubsub.Message, dropped chan struct{}) {
	var once sync.Once
	for _, sub := range subs {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-sub.Dropped:
					once.Do(func() { close(dropped) })
					return
				case m := <-sub.C:
					select {
					case merged <- m:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
	}
}

// shared reads what a message is about once per message and kind, however
// many subscribers this instance has for it: the first subscriber reads,
// the others share the row.
func (s *Service) shared(ctx context.Context, key string, read func(context.Context) (any, error)) (any, error) {
	v, _ := s.reads.LoadOrStore(key, &sharedRead{})
	r := v.(*sharedRead)
	r.once.Do(func() {
		r.value, r.err = read(context.WithoutCancel(ctx))
		time.AfterFunc(time.Minute, func() { s.reads.Delete(key) })
	})
	return r.value, r.err
}

// sharedRead is one read shared by the subscribers of a message.
type sharedRead struct {
	once  sync.Once
	value any
	err   error
}

// loadOrder reads the order a message is about, once per message however
// many subscribers this instance has for it: the first subscriber reads,
// the others share the row (each then resolves its own selection). The
// update carries the message's event.
func (s *Service) loadOrder(ctx context.Context, m pubsub.Message) (*OrderUpdate, bool) {
	v, err := s.shared(ctx, "order:"+m.ID, func(ctx context.Context) (any, error) {
		return s.Client.Order.Get(ctx, pulid.ID(m.OrderID))
	})
	if err != nil {
		s.Log.Error("subscription: load order", "order", m.OrderID, "error", err)
		return nil, false
	}
	cp := *v.(*ent.Order) // each subscriber resolves its own copy (edges are loaded per request)
	return &OrderUpdate{Event: eventOf(m), Order: &cp}, true
}

func (s *Service) loadFulfillment(ctx context.Context, m pubsub.Message) (*ent.Fulfillment, bool) {
	v, err := s.shared(ctx, "fulfillment:"+m.ID, func(ctx context.Context) (any, error) {
		return s.Client.Fulfillment.Query().Where(fulfillment.ID(pulid.ID(m.Ref))).
			WithTrackingEvents(func(q *ent.TrackingEventQuery) { q.Order(ent.Asc(trackingevent.FieldOccurredAt)) }).Only(ctx)
	})
	if err != nil {
		s.Log.Error("subscription: load fulfillment", "fulfillment", m.Ref, "error", err)
		return nil, false
	}
	cp := *v.(*ent.Fulfillment)
	return &cp, true
}

// access checks who may listen to an order: as orders.Get decides (its
// customer signed in; for a guest order, whoever gives its email; its
// sellers' members and admins).
func (s *Service) access(ctx context.Context, id pulid.ID, email *string) (*ent.Order, error) {
	return s.Orders.Get(ctx, id, email)
}

// OrderUpdated streams an order each time it changes. Who: see access;
// anyone else is refused before anything is streamed.
func (s *Service) OrderUpdated(ctx context.Context, id pulid.ID, email *string) (<-chan *OrderUpdate, error) {
	if _, err := s.access(ctx, id, email); err != nil {
		return nil, err
	}
	return stream(ctx, s, []string{"order:" + string(id)}, orderChanges, s.loadOrder)
}

// ShipmentUpdated streams a fulfillment of the order each time it is
// created or its tracking changes; a seller's member sees its own parcels
// only. Who: as OrderUpdated.
func (s *Service) ShipmentUpdated(ctx context.Context, id pulid.ID, email *string) (<-chan *ShipmentUpdate, error) {
	o, err := s.access(ctx, id, email)
	if err != nil {
		return nil, err
	}
	return stream(ctx, s, []string{"order:" + string(id)}, shipmentChanges, func(ctx context.Context, m pubsub.Message) (*ShipmentUpdate, bool) {
		f, ok := s.loadFulfillment(ctx, m)
		if !ok || !orders.ViewFor(ctx, o).Sees(f.SellerID) {
			return nil, false
		}
		return &ShipmentUpdate{Event: eventOf(m), Fulfillment: f}, true
	})
}

// MyOrderUpdates streams the signed-in customer's orders as they change.
func (s *Service) MyOrderUpdates(ctx context.Context) (<-chan *OrderUpdate, error) {
	v, err := account.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	return stream(ctx, s, []string{"customer:" + string(v.Customer.ID)}, orderChanges, s.loadOrder)
}

// SellerOrderUpdates streams the orders of a seller (or of every seller the
// viewer is a member of) as they change; an admin without sellerID gets
// every order. Who: the seller's members and admins.
func (s *Service) SellerOrderUpdates(ctx context.Context, sellerID *pulid.ID) (<-chan *OrderUpdate, error) {
	var topics []string
	if sellerID != nil {
		if _, err := policy.ManageSeller(ctx, *sellerID); err != nil {
			return nil, err
		}
		topics = []string{"seller:" + string(*sellerID)}
	} else {
		v, err := policy.Require(ctx, policy.Seller)
		if err != nil {
			return nil, err
		}
		if v.IsAdmin() {
			topics = []string{"all"}
		}
		for _, m := range v.Customer.Edges.Memberships {
			topics = append(topics, "seller:"+string(m.SellerID))
		}
	}
	return stream(ctx, s, topics, orderChanges, s.loadOrder)
}
