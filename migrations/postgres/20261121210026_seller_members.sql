-- Create "seller_members" table
CREATE TABLE "seller_members" ("id" character varying NOT NULL, "role" character varying NOT NULL, "created_at" timestamptz NOT NULL, "customer_id" character varying NOT NULL, "seller_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "seller_members_customers_memberships" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "seller_members_sellers_members" FOREIGN KEY ("seller_id") REFERENCES "sellers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "sellermember_customer_id" to table: "seller_members"
CREATE INDEX "sellermember_customer_id" ON "seller_members" ("customer_id");
-- Create index "sellermember_seller_id_customer_id" to table: "seller_members"
CREATE UNIQUE INDEX "sellermember_seller_id_customer_id" ON "seller_members" ("seller_id", "customer_id");
