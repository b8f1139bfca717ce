-- Create "carts" table
CREATE TABLE "carts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "customer_id" character varying NULL, "status" character varying NOT NULL DEFAULT 'ACTIVE', "currency" character varying NOT NULL, "note" text NOT NULL DEFAULT '', "buyer_email" character varying NOT NULL DEFAULT '', "buyer_phone" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- Create index "cart_customer_id_status" to table: "carts"
CREATE INDEX "cart_customer_id_status" ON "carts" ("customer_id", "status");
-- Create "cart_lines" table
CREATE TABLE "cart_lines" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "quantity" bigint NOT NULL, "cart_id" character varying NOT NULL, "variant_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "cart_lines_carts_lines" FOREIGN KEY ("cart_id") REFERENCES "carts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "cart_lines_product_variants_variant" FOREIGN KEY ("variant_id") REFERENCES "product_variants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "cartline_cart_id_variant_id" to table: "cart_lines"
CREATE UNIQUE INDEX "cartline_cart_id_variant_id" ON "cart_lines" ("cart_id", "variant_id");
