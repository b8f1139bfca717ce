-- Modify "order_events" table
ALTER TABLE "order_events" ADD COLUMN "ref" character varying NOT NULL DEFAULT '', ADD COLUMN "published_at" timestamptz NULL;
-- Create index "orderevent_published_at_created_at" to table: "order_events"
CREATE INDEX "orderevent_published_at_created_at" ON "order_events" ("published_at", "created_at");
-- Hand-written: events from before the outbox count as published.
UPDATE order_events SET published_at = created_at;
