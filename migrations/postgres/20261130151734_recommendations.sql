-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "consumable" boolean NOT NULL DEFAULT false;
-- Create "product_pairs" table
CREATE TABLE "product_pairs" ("id" character varying NOT NULL, "kind" character varying NOT NULL, "product_a" character varying NOT NULL, "product_b" character varying NOT NULL, "score" double precision NOT NULL DEFAULT 0, PRIMARY KEY ("id"));
-- Create index "productpair_kind_product_a_product_b" to table: "product_pairs"
CREATE UNIQUE INDEX "productpair_kind_product_a_product_b" ON "product_pairs" ("kind", "product_a", "product_b");
-- Create index "productpair_product_a_kind_score" to table: "product_pairs"
CREATE INDEX "productpair_product_a_kind_score" ON "product_pairs" ("product_a", "kind", "score");
-- Create "recommend_cursors" table
CREATE TABLE "recommend_cursors" ("id" character varying NOT NULL, "source" character varying NOT NULL, "at" timestamptz NOT NULL, "last_id" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- Create index "recommend_cursors_source_key" to table: "recommend_cursors"
CREATE UNIQUE INDEX "recommend_cursors_source_key" ON "recommend_cursors" ("source");
