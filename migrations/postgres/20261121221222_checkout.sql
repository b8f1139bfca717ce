-- Create "stock_reservations" table
CREATE TABLE "stock_reservations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "order_id" character varying NOT NULL, "variant_id" character varying NOT NULL, "level_id" character varying NOT NULL, "quantity" bigint NOT NULL, "state" character varying NOT NULL DEFAULT 'RESERVED', PRIMARY KEY ("id"));
-- Create index "stockreservation_order_id" to table: "stock_reservations"
CREATE INDEX "stockreservation_order_id" ON "stock_reservations" ("order_id");
-- Create "counters" table
CREATE TABLE "counters" ("id" character varying NOT NULL, "value" bigint NOT NULL DEFAULT 0, PRIMARY KEY ("id"));
-- Create "discount_codes" table
CREATE TABLE "discount_codes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "code" character varying NOT NULL, "code_key" character varying NOT NULL, "kind" character varying NOT NULL, "value" bigint NOT NULL, "currency" character varying NOT NULL, "minimum_subtotal" bigint NOT NULL DEFAULT 0, "starts_at" timestamptz NULL, "ends_at" timestamptz NULL, "usage_limit" bigint NULL, "per_customer_limit" bigint NULL, "used_count" bigint NOT NULL DEFAULT 0, "product_ids" jsonb NOT NULL, "category_ids" jsonb NOT NULL, "seller_ids" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, PRIMARY KEY ("id"));
-- Create index "discount_codes_code_key_key" to table: "discount_codes"
CREATE UNIQUE INDEX "discount_codes_code_key_key" ON "discount_codes" ("code_key");
-- Modify "carts" table
-- Hand-edited: existing carts get empty values, then the defaults go (ent sets them).
ALTER TABLE "carts" ADD COLUMN "discount_codes" jsonb NOT NULL DEFAULT '[]', ADD COLUMN "shipping_methods" jsonb NOT NULL DEFAULT '{}';
ALTER TABLE "carts" ALTER COLUMN "discount_codes" DROP DEFAULT, ALTER COLUMN "shipping_methods" DROP DEFAULT;
-- Create "webhook_events" table
CREATE TABLE "webhook_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "provider" character varying NOT NULL, "event_id" character varying NOT NULL, "type" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "webhookevent_provider_event_id" to table: "webhook_events"
CREATE UNIQUE INDEX "webhookevent_provider_event_id" ON "webhook_events" ("provider", "event_id");
-- Create "tax_rates" table
CREATE TABLE "tax_rates" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "country_code" character varying NOT NULL, "province_code" character varying NOT NULL DEFAULT '', "name" character varying NOT NULL DEFAULT '', "rate_ppm" bigint NOT NULL, PRIMARY KEY ("id"));
-- Create index "taxrate_country_code_province_code" to table: "tax_rates"
CREATE UNIQUE INDEX "taxrate_country_code_province_code" ON "tax_rates" ("country_code", "province_code");
-- Create "discount_customer_uses" table
CREATE TABLE "discount_customer_uses" ("id" character varying NOT NULL, "customer_key" character varying NOT NULL, "count" bigint NOT NULL DEFAULT 0, "discount_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "discount_customer_uses_discount_codes_discount" FOREIGN KEY ("discount_id") REFERENCES "discount_codes" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "discountcustomeruse_discount_id_customer_key" to table: "discount_customer_uses"
CREATE UNIQUE INDEX "discountcustomeruse_discount_id_customer_key" ON "discount_customer_uses" ("discount_id", "customer_key");
-- Create "orders" table
CREATE TABLE "orders" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "customer_id" character varying NULL, "email" character varying NOT NULL, "phone" character varying NOT NULL DEFAULT '', "cart_id" character varying NOT NULL, "idempotency_key" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING_PAYMENT', "payment_status" character varying NOT NULL DEFAULT 'PENDING', "fulfillment_status" character varying NOT NULL DEFAULT 'UNFULFILLED', "currency" character varying NOT NULL, "prices_include_tax" boolean NOT NULL DEFAULT false, "subtotal" bigint NOT NULL, "discount_total" bigint NOT NULL DEFAULT 0, "shipping_total" bigint NOT NULL DEFAULT 0, "tax_total" bigint NOT NULL DEFAULT 0, "total" bigint NOT NULL, "refunded_total" bigint NOT NULL DEFAULT 0, "shipping_address" jsonb NULL, "discount_codes" jsonb NOT NULL, "shipments" jsonb NOT NULL, "note" text NOT NULL DEFAULT '', "paid_at" timestamptz NULL, "cancelled_at" timestamptz NULL, "delivered_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "order_cart_id" to table: "orders"
CREATE INDEX "order_cart_id" ON "orders" ("cart_id");
-- Create index "order_customer_id_created_at" to table: "orders"
CREATE INDEX "order_customer_id_created_at" ON "orders" ("customer_id", "created_at");
-- Create index "order_status_created_at" to table: "orders"
CREATE INDEX "order_status_created_at" ON "orders" ("status", "created_at");
-- Create index "orders_idempotency_key_key" to table: "orders"
CREATE UNIQUE INDEX "orders_idempotency_key_key" ON "orders" ("idempotency_key");
-- Create index "orders_number_key" to table: "orders"
CREATE UNIQUE INDEX "orders_number_key" ON "orders" ("number");
-- Create "fulfillments" table
CREATE TABLE "fulfillments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "seller_id" character varying NOT NULL, "carrier" character varying NOT NULL DEFAULT '', "tracking_number" character varying NOT NULL DEFAULT '', "tracking_url" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'SHIPPED', "lines" jsonb NOT NULL, "delivered_at" timestamptz NULL, "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fulfillments_orders_fulfillments" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "fulfillment_order_id" to table: "fulfillments"
CREATE INDEX "fulfillment_order_id" ON "fulfillments" ("order_id");
-- Create "order_events" table
CREATE TABLE "order_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "type" character varying NOT NULL, "message" character varying NOT NULL DEFAULT '', "actor" character varying NOT NULL DEFAULT '', "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "order_events_orders_events" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "orderevent_order_id_created_at" to table: "order_events"
CREATE INDEX "orderevent_order_id_created_at" ON "order_events" ("order_id", "created_at");
-- Create "order_lines" table
CREATE TABLE "order_lines" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "variant_id" character varying NOT NULL, "product_id" character varying NOT NULL, "seller_id" character varying NOT NULL, "product_name" character varying NOT NULL, "variant_title" character varying NOT NULL DEFAULT '', "sku" character varying NOT NULL, "quantity" bigint NOT NULL, "unit_price" bigint NOT NULL, "subtotal" bigint NOT NULL, "discount" bigint NOT NULL DEFAULT 0, "tax" bigint NOT NULL DEFAULT 0, "total" bigint NOT NULL, "tax_rate_ppm" bigint NOT NULL DEFAULT 0, "weight_grams" bigint NOT NULL DEFAULT 0, "fulfilled_quantity" bigint NOT NULL DEFAULT 0, "refunded_quantity" bigint NOT NULL DEFAULT 0, "returned_quantity" bigint NOT NULL DEFAULT 0, "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "order_lines_orders_lines" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "orderline_order_id" to table: "order_lines"
CREATE INDEX "orderline_order_id" ON "order_lines" ("order_id");
-- Create index "orderline_seller_id" to table: "order_lines"
CREATE INDEX "orderline_seller_id" ON "order_lines" ("seller_id");
-- Create "order_returns" table
CREATE TABLE "order_returns" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "status" character varying NOT NULL DEFAULT 'REQUESTED', "lines" jsonb NOT NULL, "reason" character varying NOT NULL DEFAULT '', "decision_note" character varying NOT NULL DEFAULT '', "refund_id" character varying NULL, "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "order_returns_orders_returns" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "orderreturn_order_id" to table: "order_returns"
CREATE INDEX "orderreturn_order_id" ON "order_returns" ("order_id");
-- Create "payments" table
CREATE TABLE "payments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "provider" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "amount" bigint NOT NULL, "captured_amount" bigint NOT NULL DEFAULT 0, "refunded_amount" bigint NOT NULL DEFAULT 0, "currency" character varying NOT NULL, "provider_ref" character varying NOT NULL DEFAULT '', "next_action" character varying NOT NULL DEFAULT '', "client_secret" character varying NOT NULL DEFAULT '', "failure_reason" character varying NOT NULL DEFAULT '', "expires_at" timestamptz NOT NULL, "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "payments_orders_payments" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "payment_order_id" to table: "payments"
CREATE INDEX "payment_order_id" ON "payments" ("order_id");
-- Create index "payment_provider_provider_ref" to table: "payments"
CREATE INDEX "payment_provider_provider_ref" ON "payments" ("provider", "provider_ref");
-- Create index "payment_status_expires_at" to table: "payments"
CREATE INDEX "payment_status_expires_at" ON "payments" ("status", "expires_at");
-- Create "refunds" table
CREATE TABLE "refunds" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "payment_id" character varying NOT NULL, "amount" bigint NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "idempotency_key" character varying NOT NULL, "request_hash" character varying NOT NULL, "lines" jsonb NOT NULL, "restock" boolean NOT NULL DEFAULT false, "reason" character varying NOT NULL DEFAULT '', "provider_ref" character varying NOT NULL DEFAULT '', "failure_reason" character varying NOT NULL DEFAULT '', "order_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "refunds_orders_refunds" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "refund_order_id_idempotency_key" to table: "refunds"
CREATE UNIQUE INDEX "refund_order_id_idempotency_key" ON "refunds" ("order_id", "idempotency_key");
-- Create "shipping_zones" table
CREATE TABLE "shipping_zones" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "countries" jsonb NOT NULL, PRIMARY KEY ("id"));
-- Create "shipping_methods" table
CREATE TABLE "shipping_methods" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "countries" jsonb NOT NULL, "name" character varying NOT NULL, "kind" character varying NOT NULL, "price" bigint NOT NULL DEFAULT 0, "price_per_kg" bigint NOT NULL DEFAULT 0, "free_above" bigint NULL, "currency" character varying NOT NULL, "min_weight_grams" bigint NOT NULL DEFAULT 0, "max_weight_grams" bigint NULL, "min_days" bigint NOT NULL DEFAULT 0, "max_days" bigint NOT NULL DEFAULT 0, "active" boolean NOT NULL DEFAULT true, "zone_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "shipping_methods_shipping_zones_methods" FOREIGN KEY ("zone_id") REFERENCES "shipping_zones" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "tracking_events" table
CREATE TABLE "tracking_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "status" character varying NOT NULL, "message" character varying NOT NULL DEFAULT '', "location" character varying NOT NULL DEFAULT '', "occurred_at" timestamptz NOT NULL, "fulfillment_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "tracking_events_fulfillments_tracking_events" FOREIGN KEY ("fulfillment_id") REFERENCES "fulfillments" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Hand-written: order numbers start at 10001 (a sequence takes no row lock).
CREATE SEQUENCE "order_number_seq" START 10001;
