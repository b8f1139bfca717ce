-- Create "mail_outboxes" table
CREATE TABLE `mail_outboxes` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `kind` text NOT NULL, `to` text NOT NULL, `subject` text NOT NULL, `text` text NOT NULL, `html` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `last_error` text NOT NULL DEFAULT (''), `next_attempt_at` datetime NOT NULL, `sent_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "mail_outboxes_key_key" to table: "mail_outboxes"
CREATE UNIQUE INDEX `mail_outboxes_key_key` ON `mail_outboxes` (`key`);
-- Create index "mailoutbox_status_next_attempt_at" to table: "mail_outboxes"
CREATE INDEX `mailoutbox_status_next_attempt_at` ON `mail_outboxes` (`status`, `next_attempt_at`);
