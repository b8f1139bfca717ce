-- Create index "product_status_name_id" to table: "products"
CREATE INDEX "product_status_name_id" ON "products" ("status", "name", "id");
-- Create index "product_status_price_min_id" to table: "products"
CREATE INDEX "product_status_price_min_id" ON "products" ("status", "price_min", "id");
