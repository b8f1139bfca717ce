-- Create index "category_name_id" to table: "categories"
CREATE INDEX `category_name_id` ON `categories` (`name`, `id`);
-- Create index "category_parent_id_position_id" to table: "categories"
CREATE INDEX `category_parent_id_position_id` ON `categories` (`parent_id`, `position`, `id`);
-- Create index "category_parent_id_name_id" to table: "categories"
CREATE INDEX `category_parent_id_name_id` ON `categories` (`parent_id`, `name`, `id`);
-- Create index "webhookdelivery_created_at_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_created_at_id` ON `webhook_deliveries` (`created_at`, `id`);
-- Create index "webhookdelivery_endpoint_id_created_at_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_endpoint_id_created_at_id` ON `webhook_deliveries` (`endpoint_id`, `created_at`, `id`);
