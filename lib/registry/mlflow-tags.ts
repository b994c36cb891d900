// MLflow's key/value tags on models and versions (the MLflow surface, issue 17), beside Modelreg's plain tags.
// Model tags are model metadata (project admins, like the model's own tags); version tags are documentation
// (members, and admins only on a protected version, as its description and tags).
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { mlflowModelTags, mlflowVersionTags, type MlflowTag } from "@/db/schema";
import type { Actor } from "./actor";
import { findVersion, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { parse } from "./validate";
import { assertVersionWritable } from "./version-lock";

/** MLflow's own limits (mlflow/utils/validation.py): keys ≤ 250, values ≤ 5000 characters. */
// PostgreSQL's text holds no NUL character: refused here (a 400), not by the database (a 500).
const noNul = (s: string) => !s.includes("\u0000");
export const mlflowTagKey = z
  .string({ error: "is required" })
  .min(1, "is required")
  .max(250, "must be at most 250 characters")
  .refine(noNul, "must not contain a NUL character");
export const mlflowTagValue = z
  .string({ error: "must be a string" })
  .max(5000, "must be at most 5000 characters")
  .refine(noNul, "must not contain a NUL character");
export const mlflowTagSchema = z.object({ key: mlflowTagKey, value: mlflowTagValue.nullish().transform((v) => v ?? "") });
export const mlflowTagList = z.array(mlflowTagSchema).max(100, "at most 100 tags");

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/**
 * Tag changes are recorded as the model's or version's update (activity `project.updated` / `version.updated`,
 * field `mlflow_tags`), so webhooks see them as model.updated / version.updated with the value before and after.
 */
const tagChange = (key: string, before: string | null, after: string | null) => ({
  before: { mlflow_tags: { [key]: before } },
  after: { mlflow_tags: { [key]: after } },
});

/** The tags of several models, by project id, sorted by key (one query). */
export async function modelTagsOf(db: DB, projectIds: number[]): Promise<Map<number, MlflowTag[]>> {
  const out = new Map<number, MlflowTag[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .select()
    .from(mlflowModelTags)
    .where(inArray(mlflowModelTags.projectId, [...new Set(projectIds)]))
    .orderBy(asc(mlflowModelTags.key));
  for (const r of rows) {
    const list = out.get(r.projectId) ?? [];
    list.push({ key: r.key, value: r.value });
    out.set(r.projectId, list);
  }
  return out;
}

/** The tags of several versions, by version id, sorted by key (one query). */
export async function versionTagsOf(db: DB, versionIds: number[]): Promise<Map<number, MlflowTag[]>> {
  const out = new Map<number, MlflowTag[]>();
  if (versionIds.length === 0) return out;
  const rows = await db
    .select()
    .from(mlflowVersionTags)
    .where(inArray(mlflowVersionTags.versionId, [...new Set(versionIds)]))
    .orderBy(asc(mlflowVersionTags.key));
  for (const r of rows) {
    const list = out.get(r.versionId) ?? [];
    list.push({ key: r.key, value: r.value });
    out.set(r.versionId, list);
  }
  return out;
}

/** Writes tags in the caller's transaction (upsert by key): for a model just created or a version just registered. */
export async function putModelTags(tx: DB, projectId: number, tags: MlflowTag[]): Promise<void> {
  for (const t of tags) {
    await tx
      .insert(mlflowModelTags)
      .values({ projectId, key: t.key, value: t.value })
      .onConflictDoUpdate({ target: [mlflowModelTags.projectId, mlflowModelTags.key], set: { value: sql`excluded.value` } });
  }
}

export async function putVersionTags(tx: DB, versionId: number, tags: MlflowTag[]): Promise<void> {
  for (const t of tags) {
    await tx
      .insert(mlflowVersionTags)
      .values({ versionId, key: t.key, value: t.value })
      .onConflictDoUpdate({ target: [mlflowVersionTags.versionId, mlflowVersionTags.key], set: { value: sql`excluded.value` } });
  }
}

async function modelTagAccess(db: DB, actor: Actor, owner: string, project: string): Promise<ProjectAccess> {
  return requireProject(db, actor, owner, project, "project.settings");
}

/** Sets (or replaces) one tag of a model: project admins, like the model's own tags. */
export async function setModelTag(db: DB, actor: Actor, owner: string, project: string, input: unknown): Promise<void> {
  const access = await modelTagAccess(db, actor, owner, project);
  const tag = parse(mlflowTagSchema, input);
  await db.transaction(async (tx) => {
    const [old] = await tx
      .select({ value: mlflowModelTags.value })
      .from(mlflowModelTags)
      .where(and(eq(mlflowModelTags.projectId, access.project.id), eq(mlflowModelTags.key, tag.key)));
    await putModelTags(tx, access.project.id, [tag]);
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId: actorIdOf(actor),
      verb: "project.updated",
      target: `${access.org.name}/${access.project.name}`,
      details: { fields: ["mlflow_tags"], key: tag.key },
      change: tagChange(tag.key, old?.value ?? null, tag.value),
    });
  });
}

