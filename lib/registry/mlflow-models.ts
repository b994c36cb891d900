// The MLflow surface's writes that combine two registry steps: a model with its MLflow tags, a version with its
// source, run and MLflow tags. Every rule stays in the functions called (createProject, registerVersion).
import "server-only";
import type { DB } from "@/db";
import type { Actor } from "./actor";
import { InvalidError } from "./errors";
import { mlflowTagList, putModelTags, putVersionTags } from "./mlflow-tags";
import { createProject } from "./projects";
import { parse } from "./validate";
import { registerVersion } from "./versions";

export type MlflowModelInput = { name: string; description?: string; tags?: unknown };

/** registered-models/create: a private model (org admins, as every model) with MLflow's tags. */
export async function createMlflowModel(db: DB, actor: Actor, owner: string, input: MlflowModelInput) {
  const tags = parse(mlflowTagList, input.tags ?? []);
  const access = await createProject(db, actor, owner, { name: input.name, description: input.description ?? "" });
  if (tags.length) await db.transaction((tx) => putModelTags(tx, access.project.id, tags));
  return access;
}

export type MlflowVersionInput = { source?: string; runId?: string; runLink?: string; description?: string; tags?: unknown };

/**
 * model-versions/create: the next v{n}, its MLflow `source` kept in meta_info.mlflow.source, its run linked when
 * `run_id` is a run of this registry the model may promote from (else kept as an external reference with
 * `run_link`), and its MLflow tags.
 */
export async function registerMlflowVersion(db: DB, actor: Actor, owner: string, project: string, input: MlflowVersionInput) {
  const tags = parse(mlflowTagList, input.tags ?? []);
  if (input.source !== undefined && input.source.length > 2000) throw InvalidError.field("source", "must be at most 2000 characters");
  const link = input.runLink?.trim() || undefined;
  const runId = input.runId?.trim() || undefined;
  const run = runId ? (link ? { uuid: runId, url: link } : runId) : link ? { url: link } : undefined;
  const result = await registerVersion(db, actor, owner, project, "model", {
    description: input.description ?? "",
    ...(run ? { run } : {}),
    ...(input.source ? { meta_info: { mlflow: { source: input.source } } } : {}),
  });
  if (tags.length) await db.transaction((tx) => putVersionTags(tx, result.version.id, tags));
  return result;
}
