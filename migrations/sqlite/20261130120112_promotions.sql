-- Create "order_discount_allocations" table
CREATE TABLE `order_discount_allocations` (`id` text NOT NULL, `target` text NOT NULL, `order_line_id` text NULL, `seller_id` text NOT NULL, `source` text NOT NULL, `promotion_id` text NULL, `discount_code_id` text NULL, `title` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `position` integer NOT NULL, `created_at` datetime NOT NULL, `order_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `order_discount_allocations_orders_discount_allocations` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE NO ACTION);
-- Create index "orderdiscountallocation_order_id" to table: "order_discount_allocations"
CREATE INDEX `orderdiscountallocation_order_id` ON `order_discount_allocations` (`order_id`);
-- Create index "orderdiscountallocation_promotion_id" to table: "order_discount_allocations"
CREATE INDEX `orderdiscountallocation_promotion_id` ON `order_discount_allocations` (`promotion_id`);
-- Create "promotions" table
CREATE TABLE `promotions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `seller_id` text NULL, `active` bool NOT NULL DEFAULT (true), `priority` integer NOT NULL DEFAULT (0), `combines_with_codes` bool NOT NULL DEFAULT (true), `exclusive` bool NOT NULL DEFAULT (false), `starts_at` datetime NULL, `ends_at` datetime NULL, `kind` text NOT NULL, `value` integer NOT NULL DEFAULT (0), `currency` text NOT NULL, `minimum_subtotal` integer NOT NULL DEFAULT (0), `minimum_quantity` integer NOT NULL DEFAULT (0), `product_ids` json NOT NULL, `category_ids` json NOT NULL, `seller_ids` json NOT NULL, `customer_segment` text NOT NULL DEFAULT ('ALL'), `buy_quantity` integer NOT NULL DEFAULT (0), `get_quantity` integer NOT NULL DEFAULT (0), `get_percentage` integer NOT NULL DEFAULT (0), `tiers` json NOT NULL, PRIMARY KEY (`id`));
-- Create index "promotion_seller_id" to table: "promotions"
CREATE INDEX `promotion_seller_id` ON `promotions` (`seller_id`);
-- Create index "promotion_active" to table: "promotions"
CREATE INDEX `promotion_active` ON `promotions` (`active`);
