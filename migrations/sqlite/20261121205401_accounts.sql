-- Create "customers" table
CREATE TABLE `customers` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `email_key` text NOT NULL, `password_hash` text NOT NULL, `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `accepts_marketing` bool NOT NULL DEFAULT (false), `role` text NOT NULL DEFAULT ('CUSTOMER'), `email_verified_at` datetime NULL, `deleted_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "customers_email_key_key" to table: "customers"
CREATE UNIQUE INDEX `customers_email_key_key` ON `customers` (`email_key`);
-- Create "refresh_tokens" table
CREATE TABLE `refresh_tokens` (`id` text NOT NULL, `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `session_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `refresh_tokens_sessions_refresh_tokens` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE NO ACTION);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- Create index "refreshtoken_session_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_session_id` ON `refresh_tokens` (`session_id`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `last_used_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `revoked_reason` text NOT NULL DEFAULT (''), `user_agent` text NOT NULL DEFAULT (''), `customer_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sessions_customers_sessions` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION);
-- Create index "session_customer_id" to table: "sessions"
CREATE INDEX `session_customer_id` ON `sessions` (`customer_id`);
-- Create "signing_keys" table
CREATE TABLE `signing_keys` (`id` text NOT NULL, `seed` text NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
