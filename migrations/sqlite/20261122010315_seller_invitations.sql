-- Create "seller_invitations" table
CREATE TABLE `seller_invitations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `seller_id` text NOT NULL, `email` text NOT NULL, `role` text NOT NULL, `token_hash` text NOT NULL, `expires_at` datetime NOT NULL, `accepted_at` datetime NULL, `invited_by` text NOT NULL, PRIMARY KEY (`id`));
-- Create index "seller_invitations_token_hash_key" to table: "seller_invitations"
CREATE UNIQUE INDEX `seller_invitations_token_hash_key` ON `seller_invitations` (`token_hash`);
-- Create index "sellerinvitation_seller_id_email" to table: "seller_invitations"
CREATE INDEX `sellerinvitation_seller_id_email` ON `seller_invitations` (`seller_id`, `email`);
