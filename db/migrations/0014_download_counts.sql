CREATE TABLE "version_downloads" (
	"version_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"day" date NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "version_downloads_version_id_day_pk" PRIMARY KEY("version_id","day"),
	CONSTRAINT "version_downloads_count_positive" CHECK ("version_downloads"."count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "version_downloads" ADD CONSTRAINT "version_downloads_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_downloads" ADD CONSTRAINT "version_downloads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "version_downloads_project_day_idx" ON "version_downloads" USING btree ("project_id","day");--> statement-breakpoint
CREATE INDEX "activities_org_recent_idx" ON "activities" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE verb in ('version.registered', 'version.copied', 'version.transferred_in', 'version.stage_changed', 'version.alias_set', 'version.alias_moved', 'version.alias_removed');