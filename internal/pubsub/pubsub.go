// Package pubsub carries domain events from the instance that published
// them (the outbox dispatcher) to the live subscribers of every instance:
// through Redis pub/sub when REDIS_URL is set, in process otherwise (and
// in process on each instance while Redis is down). Each
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
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/redisx"
)

// Message is a published domain event.
type Message struct {
	ID         string   `json:"id"`   // the event's ID: unique, for de-duplication
	Type       string   `json:"type"` // e.g. PAYMENT_CAPTURED
	OrderID    string   `json:"orderId,omitempty"`
	CustomerID string   `json:"customerId,omitempty"`
	SellerIDs  []string `json:"sellerIds,omitempty"`
	Ref        string   `json:"ref,omitempty"` // e.g. a fulfillment ID
	// Tags are the cached answers a change makes stale (internal/respcache).
	Tags []string  `json:"tags,omitempty"`
	At   time.Time `json:"at"`
}

// TopicCache is the topic of messages carrying cache tags, and their only
// one: they are many, and no live subscription wants them.
const TopicCache = "cache"

// Topics a message is delivered to.
func (m Message) Topics() []string {
	if len(m.Tags) > 0 {
		return []string{TopicCache}
	}
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

// CatchUpMargin is how far before the moment its subscription was found
// lost an instance looks back when it catches up: a connection dies some
// time before a read notices, and instances' clocks differ a little.
const CatchUpMargin = 10 * time.Second

// silence is how long the subscription may stay quiet before it is pinged
// (a connection that answers no ping in as long again is replaced).
const silence = 2 * time.Second

// CatchUp redelivers to hub what was published since a moment (from the
// outbox, where every event is kept).
type CatchUp func(ctx context.Context, hub *Hub, since time.Time) error

// Redis is the broker shared by instances through Redis pub/sub. Redis is
// optional at run time: a message is delivered to this instance's
// subscribers at once, then published to the others through Redis. While
// Redis is down the publish is skipped (the outbox keeps every event) and
// each instance whose subscription is lost reads what any instance
// published from the outbox (CatchUp, every redisx.ProbeEvery); when its
// subscription is back it catches up once more on what it may have missed
// meanwhile. Its hub drops what it has already delivered.
type Redis struct {
	client  *redisx.Client
	hub     *Hub
	log     *slog.Logger
	catchUp atomic.Pointer[CatchUp]
	// subscribed is true while the subscription is confirmed.
	subscribed atomic.Bool
	cancel     context.CancelFunc
	done       chan struct{}
}

// NewRedis subscribes to the channel and feeds the local hub until Close.
// It waits (within ctx) for the subscription to be confirmed, so that
// messages published after it returns are received; if Redis does not
// answer it returns anyway and keeps trying in the background.
func NewRedis(ctx context.Context, client *redisx.Client, log *slog.Logger) (*Redis, error) {
	rctx, cancel := context.WithCancel(context.Background())
	r := &Redis{client: client, hub: NewHub(), log: log, cancel: cancel, done: make(chan struct{})}
	sub := client.Subscribe(ctx, Channel)
	_, err := sub.Receive(ctx)
	lost := time.Time{}
	if err != nil {
		client.MarkDown(fmt.Errorf("subscribe to %s: %w", Channel, err))
		lost = time.Now()
	} else {
		r.subscribed.Store(true)
	}
	go r.run(rctx, sub, lost)
	return r, nil
}

// SetCatchUp sets how the instance catches up after its subscription was
// lost (the outbox's Replay).
func (r *Redis) SetCatchUp(fn CatchUp) { r.catchUp.Store(&fn) }

// Subscribed reports whether this instance receives what the others
// publish (false while Redis is down).
func (r *Redis) Subscribed() bool { return r.subscribed.Load() }

// run receives messages until ctx ends, reconnecting after a failure and
// catching up on what was published meanwhile. lost is when the
// subscription was lost (zero: it is up).
func (r *Redis) run(ctx context.Context, sub *redis.PubSub, lost time.Time) {
	defer close(r.done)
	defer func() { _ = sub.Close() }()
	pinged := false
	cursor := lost.Add(-CatchUpMargin) // replay from here while lost
	for {
		m, err := sub.ReceiveTimeout(ctx, silence)
		if ctx.Err() != nil {
			return
		}
		var nerr net.Error
		if err != nil && errors.As(err, &nerr) && nerr.Timeout() && !pinged && lost.IsZero() {
			// Quiet: make the connection prove it is alive.
			pinged = true
			if err = sub.Ping(ctx); err == nil {
				continue
			}
		}
		if err != nil {
			if lost.IsZero() {
				lost = time.Now()
				cursor = lost.Add(-CatchUpMargin)
				r.subscribed.Store(false)
				r.client.MarkDown(fmt.Errorf("subscription to %s: %w", Channel, err))
			}
			if pinged || (errors.As(err, &nerr) && nerr.Timeout()) {
				// A connection that does not answer: start afresh.
				_ = sub.Close()
				sub = r.client.Subscribe(ctx, Channel)
			}
			pinged = false
			// Meanwhile, what any instance publishes reaches this one's
			// subscribers through the outbox.
			cursor = r.replay(ctx, cursor)
			select {
			case <-ctx.Done():
				return
			case <-time.After(redisx.ProbeEvery):
			}
			continue
		}
		pinged = false
		switch m := m.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" && !lost.IsZero() {
				lost = time.Time{}
				r.subscribed.Store(true)
				r.log.Info("pubsub: subscribed to Redis again, catching up from the outbox", "since", cursor)
				r.replay(ctx, cursor)
			}
		case *redis.Message:
			var msg Message
			if err := json.Unmarshal([]byte(m.Payload), &msg); err != nil {
				r.log.Warn("pubsub: malformed message", "error", err)
				continue
			}
			r.hub.Deliver(msg)
		}
	}
}

