-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "rating_average" double precision NOT NULL DEFAULT 0, ADD COLUMN "units_sold" bigint NOT NULL DEFAULT 0;
-- Create index "product_status_rating_average_id" to table: "products"
CREATE INDEX "product_status_rating_average_id" ON "products" ("status", "rating_average", "id");
-- Create index "product_status_units_sold_id" to table: "products"
CREATE INDEX "product_status_units_sold_id" ON "products" ("status", "units_sold", "id");
-- The mean of the ratings already counted; units_sold fills at the best sellers' first refresh.
UPDATE "products" SET "rating_average" = "rating_sum" * 1.0 / "rating_count" WHERE "rating_count" > 0;