/** Removes one tag of a model; a tag that is not there is a no-op (as MLflow's SQL store). */
export async function deleteModelTag(db: DB, actor: Actor, owner: string, project: string, key: unknown): Promise<void> {
  const access = await modelTagAccess(db, actor, owner, project);
  const k = parse(mlflowTagKey, key);
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(mlflowModelTags)
      .where(and(eq(mlflowModelTags.projectId, access.project.id), eq(mlflowModelTags.key, k)))
      .returning({ value: mlflowModelTags.value });
    if (gone.length) {
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId: actorIdOf(actor),
        verb: "project.updated",
        target: `${access.org.name}/${access.project.name}`,
        details: { fields: ["mlflow_tags"], key: k },
        change: tagChange(k, gone[0].value, null),
      });
    }
  });
}

async function versionTagTarget(db: DB, actor: Actor, owner: string, project: string, version: string) {
  const access = await requireProject(db, actor, owner, project, "version.write");
  const v = await findVersion(db, access.project.id, "model", version);
  // Tags are documentation: a protected version takes them from an admin only (version-lock.ts).
  assertVersionWritable(access, actor, v, "documentation");
  return { access, v };
}

/** Sets (or replaces) one tag of a model version. */
export async function setVersionTag(db: DB, actor: Actor, owner: string, project: string, version: string, input: unknown): Promise<void> {
  const { access, v } = await versionTagTarget(db, actor, owner, project, version);
  const tag = parse(mlflowTagSchema, input);
  await db.transaction(async (tx) => {
    const [old] = await tx
      .select({ value: mlflowVersionTags.value })
      .from(mlflowVersionTags)
      .where(and(eq(mlflowVersionTags.versionId, v.id), eq(mlflowVersionTags.key, tag.key)));
    await putVersionTags(tx, v.id, [tag]);
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId: actorIdOf(actor),
      verb: "version.updated",
      target: v.name,
      details: { kind: v.kind, fields: ["mlflow_tags"], key: tag.key },
      change: tagChange(tag.key, old?.value ?? null, tag.value),
    });
  });
}

/** Removes one tag of a model version; a tag that is not there is a no-op. */
export async function deleteVersionTag(db: DB, actor: Actor, owner: string, project: string, version: string, key: unknown): Promise<void> {
  const { access, v } = await versionTagTarget(db, actor, owner, project, version);
  const k = parse(mlflowTagKey, key);
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(mlflowVersionTags)
      .where(and(eq(mlflowVersionTags.versionId, v.id), eq(mlflowVersionTags.key, k)))
      .returning({ value: mlflowVersionTags.value });
    if (gone.length) {
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId: actorIdOf(actor),
        verb: "version.updated",
        target: v.name,
        details: { kind: v.kind, fields: ["mlflow_tags"], key: k },
        change: tagChange(k, gone[0].value, null),
      });
    }
  });
}
