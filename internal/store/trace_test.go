package store

import (
	"testing"
)

func TestStatementName(t *testing.T) {
	for q, want := range map[string]string{
		`SELECT "products"."id", "products"."name" FROM "products" WHERE "products"."id" IN ($1, $2)`: "SELECT products",
		"SELECT `categories`.`id` FROM `categories` WHERE `categories`.`id` = ?":                      "SELECT categories",
		`INSERT INTO "outbox_events" ("id", "topic") VALUES ($1, $2)`:                                 "INSERT outbox_events",
		`UPDATE "carts" SET "updated_at" = $1 WHERE "id" = $2`:                                        "UPDATE carts",
		`DELETE FROM "cart_lines" WHERE "id" = $1`:                                                    "DELETE cart_lines",
		`SELECT COUNT(*) FROM (SELECT 1 FROM x) AS t`:                                                 "SELECT",
		`select 1`:       "SELECT",
		`BEGIN`:          "BEGIN",
		"  \n ":          "SQL",
		`WITH a AS (..)`: "WITH",
	} {
		if got := statementName(q); got != want {
			t.Errorf("statementName(%q) = %q, want %q", q, got, want)
		}
	}
}
