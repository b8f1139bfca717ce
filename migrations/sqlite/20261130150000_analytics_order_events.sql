-- Add column "order_id" to table: "analytics_events"
ALTER TABLE `analytics_events` ADD COLUMN `order_id` text NULL;
-- Create index "analyticsevent_order_id" to table: "analytics_events"
CREATE INDEX `analyticsevent_order_id` ON `analytics_events` (`order_id`);
