-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_customers" table
CREATE TABLE `new_customers` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `email_key` text NOT NULL, `password_hash` text NOT NULL, `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `accepts_marketing` bool NOT NULL DEFAULT (false), `analytics_opt_out` bool NOT NULL DEFAULT (false), `role` text NOT NULL DEFAULT ('CUSTOMER'), `email_verified_at` datetime NULL, `deleted_at` datetime NULL, `default_shipping_address_id` text NULL, `default_billing_address_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `customers_addresses_default_shipping_address` FOREIGN KEY (`default_shipping_address_id`) REFERENCES `addresses` (`id`) ON DELETE SET NULL, CONSTRAINT `customers_addresses_default_billing_address` FOREIGN KEY (`default_billing_address_id`) REFERENCES `addresses` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "customers" to new temporary table "new_customers"
INSERT INTO `new_customers` (`id`, `created_at`, `updated_at`, `email`, `email_key`, `password_hash`, `first_name`, `last_name`, `accepts_marketing`, `role`, `email_verified_at`, `deleted_at`, `default_shipping_address_id`, `default_billing_address_id`) SELECT `id`, `created_at`, `updated_at`, `email`, `email_key`, `password_hash`, `first_name`, `last_name`, `accepts_marketing`, `role`, `email_verified_at`, `deleted_at`, `default_shipping_address_id`, `default_billing_address_id` FROM `customers`;
-- Drop "customers" table after copying rows
DROP TABLE `customers`;
-- Rename temporary table "new_customers" to "customers"
ALTER TABLE `new_customers` RENAME TO `customers`;
-- Create index "customers_email_key_key" to table: "customers"
CREATE UNIQUE INDEX `customers_email_key_key` ON `customers` (`email_key`);
-- Create "analytics_dailies" table
CREATE TABLE `analytics_dailies` (`id` text NOT NULL, `day` text NOT NULL, `metric` text NOT NULL, `seller_id` text NOT NULL DEFAULT (''), `product_id` text NOT NULL DEFAULT (''), `search_terms` text NOT NULL DEFAULT (''), `count` integer NOT NULL DEFAULT (0), `zero_results` integer NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
-- Create index "analyticsdaily_day_metric_seller_id_product_id_search_terms" to table: "analytics_dailies"
CREATE UNIQUE INDEX `analyticsdaily_day_metric_seller_id_product_id_search_terms` ON `analytics_dailies` (`day`, `metric`, `seller_id`, `product_id`, `search_terms`);
-- Create "analytics_events" table
CREATE TABLE `analytics_events` (`id` text NOT NULL, `event_id` text NOT NULL, `type` text NOT NULL, `visitor` text NOT NULL, `customer_id` text NULL, `product_id` text NULL, `variant_id` text NULL, `seller_id` text NULL, `search_terms` text NOT NULL DEFAULT (''), `result_count` integer NULL, `occurred_at` datetime NOT NULL, `received_at` datetime NOT NULL, `rolled_up` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- Create index "analytics_events_event_id_key" to table: "analytics_events"
CREATE UNIQUE INDEX `analytics_events_event_id_key` ON `analytics_events` (`event_id`);
-- Create index "analyticsevent_rolled_up_id" to table: "analytics_events"
CREATE INDEX `analyticsevent_rolled_up_id` ON `analytics_events` (`rolled_up`, `id`);
-- Create index "analyticsevent_occurred_at" to table: "analytics_events"
CREATE INDEX `analyticsevent_occurred_at` ON `analytics_events` (`occurred_at`);
-- Create index "analyticsevent_customer_id" to table: "analytics_events"
CREATE INDEX `analyticsevent_customer_id` ON `analytics_events` (`customer_id`);
-- Create index "analyticsevent_visitor" to table: "analytics_events"
CREATE INDEX `analyticsevent_visitor` ON `analytics_events` (`visitor`);
-- Create "analytics_opt_outs" table
CREATE TABLE `analytics_opt_outs` (`id` text NOT NULL, `visitor` text NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "analytics_opt_outs_visitor_key" to table: "analytics_opt_outs"
CREATE UNIQUE INDEX `analytics_opt_outs_visitor_key` ON `analytics_opt_outs` (`visitor`);
-- Create "analytics_visitor_days" table
CREATE TABLE `analytics_visitor_days` (`id` text NOT NULL, `day` text NOT NULL, `visitor` text NOT NULL, `seller_id` text NOT NULL DEFAULT (''), `carted` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- Create index "analyticsvisitorday_day_visitor_seller_id" to table: "analytics_visitor_days"
CREATE UNIQUE INDEX `analyticsvisitorday_day_visitor_seller_id` ON `analytics_visitor_days` (`day`, `visitor`, `seller_id`);
-- Create index "analyticsvisitorday_visitor" to table: "analytics_visitor_days"
CREATE INDEX `analyticsvisitorday_visitor` ON `analytics_visitor_days` (`visitor`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
