package respcache

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/redisx"
)

// Entry is a cached answer.
type Entry struct {
	Body   []byte    `json:"b"`
	Tags   []string  `json:"t"`
	Stored time.Time `json:"s"`
	MaxAge int       `json:"m"` // seconds
}

// expires is when the entry stops being fresh.
func (e *Entry) expires() time.Time { return e.Stored.Add(time.Duration(e.MaxAge) * time.Second) }

// Age is how many whole seconds the entry has been kept at now.
func (e *Entry) Age(now time.Time) int { return int(now.Sub(e.Stored) / time.Second) }

// Cache holds answers in process, bounded by bytes, and in Redis when one is
// given. Redis is optional at run time: while it is down (or owes purges)
// the cache serves from this process or lets the request run.
type Cache struct {
	max   int64
	now   func() time.Time
	redis *redisx.Client
	pfx   string
	log   *slog.Logger

	mu    sync.Mutex
	size  int64
	lru   *list.List // of *item, most recent first
	items map[string]*list.Element
	byTag map[string]map[string]struct{}
	// Purges since a request began make what it computed suspect: seq
	// counts them and recent keeps the latest, so Put can tell whether one
	// touched the tags of what it stores.
	seq    uint64
	recent []purge
	// owed are tags whose purge Redis missed (it was down): Redis is not
	// read until they are purged there too.
	owed map[string]struct{}
	wake chan struct{}
}

type item struct {
	key   string
	entry *Entry
	size  int64
}

type purge struct {
	seq  uint64
	tags []string
}

// recentPurges bounds the purges Put compares against; a request that saw
// more purges than this while it ran does not store its answer.
const recentPurges = 256

// Options configure a Cache.
type Options struct {
	MaxBytes int64            // in process; 0: nothing kept in process
	Redis    *redisx.Client   // nil: no shared layer
	Prefix   string           // of Redis keys
	Log      *slog.Logger     // nil: slog.Default()
	Now      func() time.Time // nil: time.Now
}

// New returns a cache.
func New(o Options) *Cache {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Cache{max: o.MaxBytes, now: o.Now, redis: o.Redis, pfx: o.Prefix + "rc:", log: o.Log,
		lru: list.New(), items: map[string]*list.Element{}, byTag: map[string]map[string]struct{}{}, owed: map[string]struct{}{},
		wake: make(chan struct{}, 1)}
}

// Ticket marks when a request began computing an answer (Begin), for Put.
type Ticket struct{ seq uint64 }

// Begin is called before an answer is computed: Put refuses it if a purge
// of its tags came meanwhile (its data may predate the change).
func (c *Cache) Begin() Ticket {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Ticket{seq: c.seq}
}

// Get returns the fresh entry under key, from process then Redis.
func (c *Cache) Get(ctx context.Context, key string) (*Entry, bool) {
	now := c.now()
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		it := el.Value.(*item)
		if now.Before(it.entry.expires()) {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return it.entry, true
		}
		c.remove(el)
	}
	c.mu.Unlock()
	if !c.redisReady(ctx) {
		return nil, false
	}
	t := c.Begin()
	var raw []byte
	err := c.redis.Do(ctx, func(ctx context.Context) error {
		var err error
		raw, err = c.redis.Get(ctx, c.pfx+"e:"+key).Bytes()
		return err
	})
	if err != nil {
		if !errors.Is(err, redis.Nil) && !errors.Is(err, redisx.ErrDown) {
			c.log.Warn("response cache: Redis read failed", "err", err)
		}
		return nil, false
	}
	var e Entry
	if json.Unmarshal(raw, &e) != nil || !now.Before(e.expires()) {
		return nil, false
	}
	c.putLocal(key, &e, t)
	return &e, true
}

// Put stores an answer under key unless a purge of one of its tags came
// since t.
func (c *Cache) Put(ctx context.Context, key string, e *Entry, t Ticket) {
	if e.MaxAge <= 0 || !c.putLocal(key, e, t) {
		return
	}
	if !c.redisReady(ctx) {
		return
	}
	raw, err := json.Marshal(e)
	if err != nil {
		return
	}
	ttl := time.Until(e.expires())
	if ttl <= 0 {
		return
	}
	ek := c.pfx + "e:" + key
	err = c.redis.Do(ctx, func(ctx context.Context) error {
		// One transaction: a purge never finds the entry without its tags.
		_, err := c.redis.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, ek, raw, ttl)
			for _, tag := range e.Tags {
				p.SAdd(ctx, c.pfx+"t:"+tag, ek)
				p.Expire(ctx, c.pfx+"t:"+tag, tagTTL)
			}
			return nil
		})
		return err
	})
	if err != nil && !errors.Is(err, redisx.ErrDown) {
		c.log.Warn("response cache: Redis write failed", "err", err)
	}
	// A purge that reached Redis while we wrote may have missed this
	// entry: look again, and take it back if so.
	if c.stale(e.Tags, t) {
		c.purgeRedis(ctx, e.Tags)
	}
}

// tagTTL keeps a tag's set of entries at least as long as any entry (max
// ages are minutes); expired entries' keys in it cost nothing to delete.
const tagTTL = 24 * time.Hour

