package store

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Bell wakes the background workers when data they may act on was
// committed, so that they wait instead of polling the database. The store's
// driver rings it after every committed write, whichever way it was made (a
// transaction from WithTx or Client.Tx, or an autocommit statement), with
// the tables the write changed; a subscriber that named its tables is woken
// only by writes to one of them (the outbox dispatcher is not run after
// every cart change), the others by every write. On PostgreSQL, ShareWakes
// carries the rings of every instance to the others.
type Bell struct {
	mu   sync.Mutex
	subs map[*chan struct{}][]string // the subscriber's tables; nil: every write
	// shared is signalled after a local commit when ShareWakes runs, so
	// that the other instances hear of it (nil otherwise).
	shared atomic.Pointer[chan struct{}]
	rings  atomic.Int64
}

// Subscribe returns a channel that receives after each ring that concerns
// it (rings while nobody reads are merged into one), and the function that
// ends the subscription. With tables, only commits that wrote one of them
// (or a write whose table is not known, or a Ring) reach it; without, every
// commit does.
func (b *Bell) Subscribe(tables ...string) (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[*chan struct{}][]string{}
	}
	if len(tables) == 0 {
		tables = nil
	}
	b.subs[&c] = tables
	b.mu.Unlock()
	return c, func() {
		b.mu.Lock()
		delete(b.subs, &c)
		b.mu.Unlock()
	}
}

// Ring wakes every subscriber of this instance (not the other instances):
// for a change whose tables are not known, such as another instance's.
func (b *Bell) Ring() { b.ring(nil) }

// ring wakes the subscribers that care about a write to tables (nil: all).
func (b *Bell) ring(tables []string) {
	b.rings.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	for c, want := range b.subs {
		if tables != nil && want != nil && !overlap(want, tables) {
			continue
		}
		select {
		case *c <- struct{}{}:
		default:
		}
	}
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// Rings is how often the bell rang (tests).
func (b *Bell) Rings() int64 { return b.rings.Load() }

// committed rings after a local commit that wrote tables (nil: not known
// which): this instance's workers and, when shared, the other instances'
// (which hear of it as a Ring: every job of theirs runs, at most once per
// notification gap).
func (b *Bell) committed(tables []string) {
	b.ring(tables)
	if c := b.shared.Load(); c != nil {
		select {
		case *c <- struct{}{}:
		default:
		}
	}
}

// written collects what a transaction wrote, for its commit's ring.
type written struct {
	mu     sync.Mutex
	wrote  bool
	all    bool // a write whose table was not read
	tables []string
}

func (w *written) note(query string) {
	table, ok := writtenTable(query)
	if !ok {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wrote = true
	switch {
	case table == "":
		w.all = true
	case !slices.Contains(w.tables, table):
		w.tables = append(w.tables, table)
	}
}

// ringing reports whether the commit must ring, and for which tables (nil:
// all).
func (w *written) ringing() (bool, []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.all {
		return w.wrote, nil
	}
	return w.wrote, w.tables
}

// isWrite reports whether a statement changes data: what its commit must
// wake the workers for. Reads, locking reads (SELECT … FOR UPDATE) and
// transaction control do not ring, or a worker finding nothing would wake
// the others, and itself, forever.
func isWrite(query string) bool {
	_, ok := writtenTable(query)
	return ok
}

// ringTables is what a single write rings: its table, or nil (every
// subscriber) when it could not be read.
func ringTables(query string) []string {
	if t, _ := writtenTable(query); t != "" {
		return []string{t}
	}
	return nil
}

// writtenTable reports whether a statement changes data and, when it can
// be read from the statement's head (INSERT INTO t, UPDATE t, DELETE FROM
// t, REPLACE INTO t, MERGE INTO t), the table it changes, unquoted and
// without its schema; "" when it writes but its table is not read (a
// data-modifying common table expression), so that every subscriber wakes.
func writtenTable(query string) (table string, write bool) {
	// Every statement passes here: read only the words needed, without
	// splitting the whole text.
	rest := query
	word := func() string {
		rest = strings.TrimLeftFunc(rest, isSep)
		end := strings.IndexFunc(rest, isSep)
		if end < 0 {
			end = len(rest)
		}
		w := rest[:end]
		rest = rest[end:]
		return w
	}
	is := func(w string, words ...string) bool {
		for _, x := range words {
			if strings.EqualFold(w, x) {
				return true
			}
		}
		return false
	}
	w := word()
	switch {
	case is(w, "INSERT", "UPDATE"):
		// INSERT [OR REPLACE|IGNORE|…] INTO t; UPDATE [OR …] [ONLY] t
		w = word()
		if is(w, "OR") {
			word()
			w = word()
		}
		if is(w, "INTO", "ONLY") {
			w = word()
		}
	case is(w, "REPLACE", "MERGE", "UPSERT"):
		if w = word(); is(w, "INTO") {
			w = word()
		}
	case is(w, "DELETE"):
		if w = word(); is(w, "FROM") {
			w = word()
		}
		if is(w, "ONLY") {
			w = word()
		}
	case is(w, "WITH"):
		// A data-modifying common table expression.
		for w = word(); w != ""; w = word() {
			if is(w, "INSERT", "UPDATE", "DELETE") {
				return "", true
			}
		}
		return "", false
	default:
		return "", false
	}
	if w == "" {
		return "", true
	}
	return unquote(w), true
}

func isSep(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == ')' }

// unquote reads a possibly schema-qualified, possibly quoted table name:
// "public"."carts" and carts are both carts. A name with a column list
// glued to it (carts(id, …)) was cut at the parenthesis by the caller.
func unquote(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	name = strings.Trim(name, "\"`[]")
	if name == "" || strings.ContainsAny(name, "\"` ") {
		return ""
	}
	// Our tables are lower case, as ent names them.
	return strings.ToLower(name)
}
