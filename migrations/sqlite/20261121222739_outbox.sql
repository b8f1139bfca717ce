-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_order_events" table
CREATE TABLE `new_order_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `type` text NOT NULL, `message` text NOT NULL DEFAULT (''), `actor` text NOT NULL DEFAULT (''), `ref` text NOT NULL DEFAULT (''), `published_at` datetime NULL, `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `order_events_orders_events` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Copy rows from old table "order_events" to new temporary table "new_order_events"
INSERT INTO `new_order_events` (`id`, `created_at`, `updated_at`, `type`, `message`, `actor`, `order_id`) SELECT `id`, `created_at`, `updated_at`, `type`, `message`, `actor`, `order_id` FROM `order_events`;
-- Drop "order_events" table after copying rows
DROP TABLE `order_events`;
-- Rename temporary table "new_order_events" to "order_events"
ALTER TABLE `new_order_events` RENAME TO `order_events`;
-- Create index "orderevent_order_id_created_at" to table: "order_events"
CREATE INDEX `orderevent_order_id_created_at` ON `order_events` (`order_id`, `created_at`);
-- Create index "orderevent_published_at_created_at" to table: "order_events"
CREATE INDEX `orderevent_published_at_created_at` ON `order_events` (`published_at`, `created_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Hand-written: events from before the outbox count as published.
UPDATE order_events SET published_at = created_at;
