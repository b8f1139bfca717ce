-- Create "seller_members" table
CREATE TABLE `seller_members` (`id` text NOT NULL, `role` text NOT NULL, `created_at` datetime NOT NULL, `customer_id` text NOT NULL, `seller_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `seller_members_customers_memberships` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION, CONSTRAINT `seller_members_sellers_members` FOREIGN KEY (`seller_id`) REFERENCES `sellers` (`id`) ON DELETE NO ACTION);
-- Create index "sellermember_seller_id_customer_id" to table: "seller_members"
CREATE UNIQUE INDEX `sellermember_seller_id_customer_id` ON `seller_members` (`seller_id`, `customer_id`);
-- Create index "sellermember_customer_id" to table: "seller_members"
CREATE INDEX `sellermember_customer_id` ON `seller_members` (`customer_id`);
