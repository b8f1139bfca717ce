-- Create "stock_alerts" table
CREATE TABLE "stock_alerts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "variant_id" character varying NOT NULL, "email" character varying NOT NULL, "notified_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "stockalert_variant_id_email" to table: "stock_alerts"
CREATE UNIQUE INDEX "stockalert_variant_id_email" ON "stock_alerts" ("variant_id", "email");
