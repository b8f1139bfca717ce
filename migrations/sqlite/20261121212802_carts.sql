-- Create "carts" table
CREATE TABLE `carts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `customer_id` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `currency` text NOT NULL, `note` text NOT NULL DEFAULT (''), `buyer_email` text NOT NULL DEFAULT (''), `buyer_phone` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- Create index "cart_customer_id_status" to table: "carts"
CREATE INDEX `cart_customer_id_status` ON `carts` (`customer_id`, `status`);
-- Create "cart_lines" table
CREATE TABLE `cart_lines` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `quantity` integer NOT NULL, `cart_id` text NOT NULL, `variant_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `cart_lines_carts_lines` FOREIGN KEY (`cart_id`) REFERENCES `carts` (`id`) ON DELETE NO ACTION, CONSTRAINT `cart_lines_product_variants_variant` FOREIGN KEY (`variant_id`) REFERENCES `product_variants` (`id`) ON DELETE NO ACTION);
-- Create index "cartline_cart_id_variant_id" to table: "cart_lines"
CREATE UNIQUE INDEX `cartline_cart_id_variant_id` ON `cart_lines` (`cart_id`, `variant_id`);
