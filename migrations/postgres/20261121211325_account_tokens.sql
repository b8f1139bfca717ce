-- Create "account_tokens" table
CREATE TABLE "account_tokens" ("id" character varying NOT NULL, "customer_id" character varying NOT NULL, "purpose" character varying NOT NULL, "token_hash" character varying NOT NULL, "email" character varying NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "account_tokens_token_hash_key" to table: "account_tokens"
CREATE UNIQUE INDEX "account_tokens_token_hash_key" ON "account_tokens" ("token_hash");
-- Create index "accounttoken_customer_id_purpose" to table: "account_tokens"
CREATE INDEX "accounttoken_customer_id_purpose" ON "account_tokens" ("customer_id", "purpose");
