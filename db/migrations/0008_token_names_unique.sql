-- Hand-written: tokens that share a name with an older token of the same user (case-insensitive) get
-- " #<id>" appended, so the unique index below can be built on an existing database.
UPDATE "api_tokens" AS t SET "name" = left(t."name", 80) || ' #' || t."id"
FROM (SELECT "id", row_number() OVER (PARTITION BY "user_id", lower("name") ORDER BY "created_at", "id") AS rn FROM "api_tokens") AS d
WHERE d."id" = t."id" AND d.rn > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_user_name_key" ON "api_tokens" USING btree ("user_id",lower("name"));