-- Create "promotions" table
CREATE TABLE "promotions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "seller_id" character varying NULL, "active" boolean NOT NULL DEFAULT true, "priority" bigint NOT NULL DEFAULT 0, "combines_with_codes" boolean NOT NULL DEFAULT true, "exclusive" boolean NOT NULL DEFAULT false, "starts_at" timestamptz NULL, "ends_at" timestamptz NULL, "kind" character varying NOT NULL, "value" bigint NOT NULL DEFAULT 0, "currency" character varying NOT NULL, "minimum_subtotal" bigint NOT NULL DEFAULT 0, "minimum_quantity" bigint NOT NULL DEFAULT 0, "product_ids" jsonb NOT NULL, "category_ids" jsonb NOT NULL, "seller_ids" jsonb NOT NULL, "customer_segment" character varying NOT NULL DEFAULT 'ALL', "buy_quantity" bigint NOT NULL DEFAULT 0, "get_quantity" bigint NOT NULL DEFAULT 0, "get_percentage" bigint NOT NULL DEFAULT 0, "tiers" jsonb NOT NULL, PRIMARY KEY ("id"));
-- Create index "promotion_active" to table: "promotions"
CREATE INDEX "promotion_active" ON "promotions" ("active");
-- Create index "promotion_seller_id" to table: "promotions"
CREATE INDEX "promotion_seller_id" ON "promotions" ("seller_id");
-- Create "order_discount_allocations" table
CREATE TABLE "order_discount_allocations" ("id" character varying NOT NULL, "target" character varying NOT NULL, "order_line_id" character varying NULL, "seller_id" character varying NOT NULL, "source" character varying NOT NULL, "promotion_id" character varying NULL, "discount_code_id" character varying NULL, "title" character varying NOT NULL, "amount" bigint NOT NULL, "currency" character varying NOT NULL, "position" bigint NOT NULL, "created_at" timestamptz NOT NULL, "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "order_discount_allocations_orders_discount_allocations" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "orderdiscountallocation_order_id" to table: "order_discount_allocations"
CREATE INDEX "orderdiscountallocation_order_id" ON "order_discount_allocations" ("order_id");
-- Create index "orderdiscountallocation_promotion_id" to table: "order_discount_allocations"
CREATE INDEX "orderdiscountallocation_promotion_id" ON "order_discount_allocations" ("promotion_id");
