-- Hand-edited: rebuild "carts" with the two JSON columns, existing carts getting empty values.
CREATE TABLE `new_carts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `customer_id` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `currency` text NOT NULL, `note` text NOT NULL DEFAULT (''), `buyer_email` text NOT NULL DEFAULT (''), `buyer_phone` text NOT NULL DEFAULT (''), `shipping_address` json NULL, `discount_codes` json NOT NULL, `shipping_methods` json NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `new_carts` (`id`, `created_at`, `updated_at`, `customer_id`, `status`, `currency`, `note`, `buyer_email`, `buyer_phone`, `shipping_address`, `discount_codes`, `shipping_methods`) SELECT `id`, `created_at`, `updated_at`, `customer_id`, `status`, `currency`, `note`, `buyer_email`, `buyer_phone`, `shipping_address`, '[]', '{}' FROM `carts`;
DROP TABLE `carts`;
ALTER TABLE `new_carts` RENAME TO `carts`;
CREATE INDEX `cart_customer_id_status` ON `carts` (`customer_id`, `status`);
-- Create "counters" table
CREATE TABLE `counters` (`id` text NOT NULL, `value` integer NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
-- Create "discount_codes" table
CREATE TABLE `discount_codes` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `code_key` text NOT NULL, `kind` text NOT NULL, `value` integer NOT NULL, `currency` text NOT NULL, `minimum_subtotal` integer NOT NULL DEFAULT (0), `starts_at` datetime NULL, `ends_at` datetime NULL, `usage_limit` integer NULL, `per_customer_limit` integer NULL, `used_count` integer NOT NULL DEFAULT (0), `product_ids` json NOT NULL, `category_ids` json NOT NULL, `seller_ids` json NOT NULL, `active` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`));
-- Create index "discount_codes_code_key_key" to table: "discount_codes"
CREATE UNIQUE INDEX `discount_codes_code_key_key` ON `discount_codes` (`code_key`);
-- Create "discount_customer_uses" table
CREATE TABLE `discount_customer_uses` (`id` text NOT NULL, `customer_key` text NOT NULL, `count` integer NOT NULL DEFAULT (0), `discount_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `discount_customer_uses_discount_codes_discount` FOREIGN KEY (`discount_id`) REFERENCES `discount_codes` (`id`) ON DELETE NO ACTION);
-- Create index "discountcustomeruse_discount_id_customer_key" to table: "discount_customer_uses"
CREATE UNIQUE INDEX `discountcustomeruse_discount_id_customer_key` ON `discount_customer_uses` (`discount_id`, `customer_key`);
-- Create "fulfillments" table
CREATE TABLE `fulfillments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `seller_id` text NOT NULL, `carrier` text NOT NULL DEFAULT (''), `tracking_number` text NOT NULL DEFAULT (''), `tracking_url` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('SHIPPED'), `lines` json NOT NULL, `delivered_at` datetime NULL, `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `fulfillments_orders_fulfillments` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "fulfillment_order_id" to table: "fulfillments"
CREATE INDEX `fulfillment_order_id` ON `fulfillments` (`order_id`);
-- Create "orders" table
CREATE TABLE `orders` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` integer NOT NULL, `customer_id` text NULL, `email` text NOT NULL, `phone` text NOT NULL DEFAULT (''), `cart_id` text NOT NULL, `idempotency_key` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING_PAYMENT'), `payment_status` text NOT NULL DEFAULT ('PENDING'), `fulfillment_status` text NOT NULL DEFAULT ('UNFULFILLED'), `currency` text NOT NULL, `prices_include_tax` bool NOT NULL DEFAULT (false), `subtotal` integer NOT NULL, `discount_total` integer NOT NULL DEFAULT (0), `shipping_total` integer NOT NULL DEFAULT (0), `tax_total` integer NOT NULL DEFAULT (0), `total` integer NOT NULL, `refunded_total` integer NOT NULL DEFAULT (0), `shipping_address` json NULL, `discount_codes` json NOT NULL, `shipments` json NOT NULL, `note` text NOT NULL DEFAULT (''), `paid_at` datetime NULL, `cancelled_at` datetime NULL, `delivered_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "orders_number_key" to table: "orders"
CREATE UNIQUE INDEX `orders_number_key` ON `orders` (`number`);
-- Create index "orders_idempotency_key_key" to table: "orders"
CREATE UNIQUE INDEX `orders_idempotency_key_key` ON `orders` (`idempotency_key`);
-- Create index "order_customer_id_created_at" to table: "orders"
CREATE INDEX `order_customer_id_created_at` ON `orders` (`customer_id`, `created_at`);
-- Create index "order_cart_id" to table: "orders"
CREATE INDEX `order_cart_id` ON `orders` (`cart_id`);
-- Create index "order_status_created_at" to table: "orders"
CREATE INDEX `order_status_created_at` ON `orders` (`status`, `created_at`);
-- Create "order_events" table
CREATE TABLE `order_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `type` text NOT NULL, `message` text NOT NULL DEFAULT (''), `actor` text NOT NULL DEFAULT (''), `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `order_events_orders_events` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "orderevent_order_id_created_at" to table: "order_events"
CREATE INDEX `orderevent_order_id_created_at` ON `order_events` (`order_id`, `created_at`);
-- Create "order_lines" table
CREATE TABLE `order_lines` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `variant_id` text NOT NULL, `product_id` text NOT NULL, `seller_id` text NOT NULL, `product_name` text NOT NULL, `variant_title` text NOT NULL DEFAULT (''), `sku` text NOT NULL, `quantity` integer NOT NULL, `unit_price` integer NOT NULL, `subtotal` integer NOT NULL, `discount` integer NOT NULL DEFAULT (0), `tax` integer NOT NULL DEFAULT (0), `total` integer NOT NULL, `tax_rate_ppm` integer NOT NULL DEFAULT (0), `weight_grams` integer NOT NULL DEFAULT (0), `fulfilled_quantity` integer NOT NULL DEFAULT (0), `refunded_quantity` integer NOT NULL DEFAULT (0), `returned_quantity` integer NOT NULL DEFAULT (0), `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `order_lines_orders_lines` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "orderline_order_id" to table: "order_lines"
CREATE INDEX `orderline_order_id` ON `order_lines` (`order_id`);
-- Create index "orderline_seller_id" to table: "order_lines"
CREATE INDEX `orderline_seller_id` ON `order_lines` (`seller_id`);
-- Create "order_returns" table
CREATE TABLE `order_returns` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('REQUESTED'), `lines` json NOT NULL, `reason` text NOT NULL DEFAULT (''), `decision_note` text NOT NULL DEFAULT (''), `refund_id` text NULL, `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `order_returns_orders_returns` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "orderreturn_order_id" to table: "order_returns"
CREATE INDEX `orderreturn_order_id` ON `order_returns` (`order_id`);
-- Create "payments" table
CREATE TABLE `payments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `provider` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `amount` integer NOT NULL, `captured_amount` integer NOT NULL DEFAULT (0), `refunded_amount` integer NOT NULL DEFAULT (0), `currency` text NOT NULL, `provider_ref` text NOT NULL DEFAULT (''), `next_action` text NOT NULL DEFAULT (''), `client_secret` text NOT NULL DEFAULT (''), `failure_reason` text NOT NULL DEFAULT (''), `expires_at` datetime NOT NULL, `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `payments_orders_payments` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "payment_order_id" to table: "payments"
CREATE INDEX `payment_order_id` ON `payments` (`order_id`);
-- Create index "payment_status_expires_at" to table: "payments"
CREATE INDEX `payment_status_expires_at` ON `payments` (`status`, `expires_at`);
-- Create index "payment_provider_provider_ref" to table: "payments"
CREATE INDEX `payment_provider_provider_ref` ON `payments` (`provider`, `provider_ref`);
-- Create "refunds" table
CREATE TABLE `refunds` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `payment_id` text NOT NULL, `amount` integer NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `idempotency_key` text NOT NULL, `request_hash` text NOT NULL, `lines` json NOT NULL, `restock` bool NOT NULL DEFAULT (false), `reason` text NOT NULL DEFAULT (''), `provider_ref` text NOT NULL DEFAULT (''), `failure_reason` text NOT NULL DEFAULT (''), `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `refunds_orders_refunds` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "refund_order_id_idempotency_key" to table: "refunds"
CREATE UNIQUE INDEX `refund_order_id_idempotency_key` ON `refunds` (`order_id`, `idempotency_key`);
-- Create "shipping_methods" table
CREATE TABLE `shipping_methods` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `countries` json NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `price` integer NOT NULL DEFAULT (0), `price_per_kg` integer NOT NULL DEFAULT (0), `free_above` integer NULL, `currency` text NOT NULL, `min_weight_grams` integer NOT NULL DEFAULT (0), `max_weight_grams` integer NULL, `min_days` integer NOT NULL DEFAULT (0), `max_days` integer NOT NULL DEFAULT (0), `active` bool NOT NULL DEFAULT (true), `zone_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `shipping_methods_shipping_zones_methods` FOREIGN KEY (`zone_id`) REFERENCES `shipping_zones` (`id`) ON DELETE NO ACTION);
-- Create "shipping_zones" table
CREATE TABLE `shipping_zones` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `countries` json NOT NULL, PRIMARY KEY (`id`));
-- Create "stock_reservations" table
CREATE TABLE `stock_reservations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `order_id` text NOT NULL, `variant_id` text NOT NULL, `level_id` text NOT NULL, `quantity` integer NOT NULL, `state` text NOT NULL DEFAULT ('RESERVED'), PRIMARY KEY (`id`));
-- Create index "stockreservation_order_id" to table: "stock_reservations"
CREATE INDEX `stockreservation_order_id` ON `stock_reservations` (`order_id`);
-- Create "tax_rates" table
CREATE TABLE `tax_rates` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `country_code` text NOT NULL, `province_code` text NOT NULL DEFAULT (''), `name` text NOT NULL DEFAULT (''), `rate_ppm` integer NOT NULL, PRIMARY KEY (`id`));
-- Create index "taxrate_country_code_province_code" to table: "tax_rates"
CREATE UNIQUE INDEX `taxrate_country_code_province_code` ON `tax_rates` (`country_code`, `province_code`);
-- Create "tracking_events" table
CREATE TABLE `tracking_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL, `message` text NOT NULL DEFAULT (''), `location` text NOT NULL DEFAULT (''), `occurred_at` datetime NOT NULL, `fulfillment_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `tracking_events_fulfillments_tracking_events` FOREIGN KEY (`fulfillment_id`) REFERENCES `fulfillments` (`id`) ON DELETE NO ACTION);
-- Create "webhook_events" table
CREATE TABLE `webhook_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `provider` text NOT NULL, `event_id` text NOT NULL, `type` text NOT NULL, PRIMARY KEY (`id`));
-- Create index "webhookevent_provider_event_id" to table: "webhook_events"
CREATE UNIQUE INDEX `webhookevent_provider_event_id` ON `webhook_events` (`provider`, `event_id`);
-- Hand-written: order numbers start at 10001.
INSERT INTO `counters` (`id`, `value`) VALUES ('order_number', 10000);
