-- Modify "carts" table
ALTER TABLE "carts" ADD COLUMN "shipping_address" jsonb NULL;
