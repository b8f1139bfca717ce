-- Create "account_tokens" table
CREATE TABLE `account_tokens` (`id` text NOT NULL, `customer_id` text NOT NULL, `purpose` text NOT NULL, `token_hash` text NOT NULL, `email` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "account_tokens_token_hash_key" to table: "account_tokens"
CREATE UNIQUE INDEX `account_tokens_token_hash_key` ON `account_tokens` (`token_hash`);
-- Create index "accounttoken_customer_id_purpose" to table: "account_tokens"
CREATE INDEX `accounttoken_customer_id_purpose` ON `account_tokens` (`customer_id`, `purpose`);
