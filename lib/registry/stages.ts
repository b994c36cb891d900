// Stage changes with their append-only history (stage_conditions), and which changes a viewer may make.
// When a model requires approval, a member's change into or out of a protected stage is recorded as a
// pending request (status Pending) instead of being refused; approvals.ts decides on it.
import "server-only";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { stageConditions, users, versions, type Stage } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import { assertProjectCan, findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, NotFoundError, isUniqueViolation, pgConstraint } from "./errors";
import { exclusiveFallback, lockForExclusive, retireHolders, retiresHolders } from "./exclusive-stages";
import { parse } from "./validate";
import { STAGES, checkKind, type stageObject } from "./version-view";
import { stageObjectFor } from "./redact";

// Kept here too: callers that change stages often move versions as well.
export { transferVersion, copyVersion } from "./version-transfer";

export const stageChangeSchema = z.object({
  condition: z.object(
    {
      type: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
      // Polyaxon sends true or "True"; false records a condition without moving the version.
      status: z
        .union([z.boolean(), z.string().trim().max(20)])
        .optional()
        .nullable(),
      reason: z.string().trim().max(200, "must be at most 200 characters").optional().nullable(),
      message: z.string().trim().max(2000, "must be at most 2000 characters").optional().nullable(),
      // Sent by Polyaxon's CLI and ignored: the server's clock decides what is stored.
      last_update_time: z.unknown().optional(),
      last_transition_time: z.unknown().optional(),
    },
    { error: "is required: {type, status, reason, message}" },
  ),
  // Ours (Polyaxon's CLI never sends it): retire the versions already in the target stage (true), or keep them
  // even in an exclusive stage (false). Default: the model's exclusive-stage setting decides.
  archive_existing: z.boolean({ error: "must be true or false" }).optional().nullable(),
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

/** Whether the model turns members' protected stage changes into requests for an admin's approval. */
export function requiresApproval(access: Pick<ProjectAccess, "project">): boolean {
  return Boolean(access.project.settings?.requireApproval);
}

/**
 * What the actor gets by asking to move a version from `from` to `to`: the move itself, a pending request
 * (a member, on a model that requires approval, for a protected stage), or nothing (null).
 */
export function stageOutcome(access: ProjectAccess, from: Stage, to: Stage): "move" | "request" | null {
  const perm = stagePermission(access, from, to);
  if (projectCan(access.role, perm)) return "move";
  if (perm === "stage.protected" && requiresApproval(access) && projectCan(access.role, "stage.request")) return "request";
  return null;
}

/** The stages the viewer may move a version in `from` into (for the UI; changeStage decides again). */
export function allowedStages(access: ProjectAccess, from: Stage): Stage[] {
  return STAGES.filter((to) => to !== from && stageOutcome(access, from, to) === "move");
}

/** The stages the viewer may ask an admin to move a version in `from` into (the model requires approval). */
export function requestableStages(access: ProjectAccess, from: Stage): Stage[] {
  return STAGES.filter((to) => to !== from && stageOutcome(access, from, to) === "request");
}

/** The status of an open request in stage_conditions; a decided one becomes REQUESTED (see approvals.ts). */
export const PENDING = "Pending";
export const REQUESTED = "Requested";
const ONE_PENDING = "stage_conditions_one_pending_key";

export type StageObject = Awaited<ReturnType<typeof stageObject>>;
/** The answer of a stage change: the stage object, and whether it only recorded a request awaiting approval. */
export type StageChangeResult = { pending: boolean; stage: StageObject };

const applied = (s: boolean | string | null | undefined) => (s == null ? true : typeof s === "boolean" ? s : !/^(false|0|no|f)$/i.test(s));

/** Moves a version to a stage (POST …/stages) and answers the stage object; see changeStageOrRequest. */
export async function changeStage(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  return (await changeStageOrRequest(db, actor, owner, project, kind, name, input)).stage;
}

/**
 * Moves a version to a stage, or — a member, on a model that requires approval, asking for a protected
 * stage — records a pending request for a project admin (`pending: true`, the version stays). The version
 * row is locked first, so concurrent changes serialise: each reads the stage the previous one left, and the
 * final stage equals the last applied history entry. One pending request per version: another is a 409.
 */
export async function changeStageOrRequest(
  db: DB,
  actor: Actor,
  owner: string,
  project: string,
  kind: string,
  name: string,
  input: unknown,
  opts: StageChangeOptions = {},
): Promise<StageChangeResult> {
  const access = await requireProject(db, actor, owner, project, "stage.change");
  const target = await findVersion(db, access.project.id, checkKind(kind), name);
  const { condition, archive_existing: archive } = parse(stageChangeSchema, input);
  const status = applied(condition.status);
  const actorId = actor.kind === "user" ? actor.userId : null;
  const retireTo = opts.retireTo ?? null;
  // Entering an exclusive stage takes the project lock first (before the version's, the order every writer
  // uses), so concurrent entries serialise and each retires the holder the previous one left.
  const retire = status && target.kind === "model" && retiresHolders(access, condition.type, archive, retireTo);
  let pending = false;
  try {
    await db.transaction(async (tx) => {
      if (retire) await lockForExclusive(tx, access.project.id);
      const [v] = await tx.select({ stage: versions.stage, name: versions.name }).from(versions).where(eq(versions.id, target.id)).for("update");
      if (!v) throw new NotFoundError(`Version '${name}' not found`);
      // The holders' move (the target stage → where they retire) is a stage change too: when it needs an approval
      // the actor may only ask for, the whole change becomes the request (approved together, approvals.ts).
      const outcomes = [
        stageOutcome(access, v.stage, condition.type),
        ...(retire ? [stageOutcome(access, condition.type, retireTo ?? exclusiveFallback(access))] : []),
      ];
      if (status && outcomes.includes("request") && !outcomes.includes(null)) {
        pending = true;
        await recordRequest(tx, access, actorId, target, v, condition, archive, retireTo);
        return;
      }
      await applyChange(tx, access, actor, actorId, target, v, condition, status, retire, retireTo);
    });
  } catch (err) {
    // Two requests that raced past the check: the partial unique index keeps one.
    if (isUniqueViolation(err) && pgConstraint(err) === ONE_PENDING) throw alreadyPending(target.name, null);
    throw err;
  }
  return { pending, stage: await stageObjectFor(db, actor, access, target.id) };
}

function alreadyPending(version: string, p: { type: string; user: string | null } | null): ConflictError {
  const who = p?.user ?? "Someone";
  const what = p ? ` to ${p.type}` : "";
  return new ConflictError(
    `${who} already asked to move ${version}${what}: a project admin must approve or reject that request (or its author withdraw it) before another one.`,
  );
}

/** Set by callers, not by the wire format: where retired holders go (MLflow's archive_existing_versions: disabled). */
export type StageChangeOptions = { retireTo?: Stage | null };

type Condition = z.output<typeof stageChangeSchema>["condition"];
type Locked = { stage: Stage; name: string };

/** A pending request: the condition with status Pending, carrying a request id for the decision to name. */
async function recordRequest(
  tx: DB,
  access: ProjectAccess,
  actorId: number | null,
  target: { id: number; kind: string },
  v: Locked,
  condition: Condition,
  archive?: boolean | null,
  retireTo?: Stage | null,
) {
  const [open] = await tx
    .select({ type: stageConditions.type, user: users.username })
    .from(stageConditions)
    .leftJoin(users, eq(users.id, stageConditions.actorId))
    .where(and(eq(stageConditions.versionId, target.id), eq(stageConditions.status, PENDING)))
    .limit(1);
  if (open) throw alreadyPending(v.name, open);
  const requestId = crypto.randomUUID();
  await tx.insert(stageConditions).values({
    versionId: target.id,
    type: condition.type,
    fromStage: v.stage,
    status: PENDING,
    reason: condition.reason ?? "",
    message: condition.message ?? "",
    details: { request_id: requestId, ...(archive != null ? { archive_existing: archive } : {}), ...(retireTo ? { retire_to: retireTo } : {}) },
    actorId,
    createdAt: sql`clock_timestamp()`,
  });
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId,
    verb: "version.stage_requested",
    target: v.name,
    details: { kind: target.kind, from: v.stage, to: condition.type, applied: false, reason: condition.reason ?? "", request_id: requestId },
  });
}

