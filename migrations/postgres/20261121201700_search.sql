-- Hand-written: full-text search with typo tolerance (not expressible in the ent schema).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- Name weighs more than description in the ranking.
ALTER TABLE "products" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english', coalesce("description", '')), 'B')
) STORED;
CREATE INDEX "product_search_vector" ON "products" USING GIN ("search_vector");
-- Trigram index for misspelled queries (word similarity on the name).
CREATE INDEX "product_name_trgm" ON "products" USING GIN ("name" gin_trgm_ops);
