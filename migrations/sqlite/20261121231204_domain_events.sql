-- Create "domain_events" table
CREATE TABLE `domain_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `type` text NOT NULL, `subject_id` text NOT NULL, `data` json NOT NULL, `published_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "domainevent_published_at_created_at" to table: "domain_events"
CREATE INDEX `domainevent_published_at_created_at` ON `domain_events` (`published_at`, `created_at`);
