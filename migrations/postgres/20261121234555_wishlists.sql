-- Create "wishlists" table
CREATE TABLE "wishlists" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "customer_id" character varying NOT NULL, "name" character varying NOT NULL, "is_default" boolean NOT NULL DEFAULT false, "share_token" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "wishlist_customer_id_created_at" to table: "wishlists"
CREATE INDEX "wishlist_customer_id_created_at" ON "wishlists" ("customer_id", "created_at");
-- Create index "wishlists_share_token_key" to table: "wishlists"
CREATE UNIQUE INDEX "wishlists_share_token_key" ON "wishlists" ("share_token");
-- Create "wishlist_items" table
CREATE TABLE "wishlist_items" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "variant_id" character varying NOT NULL, "customer_id" character varying NOT NULL, "product_id" character varying NOT NULL, "wishlist_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "wishlist_items_wishlists_items" FOREIGN KEY ("wishlist_id") REFERENCES "wishlists" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "wishlistitem_customer_id_product_id" to table: "wishlist_items"
CREATE INDEX "wishlistitem_customer_id_product_id" ON "wishlist_items" ("customer_id", "product_id");
-- Create index "wishlistitem_variant_id" to table: "wishlist_items"
CREATE INDEX "wishlistitem_variant_id" ON "wishlist_items" ("variant_id");
-- Create index "wishlistitem_wishlist_id_variant_id" to table: "wishlist_items"
CREATE UNIQUE INDEX "wishlistitem_wishlist_id_variant_id" ON "wishlist_items" ("wishlist_id", "variant_id");
