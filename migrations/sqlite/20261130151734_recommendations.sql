-- Add column "consumable" to table: "products" (written by hand: the
-- generated rebuild of the table would drop its search triggers)
ALTER TABLE `products` ADD COLUMN `consumable` bool NOT NULL DEFAULT (false);
-- Create "product_pairs" table
CREATE TABLE `product_pairs` (`id` text NOT NULL, `kind` text NOT NULL, `product_a` text NOT NULL, `product_b` text NOT NULL, `score` real NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
-- Create index "productpair_kind_product_a_product_b" to table: "product_pairs"
CREATE UNIQUE INDEX `productpair_kind_product_a_product_b` ON `product_pairs` (`kind`, `product_a`, `product_b`);
-- Create index "productpair_product_a_kind_score" to table: "product_pairs"
CREATE INDEX `productpair_product_a_kind_score` ON `product_pairs` (`product_a`, `kind`, `score`);
-- Create "recommend_cursors" table
CREATE TABLE `recommend_cursors` (`id` text NOT NULL, `source` text NOT NULL, `at` datetime NOT NULL, `last_id` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- Create index "recommend_cursors_source_key" to table: "recommend_cursors"
CREATE UNIQUE INDEX `recommend_cursors_source_key` ON `recommend_cursors` (`source`);
