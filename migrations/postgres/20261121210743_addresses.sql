-- Modify "customers" table
ALTER TABLE "customers" ADD COLUMN "default_shipping_address_id" character varying NULL, ADD COLUMN "default_billing_address_id" character varying NULL;
-- Create "addresses" table
CREATE TABLE "addresses" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "first_name" character varying NOT NULL DEFAULT '', "last_name" character varying NOT NULL DEFAULT '', "company" character varying NOT NULL DEFAULT '', "address1" character varying NOT NULL, "address2" character varying NOT NULL DEFAULT '', "city" character varying NOT NULL, "province_code" character varying NOT NULL DEFAULT '', "zip" character varying NOT NULL DEFAULT '', "country_code" character varying NOT NULL, "phone" character varying NOT NULL DEFAULT '', "customer_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "address_customer_id" to table: "addresses"
CREATE INDEX "address_customer_id" ON "addresses" ("customer_id");
-- Modify "customers" table
ALTER TABLE "customers" ADD CONSTRAINT "customers_addresses_default_billing_address" FOREIGN KEY ("default_billing_address_id") REFERENCES "addresses" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "customers_addresses_default_shipping_address" FOREIGN KEY ("default_shipping_address_id") REFERENCES "addresses" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Modify "addresses" table
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_customers_addresses" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
