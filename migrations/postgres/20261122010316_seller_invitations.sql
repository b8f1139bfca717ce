-- Create "seller_invitations" table
CREATE TABLE "seller_invitations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "seller_id" character varying NOT NULL, "email" character varying NOT NULL, "role" character varying NOT NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "accepted_at" timestamptz NULL, "invited_by" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "seller_invitations_token_hash_key" to table: "seller_invitations"
CREATE UNIQUE INDEX "seller_invitations_token_hash_key" ON "seller_invitations" ("token_hash");
-- Create index "sellerinvitation_seller_id_email" to table: "seller_invitations"
CREATE INDEX "sellerinvitation_seller_id_email" ON "seller_invitations" ("seller_id", "email");
