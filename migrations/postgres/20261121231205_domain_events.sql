-- Create "domain_events" table
CREATE TABLE "domain_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "type" character varying NOT NULL, "subject_id" character varying NOT NULL, "data" jsonb NOT NULL, "published_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "domainevent_published_at_created_at" to table: "domain_events"
CREATE INDEX "domainevent_published_at_created_at" ON "domain_events" ("published_at", "created_at");
