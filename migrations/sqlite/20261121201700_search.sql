-- Hand-written: FTS5 full-text index of products, kept in step by triggers.
-- The porter tokenizer stems like PostgreSQL's english configuration.
CREATE VIRTUAL TABLE "product_search" USING fts5(product_id UNINDEXED, name, description, tokenize = 'porter unicode61 remove_diacritics 2');
-- The vocabulary of the index, for typo-tolerant term correction.
CREATE VIRTUAL TABLE "product_search_vocab" USING fts5vocab("product_search", 'row');
-- atlas:delimiter \n\n
CREATE TRIGGER "product_search_ai" AFTER INSERT ON "products" BEGIN
  INSERT INTO "product_search"(product_id, name, description) VALUES (new.id, new.name, new.description);
END;

CREATE TRIGGER "product_search_ad" AFTER DELETE ON "products" BEGIN
  DELETE FROM "product_search" WHERE product_id = old.id;
END;

CREATE TRIGGER "product_search_au" AFTER UPDATE OF "name", "description" ON "products" BEGIN
  DELETE FROM "product_search" WHERE product_id = old.id;
  INSERT INTO "product_search"(product_id, name, description) VALUES (new.id, new.name, new.description);
END;
