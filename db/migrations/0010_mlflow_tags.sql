CREATE TABLE "mlflow_model_tags" (
	"project_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	CONSTRAINT "mlflow_model_tags_project_id_key_pk" PRIMARY KEY("project_id","key")
);
--> statement-breakpoint
CREATE TABLE "mlflow_version_tags" (
	"version_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	CONSTRAINT "mlflow_version_tags_version_id_key_pk" PRIMARY KEY("version_id","key")
);
--> statement-breakpoint
ALTER TABLE "mlflow_model_tags" ADD CONSTRAINT "mlflow_model_tags_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_version_tags" ADD CONSTRAINT "mlflow_version_tags_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mlflow_model_tags_key_value_idx" ON "mlflow_model_tags" USING btree ("key","value");--> statement-breakpoint
CREATE INDEX "mlflow_version_tags_key_value_idx" ON "mlflow_version_tags" USING btree ("key","value","version_id");