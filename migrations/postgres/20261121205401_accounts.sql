-- Create "customers" table
CREATE TABLE "customers" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "email_key" character varying NOT NULL, "password_hash" character varying NOT NULL, "first_name" character varying NOT NULL DEFAULT '', "last_name" character varying NOT NULL DEFAULT '', "accepts_marketing" boolean NOT NULL DEFAULT false, "role" character varying NOT NULL DEFAULT 'CUSTOMER', "email_verified_at" timestamptz NULL, "deleted_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "customers_email_key_key" to table: "customers"
CREATE UNIQUE INDEX "customers_email_key_key" ON "customers" ("email_key");
-- Create "signing_keys" table
CREATE TABLE "signing_keys" ("id" character varying NOT NULL, "seed" character varying NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "last_used_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "revoked_reason" character varying NOT NULL DEFAULT '', "user_agent" character varying NOT NULL DEFAULT '', "customer_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_customers_sessions" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "session_customer_id" to table: "sessions"
CREATE INDEX "session_customer_id" ON "sessions" ("customer_id");
-- Create "refresh_tokens" table
CREATE TABLE "refresh_tokens" ("id" character varying NOT NULL, "token_hash" character varying NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "session_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "refresh_tokens_sessions_refresh_tokens" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
-- Create index "refreshtoken_session_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_session_id" ON "refresh_tokens" ("session_id");
