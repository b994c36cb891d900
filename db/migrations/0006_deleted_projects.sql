CREATE TABLE "deleted_projects" (
	"id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"is_public" boolean NOT NULL,
	"team_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"user_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_project_id_projects_id_fk";
--> statement-breakpoint
ALTER TABLE "deleted_projects" ADD CONSTRAINT "deleted_projects_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deleted_projects_org_idx" ON "deleted_projects" USING btree ("org_id");--> statement-breakpoint
-- Hand-written: rows about projects deleted before this migration lost their project (the old foreign key set
-- it null) and no snapshot of who could see them exists. Mark them 0 ("a deleted project, unknown"): the log
-- shows them to organization admins only, instead of to every member.
UPDATE "activities" SET "project_id" = 0 WHERE "project_id" IS NULL AND split_part("verb", '.', 1) IN ('project', 'version', 'run', 'file');