async function applyChange(
  tx: DB,
  access: ProjectAccess,
  actor: Actor,
  actorId: number | null,
  target: { id: number; kind: string },
  v: Locked,
  condition: Condition,
  status: boolean,
  retire = false,
  retireTo: Stage | null = null,
) {
  assertProjectCan(access, stagePermission(access, v.stage, condition.type), actor);
  if (retire) assertProjectCan(access, stagePermission(access, condition.type, retireTo ?? exclusiveFallback(access)), actor);
  // The previous holder of an exclusive stage leaves it in the same transaction (its entry comes first).
  const retired = retire ? await retireHolders(tx, access, actorId, { id: target.id, name: v.name }, condition.type, retireTo) : [];
  await tx.insert(stageConditions).values({
    versionId: target.id,
    type: condition.type,
    fromStage: v.stage,
    status: status ? "True" : "False",
    reason: condition.reason ?? "",
    message: condition.message ?? "",
    ...(retired.length ? { details: { retired } } : {}),
    actorId,
    // clock_timestamp(), not now(): now() is when the transaction began, possibly before it waited
    // for the lock, which could order this entry before the change it waited for.
    createdAt: sql`clock_timestamp()`,
  });
  if (status) await tx.update(versions).set({ stage: condition.type, updatedAt: sql`now()` }).where(eq(versions.id, target.id));
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId,
    verb: "version.stage_changed",
    target: v.name,
    details: { kind: target.kind, from: v.stage, to: condition.type, applied: status, reason: condition.reason ?? "", ...(retired.length ? { retired } : {}) },
  });
}

/** GET …/stages: `{uuid, stage, stage_conditions}`. */
export async function getStages(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  return stageObjectFor(db, actor, access, v.id);
}
