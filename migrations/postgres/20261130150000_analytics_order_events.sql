-- Modify "analytics_events" table
ALTER TABLE "analytics_events" ADD COLUMN "order_id" character varying NULL;
-- Create index "analyticsevent_order_id" to table: "analytics_events"
CREATE INDEX "analyticsevent_order_id" ON "analytics_events" ("order_id");
