// Package pubsub carries domain events from the instance that published
// them (the outbox dispatcher) to the live subscribers of every instance:
// through Redis pub/sub when REDIS_URL is set, in process otherwise. Each
// instance fans messages out to its local subscribers by topic and drops
// messages it has already delivered (the outbox delivers at least once).
//
// Live subscriptions only: a subscriber that is not connected misses
// messages. What must not be lost (mails, third-party webhooks) is driven
// from the outbox itself, not from here.
package pubsub

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Message is a published domain event.
type Message struct {
	ID         string    `json:"id"`   // the event's ID: unique, for de-duplication
	Type       string    `json:"type"` // e.g. PAYMENT_CAPTURED
	OrderID    string    `json:"orderId,omitempty"`
	CustomerID string    `json:"customerId,omitempty"`
	SellerIDs  []string  `json:"sellerIds,omitempty"`
	Ref        string    `json:"ref,omitempty"` // e.g. a fulfillment ID
	At         time.Time `json:"at"`
}

// Topics a message is delivered to.
func (m Message) Topics() []string {
	var t []string
	if m.OrderID != "" {
		t = append(t, "order:"+m.OrderID)
	}
	if m.CustomerID != "" {
		t = append(t, "customer:"+m.CustomerID)
	}
	for _, s := range m.SellerIDs {
		t = append(t, "seller:"+s)
	}
	return append(t, "all")
}

// Broker publishes messages to every instance.
type Broker interface {
	Publish(ctx context.Context, msgs ...Message) error
	Hub() *Hub
	Close() error
}

// Memory is the in-process broker (one instance).
type Memory struct{ hub *Hub }

// NewMemory returns an in-process broker.
func NewMemory() *Memory { return &Memory{hub: NewHub()} }

// Publish implements Broker.
func (m *Memory) Publish(_ context.Context, msgs ...Message) error {
	for _, msg := range msgs {
		m.hub.Deliver(msg)
	}
	return nil
}

// Hub implements Broker.
func (m *Memory) Hub() *Hub { return m.hub }

// Close implements Broker.
func (m *Memory) Close() error { return nil }

// Channel is the Redis channel of Comptoir's events.
const Channel = "comptoir:events"

// Redis is the broker shared by instances through Redis pub/sub.
type Redis struct {
	client *redis.Client
	sub    *redis.PubSub
	hub    *Hub
	done   chan struct{}
}

// NewRedis subscribes to the channel and feeds the local hub until Close.
func NewRedis(ctx context.Context, client *redis.Client, log *slog.Logger) (*Redis, error) {
	sub := client.Subscribe(ctx, Channel)
	// Wait for the subscription to be confirmed: messages published after
	// NewRedis returns are received.
	if _, err := sub.Receive(ctx); err != nil {
		_ = sub.Close()
		return nil, fmt.Errorf("subscribe to %s: %w", Channel, err)
	}
	r := &Redis{client: client, sub: sub, hub: NewHub(), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for m := range sub.Channel() {
			var msg Message
			if err := json.Unmarshal([]byte(m.Payload), &msg); err != nil {
				log.Warn("pubsub: malformed message", "error", err)
				continue
			}
			r.hub.Deliver(msg)
		}
	}()
	return r, nil
}

// Publish implements Broker: every instance, this one included, receives
// the message through Redis.
func (r *Redis) Publish(ctx context.Context, msgs ...Message) error {
	if len(msgs) == 0 {
		return nil
	}
	pipe := r.client.Pipeline()
	for _, msg := range msgs {
		b, err := json.Marshal(msg)
		if err != nil {
			return err
		}
		pipe.Publish(ctx, Channel, b)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Hub implements Broker.
func (r *Redis) Hub() *Hub { return r.hub }

// Close implements Broker.
func (r *Redis) Close() error {
	err := r.sub.Close()
	<-r.done
	return err
}

// Hub fans messages out to this instance's subscribers.
type Hub struct {
	mu     sync.Mutex
	topics map[string]map[*Subscription]struct{}
	seen   *seenSet
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{topics: map[string]map[*Subscription]struct{}{}, seen: newSeenSet(10_000)}
}

// Subscription receives the messages of one topic.
type Subscription struct {
	C     chan Message
	hub   *Hub
	topic string
	once  sync.Once
	// Dropped is closed when the hub dropped the subscriber for being slow.
	Dropped chan struct{}
}

// Buffer is how many messages a subscriber may lag behind before it is
// dropped.
const Buffer = 16

// Subscribe listens to a topic until Close.
func (h *Hub) Subscribe(topic string) *Subscription {
	s := &Subscription{C: make(chan Message, Buffer), hub: h, topic: topic, Dropped: make(chan struct{})}
	h.mu.Lock()
	if h.topics[topic] == nil {
		h.topics[topic] = map[*Subscription]struct{}{}
	}
	h.topics[topic][s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Close stops the subscription.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.topics[s.topic], s)
	if len(s.hub.topics[s.topic]) == 0 {
		delete(s.hub.topics, s.topic)
	}
	s.hub.mu.Unlock()
}

// Deliver hands a message to the subscribers of its topics, once per ID. A
// subscriber whose buffer is full is dropped (its Dropped channel closes)
// rather than slowing the others.
func (h *Hub) Deliver(msg Message) {
	if !h.seen.add(msg.ID) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, t := range msg.Topics() {
		for s := range h.topics[t] {
			select {
			case s.C <- msg:
			default:
				delete(h.topics[t], s)
				s.once.Do(func() { close(s.Dropped) })
			}
		}
	}
}

// Count returns the number of subscriptions (for metrics and tests).
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, subs := range h.topics {
		n += len(subs)
	}
	return n
}

// seenSet remembers the last n IDs.
type seenSet struct {
	mu   sync.Mutex
	ids  map[string]struct{}
	ring []string
	next int
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ids: make(map[string]struct{}, n), ring: make([]string, n)}
}

// add reports whether id is new, remembering it.
func (s *seenSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.ids, old)
	}
	s.ring[s.next] = id
	s.next = (s.next + 1) % len(s.ring)
	s.ids[id] = struct{}{}
	return true
}
