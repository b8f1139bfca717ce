-- Add column "option_labels" to table: "products"
ALTER TABLE `products` ADD COLUMN `option_labels` json NOT NULL DEFAULT '[]';
