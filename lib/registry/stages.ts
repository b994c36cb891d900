// Stage changes with their append-only history (stage_conditions), and which changes a viewer may make.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { stageConditions, versions, type Stage } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import { assertProjectCan, findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { NotFoundError } from "./errors";
import { parse } from "./validate";
import { STAGES, checkKind, stageObject } from "./version-view";

// Kept here too: callers that change stages often move versions as well.
export { transferVersion, copyVersion } from "./version-transfer";

export const stageChangeSchema = z.object({
  condition: z.object(
    {
      type: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
      // Polyaxon sends true or "True"; false records a condition without moving the version.
      status: z.union([z.boolean(), z.string().trim().max(20)]).optional().nullable(),
      reason: z.string().trim().max(200, "must be at most 200 characters").optional().nullable(),
      message: z.string().trim().max(2000, "must be at most 2000 characters").optional().nullable(),
      // Sent by Polyaxon's CLI and ignored: the server's clock decides what is stored.
      last_update_time: z.unknown().optional(),
      last_transition_time: z.unknown().optional(),
    },
    { error: "is required: {type, status, reason, message}" },
  ),
});
export type StageChangeInput = z.input<typeof stageChangeSchema>;

/** The project's protected stages (settings.protectedStages), production unless configured. */
export function protectedStages(access: Pick<ProjectAccess, "project">): Stage[] {
  return access.project.settings?.protectedStages ?? ["production"];
}

/**
 * Entering a protected stage needs "stage.protected" (project admin), and so does leaving one: taking the
 * production version out of production is as consequential as putting one in. Anything else needs "stage.change".
 */
export function stagePermission(access: Pick<ProjectAccess, "project">, from: Stage, to: Stage) {
  const prot = protectedStages(access);
  return prot.includes(to) || prot.includes(from) ? ("stage.protected" as const) : ("stage.change" as const);
}

/** The stages the viewer may move a version in `from` into (for the UI; changeStage decides again). */
export function allowedStages(access: ProjectAccess, from: Stage): Stage[] {
  return STAGES.filter((to) => to !== from && projectCan(access.role, stagePermission(access, from, to)));
}

const applied = (s: boolean | string | null | undefined) => (s == null ? true : typeof s === "boolean" ? s : !/^(false|0|no|f)$/i.test(s));

/**
 * Moves a version to a stage (POST …/stages). The version row is locked first, so concurrent changes
 * serialise: each reads the stage the previous one left, and the final stage equals the last history entry.
 */
export async function changeStage(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "stage.change");
  const target = await findVersion(db, access.project.id, checkKind(kind), name);
  const { condition } = parse(stageChangeSchema, input);
  const status = applied(condition.status);
  const actorId = actor.kind === "user" ? actor.userId : null;
  await db.transaction(async (tx) => {
    const [v] = await tx.select({ stage: versions.stage, name: versions.name }).from(versions).where(eq(versions.id, target.id)).for("update");
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
      // clock_timestamp(), not now(): now() is when the transaction began, possibly before it waited
      // for the lock, which could order this entry before the change it waited for.
      createdAt: sql`clock_timestamp()`,
    });
    if (status) await tx.update(versions).set({ stage: condition.type, updatedAt: sql`now()` }).where(eq(versions.id, target.id));
    await recordActivity(tx, {
      orgId: access.org.id, projectId: access.project.id, actorId, verb: "version.stage_changed", target: v.name,
      details: { kind: target.kind, from: v.stage, to: condition.type, applied: status, reason: condition.reason ?? "" },
    });
  });
  return stageObject(db, target.id);
}

/** GET …/stages: `{uuid, stage, stage_conditions}`. */
export async function getStages(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  return stageObject(db, v.id);
}