// putLocal stores in process; false if a purge of its tags came since t.
func (c *Cache) putLocal(key string, e *Entry, t Ticket) bool {
	size := int64(len(e.Body) + len(key) + 64)
	for _, tag := range e.Tags {
		size += int64(len(tag)) + 16
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.staleLocked(e.Tags, t) {
		return false
	}
	if c.max <= 0 || size > c.max/4 {
		return true // not kept here, Redis may still take it
	}
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	it := &item{key: key, entry: e, size: size}
	c.items[key] = c.lru.PushFront(it)
	c.size += size
	for _, tag := range e.Tags {
		m := c.byTag[tag]
		if m == nil {
			m = map[string]struct{}{}
			c.byTag[tag] = m
		}
		m[key] = struct{}{}
	}
	for c.size > c.max {
		c.remove(c.lru.Back())
	}
	return true
}

func (c *Cache) stale(tags []string, t Ticket) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.staleLocked(tags, t)
}

func (c *Cache) staleLocked(tags []string, t Ticket) bool {
	if c.seq == t.seq {
		return false
	}
	if c.seq-t.seq > uint64(len(c.recent)) {
		return true // more purges than remembered: assume the worst
	}
	for _, p := range c.recent[len(c.recent)-int(c.seq-t.seq):] {
		for _, a := range p.tags {
			for _, b := range tags {
				if a == b {
					return true
				}
			}
		}
	}
	return false
}

func (c *Cache) remove(el *list.Element) {
	it := el.Value.(*item)
	c.lru.Remove(el)
	delete(c.items, it.key)
	c.size -= it.size
	for _, tag := range it.entry.Tags {
		if m := c.byTag[tag]; m != nil {
			delete(m, it.key)
			if len(m) == 0 {
				delete(c.byTag, tag)
			}
		}
	}
}

// PurgeLocal drops this process's entries with any of tags, and makes
// answers being computed meanwhile unfit to store. It never blocks on the
// network.
func (c *Cache) PurgeLocal(tags []string) {
	if len(tags) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	c.recent = append(c.recent, purge{seq: c.seq, tags: tags})
	if len(c.recent) > recentPurges {
		c.recent = append(c.recent[:0], c.recent[len(c.recent)-recentPurges:]...)
	}
	for _, tag := range tags {
		for key := range c.byTag[tag] {
			if el, ok := c.items[key]; ok {
				c.remove(el)
			}
		}
	}
}

// Purge drops the entries with any of tags, here and in Redis. A purge
// Redis misses is owed: Redis is not read until it is paid.
func (c *Cache) Purge(ctx context.Context, tags []string) {
	c.PurgeLocal(tags)
	c.purgeRedis(ctx, tags)
}

func (c *Cache) purgeRedis(ctx context.Context, tags []string) {
	if c.redis == nil || len(tags) == 0 {
		return
	}
	c.mu.Lock()
	for _, t := range tags {
		c.owed[t] = struct{}{}
	}
	c.mu.Unlock()
	c.payOwed(ctx)
}

// payOwed purges in Redis the tags it missed; true when none is owed.
func (c *Cache) payOwed(ctx context.Context) bool {
	c.mu.Lock()
	if len(c.owed) == 0 {
		c.mu.Unlock()
		return true
	}
	keys := make([]string, 0, len(c.owed))
	tags := make([]string, 0, len(c.owed))
	for t := range c.owed {
		tags = append(tags, t)
		keys = append(keys, c.pfx+"t:"+t)
	}
	c.mu.Unlock()
	err := c.redis.Do(ctx, func(ctx context.Context) error {
		return purgeScript.Run(ctx, c.redis, keys).Err()
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		if !errors.Is(err, redisx.ErrDown) {
			c.log.Warn("response cache: Redis purge failed", "err", err)
		}
		return false
	}
	c.mu.Lock()
	for _, t := range tags {
		delete(c.owed, t)
	}
	done := len(c.owed) == 0
	c.mu.Unlock()
	return done
}

// redisReady reports whether Redis may be read: configured, up, and owed
// no purge.
func (c *Cache) redisReady(ctx context.Context) bool {
	return c.redis != nil && c.redis.Up() && c.payOwed(ctx)
}

// purgeScript deletes the entries of each tag (KEYS) and the tag's set.
var purgeScript = redis.NewScript(`
for _, t in ipairs(KEYS) do
  local ks = redis.call('SMEMBERS', t)
  for i = 1, #ks, 500 do
    redis.call('DEL', unpack(ks, i, math.min(i + 499, #ks)))
  end
  redis.call('DEL', t)
end
return 0`)

// Len returns the number of entries kept in process (tests, metrics).
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Owe purges this process's entries with any of tags at once, and Redis's
// in the background (Run): for callers that must not wait on the network,
// such as a message listener. Redis is not read until it is purged.
func (c *Cache) Owe(tags []string) {
	c.PurgeLocal(tags)
	if c.redis == nil || len(tags) == 0 {
		return
	}
	c.mu.Lock()
	for _, t := range tags {
		c.owed[t] = struct{}{}
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Run purges in Redis what is owed until ctx ends, retrying while Redis is
// down.
func (c *Cache) Run(ctx context.Context) {
	if c.redis == nil {
		return
	}
	t := time.NewTicker(redisx.ProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, 2*redisx.Timeout)
		c.payOwed(pctx)
		cancel()
	}
}
