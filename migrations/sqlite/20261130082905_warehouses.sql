-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_warehouses" table
CREATE TABLE `new_warehouses` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `is_default` bool NOT NULL DEFAULT (false), `address` text NOT NULL DEFAULT (''), `country_code` text NOT NULL DEFAULT (''), `priority` integer NOT NULL DEFAULT (0), `active` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`));
-- Copy rows from old table "warehouses" to new temporary table "new_warehouses"
INSERT INTO `new_warehouses` (`id`, `created_at`, `updated_at`, `code`, `name`, `is_default`) SELECT `id`, `created_at`, `updated_at`, `code`, `name`, `is_default` FROM `warehouses`;
-- Drop "warehouses" table after copying rows
DROP TABLE `warehouses`;
-- Rename temporary table "new_warehouses" to "warehouses"
ALTER TABLE `new_warehouses` RENAME TO `warehouses`;
-- Create index "warehouses_code_key" to table: "warehouses"
CREATE UNIQUE INDEX `warehouses_code_key` ON `warehouses` (`code`);
-- Create "new_stock_reservations" table
CREATE TABLE `new_stock_reservations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `order_id` text NOT NULL, `variant_id` text NOT NULL, `level_id` text NOT NULL, `quantity` integer NOT NULL, `state` text NOT NULL DEFAULT ('RESERVED'), `restocked` integer NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
-- Copy rows from old table "stock_reservations" to new temporary table "new_stock_reservations"
INSERT INTO `new_stock_reservations` (`id`, `created_at`, `updated_at`, `order_id`, `variant_id`, `level_id`, `quantity`, `state`) SELECT `id`, `created_at`, `updated_at`, `order_id`, `variant_id`, `level_id`, `quantity`, `state` FROM `stock_reservations`;
-- Drop "stock_reservations" table after copying rows
DROP TABLE `stock_reservations`;
-- Rename temporary table "new_stock_reservations" to "stock_reservations"
ALTER TABLE `new_stock_reservations` RENAME TO `stock_reservations`;
-- Create index "stockreservation_order_id" to table: "stock_reservations"
CREATE INDEX `stockreservation_order_id` ON `stock_reservations` (`order_id`);
-- The default warehouse exists from now on (it was created on first use
-- before): stock changes that name no warehouse go to it.
-- Times as the store writes them: canonical UTC text (see 20261130100000_canonical_times).
INSERT INTO `warehouses` (`id`, `created_at`, `updated_at`, `code`, `name`, `is_default`) SELECT 'wh_01M8NS58M5KH3Z71KNQMDKPNGK', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now'), strftime('%Y-%m-%d %H:%M:%S+00:00', 'now'), 'default', 'Default warehouse', true WHERE NOT EXISTS (SELECT 1 FROM `warehouses` WHERE `code` = 'default');
UPDATE `warehouses` SET `is_default` = (`code` = 'default');
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
