-- Add column "shipping_address" to table: "carts"
ALTER TABLE `carts` ADD COLUMN `shipping_address` json NULL;
