-- Create index "affiliate_created_at_id" to table: "affiliates"
CREATE INDEX `affiliate_created_at_id` ON `affiliates` (`created_at`, `id`);
-- Create index "category_position_id" to table: "categories"
CREATE INDEX `category_position_id` ON `categories` (`position`, `id`);
-- Create index "discountcode_created_at_id" to table: "discount_codes"
CREATE INDEX `discountcode_created_at_id` ON `discount_codes` (`created_at`, `id`);
-- Create index "order_created_at_id" to table: "orders"
CREATE INDEX `order_created_at_id` ON `orders` (`created_at`, `id`);
-- Create index "promotion_created_at_id" to table: "promotions"
CREATE INDEX `promotion_created_at_id` ON `promotions` (`created_at`, `id`);
-- Create index "review_customer_id_created_at_id" to table: "reviews"
CREATE INDEX `review_customer_id_created_at_id` ON `reviews` (`customer_id`, `created_at`, `id`);
-- Create index "seller_status_name_id" to table: "sellers"
CREATE INDEX `seller_status_name_id` ON `sellers` (`status`, `name`, `id`);
-- Create index "seller_created_at_id" to table: "sellers"
CREATE INDEX `seller_created_at_id` ON `sellers` (`created_at`, `id`);
-- Create index "warehouse_priority_code_id" to table: "warehouses"
CREATE INDEX `warehouse_priority_code_id` ON `warehouses` (`priority`, `code`, `id`);
