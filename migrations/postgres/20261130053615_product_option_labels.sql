-- Modify "products" table
ALTER TABLE "products" ADD COLUMN "option_labels" jsonb NOT NULL DEFAULT '[]';
