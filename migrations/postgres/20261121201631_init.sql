-- Create "categories" table
CREATE TABLE "categories" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "slug" character varying NOT NULL, "description" text NOT NULL DEFAULT '', "path" character varying NOT NULL, "depth" bigint NOT NULL DEFAULT 0, "position" bigint NOT NULL DEFAULT 0, "parent_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "categories_categories_children" FOREIGN KEY ("parent_id") REFERENCES "categories" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "categories_slug_key" to table: "categories"
CREATE UNIQUE INDEX "categories_slug_key" ON "categories" ("slug");
-- Create index "category_path" to table: "categories"
CREATE INDEX "category_path" ON "categories" ("path");
-- Create "sellers" table
CREATE TABLE "sellers" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "slug" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'ACTIVE', PRIMARY KEY ("id"));
-- Create index "sellers_slug_key" to table: "sellers"
CREATE UNIQUE INDEX "sellers_slug_key" ON "sellers" ("slug");
-- Create "products" table
CREATE TABLE "products" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "slug" character varying NOT NULL, "description" text NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'DRAFT', "media" jsonb NOT NULL, "attributes" jsonb NOT NULL, "price_min" bigint NOT NULL DEFAULT 0, "price_max" bigint NOT NULL DEFAULT 0, "currency" character varying NOT NULL DEFAULT 'EUR', "category_id" character varying NULL, "seller_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "products_categories_products" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "products_sellers_products" FOREIGN KEY ("seller_id") REFERENCES "sellers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "product_category_id" to table: "products"
CREATE INDEX "product_category_id" ON "products" ("category_id");
-- Create index "product_name" to table: "products"
CREATE INDEX "product_name" ON "products" ("name");
-- Create index "product_price_min" to table: "products"
CREATE INDEX "product_price_min" ON "products" ("price_min");
-- Create index "product_seller_id" to table: "products"
CREATE INDEX "product_seller_id" ON "products" ("seller_id");
-- Create index "product_status_created_at" to table: "products"
CREATE INDEX "product_status_created_at" ON "products" ("status", "created_at");
-- Create index "products_slug_key" to table: "products"
CREATE UNIQUE INDEX "products_slug_key" ON "products" ("slug");
-- Create "product_variants" table
CREATE TABLE "product_variants" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "sku" character varying NOT NULL, "title" character varying NOT NULL DEFAULT '', "options" jsonb NOT NULL, "price" bigint NOT NULL, "compare_at_price" bigint NULL, "currency" character varying NOT NULL, "weight_grams" bigint NOT NULL DEFAULT 0, "position" bigint NOT NULL DEFAULT 0, "product_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "product_variants_products_variants" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "product_variants_sku_key" to table: "product_variants"
CREATE UNIQUE INDEX "product_variants_sku_key" ON "product_variants" ("sku");
-- Create index "productvariant_product_id_position" to table: "product_variants"
CREATE INDEX "productvariant_product_id_position" ON "product_variants" ("product_id", "position");
-- Create "warehouses" table
CREATE TABLE "warehouses" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "code" character varying NOT NULL, "name" character varying NOT NULL, "is_default" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- Create index "warehouses_code_key" to table: "warehouses"
CREATE UNIQUE INDEX "warehouses_code_key" ON "warehouses" ("code");
-- Create "inventory_levels" table
CREATE TABLE "inventory_levels" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "on_hand" bigint NOT NULL DEFAULT 0, "reserved" bigint NOT NULL DEFAULT 0, "variant_id" character varying NOT NULL, "warehouse_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "inventory_levels_product_variants_inventory_levels" FOREIGN KEY ("variant_id") REFERENCES "product_variants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "inventory_levels_warehouses_inventory_levels" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "inventorylevel_variant_id_warehouse_id" to table: "inventory_levels"
CREATE UNIQUE INDEX "inventorylevel_variant_id_warehouse_id" ON "inventory_levels" ("variant_id", "warehouse_id");
