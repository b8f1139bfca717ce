-- Modify "stock_reservations" table
ALTER TABLE "stock_reservations" ADD COLUMN "restocked" bigint NOT NULL DEFAULT 0;
-- Modify "warehouses" table
ALTER TABLE "warehouses" ADD COLUMN "address" character varying NOT NULL DEFAULT '', ADD COLUMN "country_code" character varying NOT NULL DEFAULT '', ADD COLUMN "priority" bigint NOT NULL DEFAULT 0, ADD COLUMN "active" boolean NOT NULL DEFAULT true;
-- The default warehouse exists from now on (it was created on first use
-- before): stock changes that name no warehouse go to it.
INSERT INTO "warehouses" ("id", "created_at", "updated_at", "code", "name", "is_default") SELECT 'wh_01M8NS58M5KH3Z71KNQMDKPNGK', now(), now(), 'default', 'Default warehouse', true WHERE NOT EXISTS (SELECT 1 FROM "warehouses" WHERE "code" = 'default');
UPDATE "warehouses" SET "is_default" = ("code" = 'default');
