// The MLflow surface's writes that combine two registry steps, each in one transaction: a model with its MLflow
// tags, a version with its source, run and MLflow tags; and the stage transition. Every rule stays in the
// functions called (createProject, registerVersion, changeStageOrRequest).
import "server-only";
import type { DB } from "@/db";
import type { Stage } from "@/db/schema";
import type { Actor } from "./actor";
import { InvalidError } from "./errors";
import { mlflowTagList, putModelTags, putVersionTags } from "./mlflow-tags";
import { createProject } from "./projects";
import { parse } from "./validate";
import { changeStageOrRequest } from "./stages";
import { registerVersion } from "./versions";

export type MlflowModelInput = { name: string; description?: string; tags?: unknown };

/** registered-models/create: a private model (org admins, as every model) with MLflow's tags. */
export async function createMlflowModel(db: DB, actor: Actor, owner: string, input: MlflowModelInput) {
  const tags = parse(mlflowTagList, input.tags ?? []);
  return createProject(db, actor, owner, { name: input.name, description: input.description ?? "" }, (tx, id) => putModelTags(tx, id, tags));
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
  // The tags are written in the version's transaction: a version is never seen without them.
  return registerVersion(
    db,
    actor,
    owner,
    project,
    "model",
    {
      description: input.description ?? "",
      ...(run ? { run } : {}),
      ...(input.source ? { meta_info: { mlflow: { source: input.source } } } : {}),
    },
    (tx, id) => putVersionTags(tx, id, tags),
  );
}

/**
 * model-versions/transition-stage, as Modelreg's stage change (protected stages, approvals, history, activity and
 * webhooks apply). archive_existing_versions=true moves the model's other versions in the target stage to Archived
 * (disabled) in the same transaction, each through the same rules; as in MLflow it is only for Staging and
 * Production. false leaves it to the model's exclusive-stage setting.
 */
export async function transitionMlflowStage(
  db: DB,
  actor: Actor,
  owner: string,
  project: string,
  version: string,
  input: { stage: Stage; archiveExisting: boolean },
) {
  if (input.archiveExisting && input.stage !== "staging" && input.stage !== "production") {
    throw InvalidError.field(
      "archive_existing_versions",
      "can only be true for a transition to Staging or Production (the stages whose other versions are archived)",
    );
  }
  return changeStageOrRequest(
    db,
    actor,
    owner,
    project,
    "model",
    version,
    { condition: { type: input.stage, status: true, reason: "MLflow transition-stage", message: "" }, archive_existing: input.archiveExisting ? true : null },
    input.archiveExisting ? { retireTo: "disabled" } : {},
  );
}
