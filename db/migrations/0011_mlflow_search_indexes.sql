CREATE INDEX IF NOT EXISTS "versions_project_kind_number_id_idx" ON "versions" USING btree ("project_id","kind","name_number" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "versions_model_created_id_idx" ON "versions" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "versions"."kind" = 'model';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "versions_model_updated_id_idx" ON "versions" USING btree ("updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "versions"."kind" = 'model';--> statement-breakpoint
-- Hand-written (drizzle-kit has no CREATE STATISTICS): key and value of a tag are strongly correlated (`validated`
-- is nearly always 'true'), and without a joint MCV list PostgreSQL multiplies their frequencies, expects a
-- rare tag 50x rarer than it is, and starts from the tag index instead of walking the versions in order.
CREATE STATISTICS IF NOT EXISTS "mlflow_version_tags_key_value_stats" (mcv, dependencies) ON "key", "value" FROM "mlflow_version_tags";
