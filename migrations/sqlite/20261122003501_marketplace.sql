-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Added in place, not by rebuilding the tables: a rebuild of products drops
-- the search triggers and renumbers the rows the search index points to.
ALTER TABLE `products` ADD COLUMN `rating_count` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_sum` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_1` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_2` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_3` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_4` integer NOT NULL DEFAULT (0);
ALTER TABLE `products` ADD COLUMN `rating_5` integer NOT NULL DEFAULT (0);
ALTER TABLE `sellers` ADD COLUMN `description` text NOT NULL DEFAULT ('');
ALTER TABLE `sellers` ADD COLUMN `logo_url` text NOT NULL DEFAULT ('');
ALTER TABLE `sellers` ADD COLUMN `contact_email` text NOT NULL DEFAULT ('');
ALTER TABLE `sellers` ADD COLUMN `payout_reference` text NOT NULL DEFAULT ('');
ALTER TABLE `sellers` ADD COLUMN `status_reason` text NOT NULL DEFAULT ('');
ALTER TABLE `sellers` ADD COLUMN `commission_ppm` integer NULL;
ALTER TABLE `sellers` ADD COLUMN `balance_pending` integer NOT NULL DEFAULT (0);
ALTER TABLE `sellers` ADD COLUMN `balance_available` integer NOT NULL DEFAULT (0);
ALTER TABLE `sellers` ADD COLUMN `balance_paid_out` integer NOT NULL DEFAULT (0);
-- Add column "affiliate_id" to table: "carts"
ALTER TABLE `carts` ADD COLUMN `affiliate_id` text NULL;
-- Add column "affiliate_clicked_at" to table: "carts"
ALTER TABLE `carts` ADD COLUMN `affiliate_clicked_at` datetime NULL;
-- Add column "affiliate_id" to table: "orders"
ALTER TABLE `orders` ADD COLUMN `affiliate_id` text NULL;
-- Add column "ledger_released_at" to table: "order_lines"
ALTER TABLE `order_lines` ADD COLUMN `ledger_released_at` datetime NULL;
-- Create "affiliates" table
CREATE TABLE `affiliates` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `customer_id` text NOT NULL, `code` text NOT NULL, `commission_ppm` integer NULL, PRIMARY KEY (`id`));
-- Create index "affiliates_customer_id_key" to table: "affiliates"
CREATE UNIQUE INDEX `affiliates_customer_id_key` ON `affiliates` (`customer_id`);
-- Create index "affiliates_code_key" to table: "affiliates"
CREATE UNIQUE INDEX `affiliates_code_key` ON `affiliates` (`code`);
-- Create "affiliate_commissions" table
CREATE TABLE `affiliate_commissions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `affiliate_id` text NOT NULL, `order_id` text NOT NULL, `base` integer NOT NULL, `rate_ppm` integer NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `payout_id` text NULL, PRIMARY KEY (`id`));
-- Create index "affiliate_commissions_order_id_key" to table: "affiliate_commissions"
CREATE UNIQUE INDEX `affiliate_commissions_order_id_key` ON `affiliate_commissions` (`order_id`);
-- Create index "affiliatecommission_affiliate_id_status" to table: "affiliate_commissions"
CREATE INDEX `affiliatecommission_affiliate_id_status` ON `affiliate_commissions` (`affiliate_id`, `status`);
-- Create index "affiliatecommission_status" to table: "affiliate_commissions"
CREATE INDEX `affiliatecommission_status` ON `affiliate_commissions` (`status`);
-- Create "affiliate_payouts" table
CREATE TABLE `affiliate_payouts` (`id` text NOT NULL, `affiliate_id` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `commissions` integer NOT NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "affiliatepayout_affiliate_id_created_at" to table: "affiliate_payouts"
CREATE INDEX `affiliatepayout_affiliate_id_created_at` ON `affiliate_payouts` (`affiliate_id`, `created_at`);
-- Create "payouts" table
CREATE TABLE `payouts` (`id` text NOT NULL, `seller_id` text NOT NULL, `amount` integer NOT NULL, `currency` text NOT NULL, `reference` text NOT NULL DEFAULT (''), `idempotency_key` text NOT NULL, `actor` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "payouts_idempotency_key_key" to table: "payouts"
CREATE UNIQUE INDEX `payouts_idempotency_key_key` ON `payouts` (`idempotency_key`);
-- Create index "payout_seller_id_created_at" to table: "payouts"
CREATE INDEX `payout_seller_id_created_at` ON `payouts` (`seller_id`, `created_at`);
-- Create "referral_visits" table
CREATE TABLE `referral_visits` (`id` text NOT NULL, `affiliate_id` text NOT NULL, `visitor` text NOT NULL, `day` text NOT NULL, `token` text NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "referral_visits_token_key" to table: "referral_visits"
CREATE UNIQUE INDEX `referral_visits_token_key` ON `referral_visits` (`token`);
-- Create index "referralvisit_affiliate_id_visitor_day" to table: "referral_visits"
CREATE UNIQUE INDEX `referralvisit_affiliate_id_visitor_day` ON `referral_visits` (`affiliate_id`, `visitor`, `day`);
-- Create "reviews" table
CREATE TABLE `reviews` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `product_id` text NOT NULL, `seller_id` text NOT NULL, `customer_id` text NOT NULL, `order_line_id` text NOT NULL, `author_name` text NOT NULL DEFAULT (''), `rating` integer NOT NULL, `title` text NOT NULL DEFAULT (''), `body` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('PENDING'), `helpful_count` integer NOT NULL DEFAULT (0), `reply` text NOT NULL DEFAULT (''), `replied_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "review_product_id_customer_id" to table: "reviews"
CREATE UNIQUE INDEX `review_product_id_customer_id` ON `reviews` (`product_id`, `customer_id`);
-- Create index "review_product_id_status_created_at" to table: "reviews"
CREATE INDEX `review_product_id_status_created_at` ON `reviews` (`product_id`, `status`, `created_at`);
-- Create index "review_status_created_at" to table: "reviews"
CREATE INDEX `review_status_created_at` ON `reviews` (`status`, `created_at`);
-- Create "review_votes" table
CREATE TABLE `review_votes` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `review_id` text NOT NULL, `customer_id` text NOT NULL, PRIMARY KEY (`id`));
-- Create index "reviewvote_review_id_customer_id" to table: "review_votes"
CREATE UNIQUE INDEX `reviewvote_review_id_customer_id` ON `review_votes` (`review_id`, `customer_id`);
-- Create "seller_ledger_entries" table
CREATE TABLE `seller_ledger_entries` (`id` text NOT NULL, `seller_id` text NOT NULL, `type` text NOT NULL, `order_id` text NULL, `order_line_id` text NULL, `payout_id` text NULL, `gross` integer NOT NULL DEFAULT (0), `commission` integer NOT NULL DEFAULT (0), `commission_ppm` integer NOT NULL DEFAULT (0), `pending` integer NOT NULL DEFAULT (0), `available` integer NOT NULL DEFAULT (0), `paid_out` integer NOT NULL DEFAULT (0), `currency` text NOT NULL, `key` text NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "seller_ledger_entries_key_key" to table: "seller_ledger_entries"
CREATE UNIQUE INDEX `seller_ledger_entries_key_key` ON `seller_ledger_entries` (`key`);
-- Create index "sellerledgerentry_seller_id_created_at" to table: "seller_ledger_entries"
CREATE INDEX `sellerledgerentry_seller_id_created_at` ON `seller_ledger_entries` (`seller_id`, `created_at`);
-- Create index "sellerledgerentry_order_line_id" to table: "seller_ledger_entries"
CREATE INDEX `sellerledgerentry_order_line_id` ON `seller_ledger_entries` (`order_line_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
