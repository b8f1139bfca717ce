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
