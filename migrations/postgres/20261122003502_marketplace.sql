-- Modify "carts" table
ALTER TABLE "carts" ADD COLUMN "affiliate_id" character varying NULL, ADD COLUMN "affiliate_clicked_at" timestamptz NULL;
-- Modify "order_lines" table
ALTER TABLE "order_lines" ADD COLUMN "ledger_released_at" timestamptz NULL;
-- Modify "orders" table
ALTER TABLE "orders" ADD COLUMN "affiliate_id" character varying NULL;
-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "rating_count" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_sum" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_1" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_2" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_3" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_4" bigint NOT NULL DEFAULT 0, ADD COLUMN "rating_5" bigint NOT NULL DEFAULT 0;
-- Modify "sellers" table
ALTER TABLE "sellers" ADD COLUMN "description" character varying NOT NULL DEFAULT '', ADD COLUMN "logo_url" character varying NOT NULL DEFAULT '', ADD COLUMN "contact_email" character varying NOT NULL DEFAULT '', ADD COLUMN "payout_reference" character varying NOT NULL DEFAULT '', ADD COLUMN "status_reason" character varying NOT NULL DEFAULT '', ADD COLUMN "commission_ppm" bigint NULL, ADD COLUMN "balance_pending" bigint NOT NULL DEFAULT 0, ADD COLUMN "balance_available" bigint NOT NULL DEFAULT 0, ADD COLUMN "balance_paid_out" bigint NOT NULL DEFAULT 0;
-- Create "affiliates" table
CREATE TABLE "affiliates" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "customer_id" character varying NOT NULL, "code" character varying NOT NULL, "commission_ppm" bigint NULL, PRIMARY KEY ("id"));
-- Create index "affiliates_code_key" to table: "affiliates"
CREATE UNIQUE INDEX "affiliates_code_key" ON "affiliates" ("code");
-- Create index "affiliates_customer_id_key" to table: "affiliates"
CREATE UNIQUE INDEX "affiliates_customer_id_key" ON "affiliates" ("customer_id");
-- Create "affiliate_commissions" table
CREATE TABLE "affiliate_commissions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "affiliate_id" character varying NOT NULL, "order_id" character varying NOT NULL, "base" bigint NOT NULL, "rate_ppm" bigint NOT NULL, "amount" bigint NOT NULL, "currency" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "payout_id" character varying NULL, PRIMARY KEY ("id"));
-- Create index "affiliate_commissions_order_id_key" to table: "affiliate_commissions"
CREATE UNIQUE INDEX "affiliate_commissions_order_id_key" ON "affiliate_commissions" ("order_id");
-- Create index "affiliatecommission_affiliate_id_status" to table: "affiliate_commissions"
CREATE INDEX "affiliatecommission_affiliate_id_status" ON "affiliate_commissions" ("affiliate_id", "status");
-- Create index "affiliatecommission_status" to table: "affiliate_commissions"
CREATE INDEX "affiliatecommission_status" ON "affiliate_commissions" ("status");
-- Create "affiliate_payouts" table
CREATE TABLE "affiliate_payouts" ("id" character varying NOT NULL, "affiliate_id" character varying NOT NULL, "amount" bigint NOT NULL, "currency" character varying NOT NULL, "commissions" bigint NOT NULL, "actor" character varying NOT NULL DEFAULT '', "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "affiliatepayout_affiliate_id_created_at" to table: "affiliate_payouts"
CREATE INDEX "affiliatepayout_affiliate_id_created_at" ON "affiliate_payouts" ("affiliate_id", "created_at");
-- Create "payouts" table
CREATE TABLE "payouts" ("id" character varying NOT NULL, "seller_id" character varying NOT NULL, "amount" bigint NOT NULL, "currency" character varying NOT NULL, "reference" character varying NOT NULL DEFAULT '', "idempotency_key" character varying NOT NULL, "actor" character varying NOT NULL DEFAULT '', "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "payout_seller_id_created_at" to table: "payouts"
CREATE INDEX "payout_seller_id_created_at" ON "payouts" ("seller_id", "created_at");
-- Create index "payouts_idempotency_key_key" to table: "payouts"
CREATE UNIQUE INDEX "payouts_idempotency_key_key" ON "payouts" ("idempotency_key");
-- Create "referral_visits" table
CREATE TABLE "referral_visits" ("id" character varying NOT NULL, "affiliate_id" character varying NOT NULL, "visitor" character varying NOT NULL, "day" character varying NOT NULL, "token" character varying NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "referral_visits_token_key" to table: "referral_visits"
CREATE UNIQUE INDEX "referral_visits_token_key" ON "referral_visits" ("token");
-- Create index "referralvisit_affiliate_id_visitor_day" to table: "referral_visits"
CREATE UNIQUE INDEX "referralvisit_affiliate_id_visitor_day" ON "referral_visits" ("affiliate_id", "visitor", "day");
-- Create "reviews" table
CREATE TABLE "reviews" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "product_id" character varying NOT NULL, "seller_id" character varying NOT NULL, "customer_id" character varying NOT NULL, "order_line_id" character varying NOT NULL, "author_name" character varying NOT NULL DEFAULT '', "rating" bigint NOT NULL, "title" character varying NOT NULL DEFAULT '', "body" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'PENDING', "helpful_count" bigint NOT NULL DEFAULT 0, "reply" character varying NOT NULL DEFAULT '', "replied_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "review_product_id_customer_id" to table: "reviews"
CREATE UNIQUE INDEX "review_product_id_customer_id" ON "reviews" ("product_id", "customer_id");
-- Create index "review_product_id_status_created_at" to table: "reviews"
CREATE INDEX "review_product_id_status_created_at" ON "reviews" ("product_id", "status", "created_at");
-- Create index "review_status_created_at" to table: "reviews"
CREATE INDEX "review_status_created_at" ON "reviews" ("status", "created_at");
-- Create "review_votes" table
CREATE TABLE "review_votes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "review_id" character varying NOT NULL, "customer_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "reviewvote_review_id_customer_id" to table: "review_votes"
CREATE UNIQUE INDEX "reviewvote_review_id_customer_id" ON "review_votes" ("review_id", "customer_id");
-- Create "seller_ledger_entries" table
CREATE TABLE "seller_ledger_entries" ("id" character varying NOT NULL, "seller_id" character varying NOT NULL, "type" character varying NOT NULL, "order_id" character varying NULL, "order_line_id" character varying NULL, "payout_id" character varying NULL, "gross" bigint NOT NULL DEFAULT 0, "commission" bigint NOT NULL DEFAULT 0, "commission_ppm" bigint NOT NULL DEFAULT 0, "pending" bigint NOT NULL DEFAULT 0, "available" bigint NOT NULL DEFAULT 0, "paid_out" bigint NOT NULL DEFAULT 0, "currency" character varying NOT NULL, "key" character varying NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "seller_ledger_entries_key_key" to table: "seller_ledger_entries"
CREATE UNIQUE INDEX "seller_ledger_entries_key_key" ON "seller_ledger_entries" ("key");
-- Create index "sellerledgerentry_order_line_id" to table: "seller_ledger_entries"
CREATE INDEX "sellerledgerentry_order_line_id" ON "seller_ledger_entries" ("order_line_id");
-- Create index "sellerledgerentry_seller_id_created_at" to table: "seller_ledger_entries"
CREATE INDEX "sellerledgerentry_seller_id_created_at" ON "seller_ledger_entries" ("seller_id", "created_at");
