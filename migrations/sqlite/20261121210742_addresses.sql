-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_customers" table
CREATE TABLE `new_customers` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `email_key` text NOT NULL, `password_hash` text NOT NULL, `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `accepts_marketing` bool NOT NULL DEFAULT (false), `role` text NOT NULL DEFAULT ('CUSTOMER'), `email_verified_at` datetime NULL, `deleted_at` datetime NULL, `default_shipping_address_id` text NULL, `default_billing_address_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `customers_addresses_default_shipping_address` FOREIGN KEY (`default_shipping_address_id`) REFERENCES `addresses` (`id`) ON DELETE SET NULL, CONSTRAINT `customers_addresses_default_billing_address` FOREIGN KEY (`default_billing_address_id`) REFERENCES `addresses` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "customers" to new temporary table "new_customers"
INSERT INTO `new_customers` (`id`, `created_at`, `updated_at`, `email`, `email_key`, `password_hash`, `first_name`, `last_name`, `accepts_marketing`, `role`, `email_verified_at`, `deleted_at`) SELECT `id`, `created_at`, `updated_at`, `email`, `email_key`, `password_hash`, `first_name`, `last_name`, `accepts_marketing`, `role`, `email_verified_at`, `deleted_at` FROM `customers`;
-- Drop "customers" table after copying rows
DROP TABLE `customers`;
-- Rename temporary table "new_customers" to "customers"
ALTER TABLE `new_customers` RENAME TO `customers`;
-- Create index "customers_email_key_key" to table: "customers"
CREATE UNIQUE INDEX `customers_email_key_key` ON `customers` (`email_key`);
-- Create "addresses" table
CREATE TABLE `addresses` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `company` text NOT NULL DEFAULT (''), `address1` text NOT NULL, `address2` text NOT NULL DEFAULT (''), `city` text NOT NULL, `province_code` text NOT NULL DEFAULT (''), `zip` text NOT NULL DEFAULT (''), `country_code` text NOT NULL, `phone` text NOT NULL DEFAULT (''), `customer_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `addresses_customers_addresses` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION);
-- Create index "address_customer_id" to table: "addresses"
CREATE INDEX `address_customer_id` ON `addresses` (`customer_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
