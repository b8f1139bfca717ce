package store

import "testing"

func TestIsWrite(t *testing.T) {
	for q, want := range map[string]bool{
		`INSERT INTO "domain_events" ("id") VALUES ($1)`:                       true,
		"\n\tinsert into mail_outbox (id) values (?) ON CONFLICT DO NOTHING":   true,
		`UPDATE "carts" SET "updated_at" = $1`:                                 true,
		`DELETE FROM "cart_lines" WHERE "id" = $1`:                             true,
		`WITH moved AS (UPDATE levels SET reserved = 1 RETURNING id) SELECT 1`: true,
		`SELECT "id" FROM "payments" FOR UPDATE SKIP LOCKED`:                   false,
		`SELECT pg_notify($1, $2)`:                                             false,
		`WITH t AS (SELECT 1) SELECT * FROM t`:                                 false,
		`(SELECT 1)`:                                                           false,
		``:                                                                     false,
	} {
		if got := isWrite(q); got != want {
			t.Errorf("isWrite(%q) = %v, want %v", q, got, want)
		}
	}
}

// The table a write names is what its commit rings for; a write whose
// table is not read rings every subscriber ("").
func TestWrittenTable(t *testing.T) {
	for q, want := range map[string]string{
		`INSERT INTO "domain_events" ("id") VALUES ($1)`:                       "domain_events",
		"\n\tinsert into mail_outboxes(id) values (?) ON CONFLICT DO NOTHING":  "mail_outboxes",
		`INSERT OR REPLACE INTO "carts" ("id") VALUES (?)`:                     "carts",
		`INSERT INTO "public"."order_events" ("id") VALUES ($1)`:               "order_events",
		`UPDATE "carts" SET "updated_at" = $1`:                                 "carts",
		`UPDATE ONLY payments SET status = $1`:                                 "payments",
		`DELETE FROM "cart_lines" WHERE "id" = $1`:                             "cart_lines",
		`REPLACE INTO Webhook_Deliveries (id) VALUES (?)`:                      "webhook_deliveries",
		`WITH moved AS (UPDATE levels SET reserved = 1 RETURNING id) SELECT 1`: "",
		`INSERT INTO`: "",
	} {
		got, ok := writtenTable(q)
		if !ok || got != want {
			t.Errorf("writtenTable(%q) = %q, %v; want %q, true", q, got, ok, want)
		}
	}
}

// A subscriber that names tables hears only commits that wrote one of
// them, a write of unknown table, or a Ring; one that names none hears
// every commit.
func TestBellTables(t *testing.T) {
	var b Bell
	events, cancel := b.Subscribe("domain_events", "order_events")
	defer cancel()
	all, cancelAll := b.Subscribe()
	defer cancelAll()
	got := func(c <-chan struct{}) bool {
		select {
		case <-c:
			return true
		default:
			return false
		}
	}
	for _, tc := range []struct {
		name      string
		ring      func()
		events, a bool
	}{
		{"a cart commit", func() { b.committed([]string{"carts", "cart_lines"}) }, false, true},
		{"a commit with an event", func() { b.committed([]string{"carts", "order_events"}) }, true, true},
		{"a write of unknown table", func() { b.committed(nil) }, true, true},
		{"another instance's wake", b.Ring, true, true},
	} {
		tc.ring()
		if e, a := got(events), got(all); e != tc.events || a != tc.a {
			t.Errorf("%s: the event subscriber heard it: %v (want %v), the other: %v (want %v)", tc.name, e, tc.events, a, tc.a)
		}
	}
	var w written
	for _, q := range []string{`INSERT INTO "carts" ("id") VALUES ($1)`, `INSERT INTO "cart_lines" ("id") VALUES ($1)`, `INSERT INTO "carts" ("id") VALUES ($1)`, `SELECT 1`} {
		w.note(q)
	}
	if wrote, tables := w.ringing(); !wrote || len(tables) != 2 || tables[0] != "carts" || tables[1] != "cart_lines" {
		t.Errorf("a transaction's writes: %v %v, want true [carts cart_lines]", wrote, tables)
	}
	w.note(`WITH x AS (DELETE FROM carts RETURNING id) SELECT 1`)
	if wrote, tables := w.ringing(); !wrote || tables != nil {
		t.Errorf("after a write of unknown table: %v %v, want true and every subscriber", wrote, tables)
	}
}
