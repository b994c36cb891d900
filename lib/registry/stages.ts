// Stage changes with their append-only history, and moving versions between models (transfer, copy).
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { files, stageConditions, versions, type Stage } from "@/db/schema";
import type { Actor } from "./actor";
import { findVersion, loadProjectAccess, requireProject, assertProjectCan, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, isUniqueViolation } from "./errors";
import { parse } from "./validate";
import { STAGES, conditionsOf, loadVersionView, versionName } from "./versions";

export const stageChangeSchema = z.object({
  condition: z.object({
    type: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
    status: z.union([z.boolean(), z.string().max(20)]).optional(),
    reason: z.string().max(200, "must be at most 200 characters").optional().nullable(),
    message: z.string().max(2000, "must be at most 2000 characters").optional().nullable(),
    // Sent by Polyaxon's CLI; the server's own clock decides what is stored.
    last_update_time: z.string().optional().nullable(),
    last_transition_time: z.string().optional().nullable(),
  }),
});

export function protectedStages(access: ProjectAccess): Stage[] {
  return access.project.settings.protectedStages ?? ["production"];
}

/** Entering or leaving a protected stage needs project admin; any other move needs member. */
export function stagePermission(access: ProjectAccess, from: Stage, to: Stage) {
  const prot = protectedStages(access);
  return prot.includes(to) || prot.includes(from) ? ("stage.protected" as const) : ("stage.change" as const);
}

const truthy = (s: boolean | string | undefined) => (s === undefined ? true : typeof s === "boolean" ? s : !/^(false|0|no)$/i.test(s.trim()));

export async function changeStage(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "stage.change");
  const target = await findVersion(db, access.project.id, kind, name);
  const { condition } = parse(stageChangeSchema, input);
  const status = truthy(condition.status);
  const actorId = actor.kind === "user" ? actor.userId : null;
  await db.transaction(async (tx) => {
    // Lock the version: concurrent changes serialise, so the stage always equals the last history entry.
    const [v] = await tx.select({ stage: versions.stage }).from(versions).where(eq(versions.id, target.id)).for("update");
    if (!v) throw new NotFoundError(`Version '${name}' not found`);
    assertProjectCan(access, stagePermission(access, v.stage, condition.type), actor);
    await tx.insert(stageConditions).values({
      versionId: target.id,
      type: condition.type,
      fromStage: v.stage,
      status: status ? "True" : "False",
      reason: condition.reason ?? "",
      message: condition.message ?? "",
      actorId,
      createdAt: sql`clock_timestamp()`,
    });
    if (status) await tx.update(versions).set({ stage: condition.type, updatedAt: sql`now()` }).where(eq(versions.id, target.id));
    await recordActivity(tx, {
      orgId: access.org.id, projectId: access.project.id, actorId, verb: "version.stage_changed", target: name,
      details: { from: v.stage, to: condition.type, reason: condition.reason ?? "" },
    });
  });
  return stageObject(db, target.id);
}

export async function getStages(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const v = await findVersion(db, access.project.id, kind, name);
  return stageObject(db, v.id);
}

/** Exactly `{uuid, stage, stage_conditions}`: Polyaxon's CLI rejects unknown keys. */
async function stageObject(db: DB, versionId: number) {
  const v = await loadVersionView(db, versionId);
  return { uuid: v.uuid, stage: v.stage, stage_conditions: await conditionsOf(db, versionId) };
}

/** `bar` (same owner) or `owner/bar`; another organization is refused. */
async function targetProject(db: DB, actor: Actor, source: ProjectAccess, ref: string): Promise<ProjectAccess> {
  const [owner, name] = ref.includes("/") ? ref.split("/", 2) : [source.org.name, ref];
  if (owner.toLowerCase() !== source.org.name) throw InvalidError.field("project", "versions move only between models of the same organization");
  const target = await loadProjectAccess(db, actor, owner, name).catch((err) => {
    if (err instanceof NotFoundError) throw InvalidError.field("project", `model '${ref}' not found`);
    throw err;
  });
  assertProjectCan(target, "version.transfer", actor);
  if (target.project.id === source.project.id) throw InvalidError.field("project", "is the model the version is already in");
  return target;
}

const moveSchema = z.object({ project: z.string().trim().min(1, "is required").max(300), name: versionName.optional() });

export async function transferVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const source = await requireProject(db, actor, owner, project, "version.transfer");
  const v = await findVersion(db, source.project.id, kind, name);
  const data = parse(moveSchema, input);
  const target = await targetProject(db, actor, source, data.project);
  const actorId = actor.kind === "user" ? actor.userId : null;
  try {
    await db.transaction(async (tx) => {
      await tx.update(versions).set({ projectId: target.project.id, updatedAt: sql`now()` }).where(eq(versions.id, v.id));
      const details = { from: `${source.org.name}/${source.project.name}`, to: `${target.org.name}/${target.project.name}` };
      await recordActivity(tx, { orgId: source.org.id, projectId: source.project.id, actorId, verb: "version.transferred_out", target: v.name, details });
      await recordActivity(tx, { orgId: target.org.id, projectId: target.project.id, actorId, verb: "version.transferred_in", target: v.name, details });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("project", `${target.project.name} already has a version named '${v.name}'.`);
    throw err;
  }
  return { access: target, version: await loadVersionView(db, v.id), conditions: await conditionsOf(db, v.id) };
}

/** A copy keeps metadata, lineage and files (blobs are shared by hash); it starts at testing and says where it came from. */
export async function copyVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const source = await requireProject(db, actor, owner, project, "version.transfer");
  const v = await findVersion(db, source.project.id, kind, name);
  const data = parse(moveSchema, input);
  const target = await targetProject(db, actor, source, data.project);
  const newName = data.name ?? v.name;
  const actorId = actor.kind === "user" ? actor.userId : null;
  const from = `${source.org.name}/${source.project.name}:${v.name}`;
  try {
    const id = await db.transaction(async (tx) => {
      const [c] = await tx
        .insert(versions)
        .values({
          projectId: target.project.id, kind: v.kind, name: newName, nameNumber: /^v\d{1,9}$/.test(newName) ? Number(newName.slice(1)) : null,
          description: v.description, tags: v.tags, runId: v.runId, externalRun: v.externalRun, artifacts: v.artifacts, metaInfo: v.metaInfo,
          content: v.content, readme: v.readme, connection: v.connection, copiedFromId: v.id, createdById: actorId,
        })
        .returning({ id: versions.id });
      await tx.execute(sql`insert into ${files} (version_id, path, size, sha256, content_type, created_by_id)
        select ${c.id}, path, size, sha256, content_type, ${actorId} from ${files} where version_id = ${v.id}`);
      await tx.insert(stageConditions).values({ versionId: c.id, type: "testing", reason: "Copied", message: `Copied from ${from}`, details: { copied_from: from }, actorId });
      await recordActivity(tx, { orgId: target.org.id, projectId: target.project.id, actorId, verb: "version.copied", target: newName, details: { from } });
      return c.id;
    });
    return { access: target, version: await loadVersionView(db, id), conditions: await conditionsOf(db, id) };
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `${target.project.name} already has a version named '${newName}'.`);
    throw err;
  }
}

