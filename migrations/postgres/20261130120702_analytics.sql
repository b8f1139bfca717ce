-- Modify "customers" table
ALTER TABLE "customers" ADD COLUMN "analytics_opt_out" boolean NOT NULL DEFAULT false;
-- Create "analytics_dailies" table
CREATE TABLE "analytics_dailies" ("id" character varying NOT NULL, "day" character varying NOT NULL, "metric" character varying NOT NULL, "seller_id" character varying NOT NULL DEFAULT '', "product_id" character varying NOT NULL DEFAULT '', "search_terms" character varying NOT NULL DEFAULT '', "count" bigint NOT NULL DEFAULT 0, "zero_results" bigint NOT NULL DEFAULT 0, PRIMARY KEY ("id"));
-- Create index "analyticsdaily_day_metric_seller_id_product_id_search_terms" to table: "analytics_dailies"
CREATE UNIQUE INDEX "analyticsdaily_day_metric_seller_id_product_id_search_terms" ON "analytics_dailies" ("day", "metric", "seller_id", "product_id", "search_terms");
-- Create "analytics_events" table
CREATE TABLE "analytics_events" ("id" character varying NOT NULL, "event_id" character varying NOT NULL, "type" character varying NOT NULL, "visitor" character varying NOT NULL, "customer_id" character varying NULL, "product_id" character varying NULL, "variant_id" character varying NULL, "seller_id" character varying NULL, "search_terms" character varying NOT NULL DEFAULT '', "result_count" bigint NULL, "occurred_at" timestamptz NOT NULL, "received_at" timestamptz NOT NULL, "rolled_up" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- Create index "analytics_events_event_id_key" to table: "analytics_events"
CREATE UNIQUE INDEX "analytics_events_event_id_key" ON "analytics_events" ("event_id");
-- Create index "analyticsevent_customer_id" to table: "analytics_events"
CREATE INDEX "analyticsevent_customer_id" ON "analytics_events" ("customer_id");
-- Create index "analyticsevent_occurred_at" to table: "analytics_events"
CREATE INDEX "analyticsevent_occurred_at" ON "analytics_events" ("occurred_at");
-- Create index "analyticsevent_rolled_up_id" to table: "analytics_events"
CREATE INDEX "analyticsevent_rolled_up_id" ON "analytics_events" ("rolled_up", "id");
-- Create index "analyticsevent_visitor" to table: "analytics_events"
CREATE INDEX "analyticsevent_visitor" ON "analytics_events" ("visitor");
-- Create "analytics_opt_outs" table
CREATE TABLE "analytics_opt_outs" ("id" character varying NOT NULL, "visitor" character varying NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "analytics_opt_outs_visitor_key" to table: "analytics_opt_outs"
CREATE UNIQUE INDEX "analytics_opt_outs_visitor_key" ON "analytics_opt_outs" ("visitor");
-- Create "analytics_visitor_days" table
CREATE TABLE "analytics_visitor_days" ("id" character varying NOT NULL, "day" character varying NOT NULL, "visitor" character varying NOT NULL, "seller_id" character varying NOT NULL DEFAULT '', "carted" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- Create index "analyticsvisitorday_day_visitor_seller_id" to table: "analytics_visitor_days"
CREATE UNIQUE INDEX "analyticsvisitorday_day_visitor_seller_id" ON "analytics_visitor_days" ("day", "visitor", "seller_id");
-- Create index "analyticsvisitorday_visitor" to table: "analytics_visitor_days"
CREATE INDEX "analyticsvisitorday_visitor" ON "analytics_visitor_days" ("visitor");
