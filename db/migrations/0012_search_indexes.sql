CREATE INDEX "projects_name_trgm_idx" ON "projects" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_description_trgm_idx" ON "projects" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_tags_idx" ON "projects" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "projects_public_name_idx" ON "projects" USING btree ("name") WHERE "projects"."is_public";--> statement-breakpoint
CREATE INDEX "runs_name_trgm_idx" ON "runs" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "versions_tags_idx" ON "versions" USING gin ("tags");