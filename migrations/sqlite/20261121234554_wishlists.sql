-- Create "wishlists" table
CREATE TABLE `wishlists` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `customer_id` text NOT NULL, `name` text NOT NULL, `is_default` bool NOT NULL DEFAULT (false), `share_token` text NOT NULL, PRIMARY KEY (`id`));
-- Create index "wishlists_share_token_key" to table: "wishlists"
CREATE UNIQUE INDEX `wishlists_share_token_key` ON `wishlists` (`share_token`);
-- Create index "wishlist_customer_id_created_at" to table: "wishlists"
CREATE INDEX `wishlist_customer_id_created_at` ON `wishlists` (`customer_id`, `created_at`);
-- Create "wishlist_items" table
CREATE TABLE `wishlist_items` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `variant_id` text NOT NULL, `customer_id` text NOT NULL, `product_id` text NOT NULL, `wishlist_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `wishlist_items_wishlists_items` FOREIGN KEY (`wishlist_id`) REFERENCES `wishlists` (`id`) ON DELETE NO ACTION);
-- Create index "wishlistitem_wishlist_id_variant_id" to table: "wishlist_items"
CREATE UNIQUE INDEX `wishlistitem_wishlist_id_variant_id` ON `wishlist_items` (`wishlist_id`, `variant_id`);
-- Create index "wishlistitem_customer_id_product_id" to table: "wishlist_items"
CREATE INDEX `wishlistitem_customer_id_product_id` ON `wishlist_items` (`customer_id`, `product_id`);
-- Create index "wishlistitem_variant_id" to table: "wishlist_items"
CREATE INDEX `wishlistitem_variant_id` ON `wishlist_items` (`variant_id`);