// replay redelivers from the outbox what was published since cursor and
// returns where the next replay starts (CatchUpMargin before now: events
// are marked published after they are published, by instances whose clocks
// differ a little; the hub drops repeats).
func (r *Redis) replay(ctx context.Context, cursor time.Time) time.Time {
	fn := r.catchUp.Load()
	if fn == nil {
		return cursor
	}
	now := time.Now()
	if err := (*fn)(ctx, r.hub, cursor); err != nil {
		if ctx.Err() == nil {
			r.log.Warn("pubsub: catching up from the outbox failed", "since", cursor, "err", err)
		}
		return cursor
	}
	return now.Add(-CatchUpMargin)
}

// Publish implements Broker: this instance's subscribers get the messages
// at once, the other instances' through Redis. It never fails because of
// Redis: while Redis is down the others catch up when it returns.
func (r *Redis) Publish(ctx context.Context, msgs ...Message) error {
	if len(msgs) == 0 {
		return nil
	}
	payloads := make([][]byte, len(msgs))
	for i, msg := range msgs {
		b, err := json.Marshal(msg)
		if err != nil {
			return err
		}
		payloads[i] = b
	}
	for _, msg := range msgs {
		r.hub.Deliver(msg)
	}
	err := r.client.Do(ctx, func(ctx context.Context) error {
		pipe := r.client.Pipeline()
		for _, b := range payloads {
			pipe.Publish(ctx, Channel, b)
		}
		_, err := pipe.Exec(ctx)
		return err
	})
	if err != nil && !errors.Is(err, redisx.ErrDown) && ctx.Err() == nil {
		r.log.Warn("pubsub: publish to Redis failed; other instances catch up from the outbox", "err", err)
	}
	return nil
}

// Hub implements Broker.
func (r *Redis) Hub() *Hub { return r.hub }

// Close implements Broker. The Redis client is its owner's to close.
func (r *Redis) Close() error {
	r.cancel()
	<-r.done
	return nil
}

// Hub fans messages out to this instance's subscribers.
type Hub struct {
	mu        sync.Mutex
	topics    map[string]map[*Subscription]struct{}
	seen      *seenSet
	listeners map[string][]func(Message)
}

// Listen calls fn with every message of topic delivered from now on, in
// Deliver, under the hub's lock: fn must be quick and never call the hub.
// Unlike a subscriber, a listener is never dropped.
func (h *Hub) Listen(topic string, fn func(Message)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.listeners == nil {
		h.listeners = map[string][]func(Message){}
	}
	h.listeners[topic] = append(h.listeners[topic], fn)
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
		for _, fn := range h.listeners[t] {
			fn(msg)
		}
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

// seenSet remembers the last n IDs. It grows as IDs come rather than
// reserving room for n at start (some 700 KB for 10,000, live for the
// process's life and counted twice by the GC's heap goal).
type seenSet struct {
	mu   sync.Mutex
	ids  map[string]struct{}
	ring []string // the IDs in arrival order, up to max; then overwritten from next
	next int
	max  int
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ids: map[string]struct{}{}, max: n}
}

// add reports whether id is new, remembering it.
func (s *seenSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	if len(s.ring) < s.max {
		s.ring = append(s.ring, id)
	} else {
		delete(s.ids, s.ring[s.next])
		s.ring[s.next] = id
		s.next = (s.next + 1) % s.max
	}
	s.ids[id] = struct{}{}
	return true
}
