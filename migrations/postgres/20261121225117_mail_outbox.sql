-- Create "mail_outboxes" table
CREATE TABLE "mail_outboxes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "key" character varying NOT NULL, "kind" character varying NOT NULL, "to" character varying NOT NULL, "subject" character varying NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "attempts" bigint NOT NULL DEFAULT 0, "last_error" character varying NOT NULL DEFAULT '', "next_attempt_at" timestamptz NOT NULL, "sent_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "mail_outboxes_key_key" to table: "mail_outboxes"
CREATE UNIQUE INDEX "mail_outboxes_key_key" ON "mail_outboxes" ("key");
-- Create index "mailoutbox_status_next_attempt_at" to table: "mail_outboxes"
CREATE INDEX "mailoutbox_status_next_attempt_at" ON "mail_outboxes" ("status", "next_attempt_at");
