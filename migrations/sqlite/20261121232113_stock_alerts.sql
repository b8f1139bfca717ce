-- Create "stock_alerts" table
CREATE TABLE `stock_alerts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `variant_id` text NOT NULL, `email` text NOT NULL, `notified_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "stockalert_variant_id_email" to table: "stock_alerts"
CREATE UNIQUE INDEX `stockalert_variant_id_email` ON `stock_alerts` (`variant_id`, `email`);
