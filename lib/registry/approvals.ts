// The approval workflow for protected stages (DESIGN §3 settings.requireApproval, §4 "approve a pending
// transition"). A member's request is a stage condition with status Pending (stages.ts records it; one per
// version, a partial unique index). Deciding on it closes it (its status becomes Requested, so the history
// keeps it) and appends the decision: "True" for an approval, which moves the version in the same
// transaction, "Rejected" for an admin's refusal, "Withdrawn" when its author takes it back.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { stageConditions, users, versions, type Stage } from "@/db/schema";
import type { Actor } from "./actor";
import { findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from "./errors";
import { PENDING, REQUESTED, type StageObject } from "./stages";
import { lockForExclusive, retireHolders, retiresHolders } from "./exclusive-stages";
import { parse } from "./validate";
import { STAGES, checkKind } from "./version-view";
import { stageObjectFor } from "./redact";

export const REJECTED = "Rejected";
export const WITHDRAWN = "Withdrawn";

/** An open request to move a version, for the version page's banner. */
export type PendingRequest = {
  requestId: string;
  type: Stage;
  fromStage: Stage | null;
  reason: string;
  message: string;
  requestedBy: string | null;
  requestedById: number | null;
  createdAt: Date;
};

export const decisionSchema = z.object({
  reason: z.string().trim().max(200, "must be at most 200 characters").optional().nullable(),
  message: z.string().trim().max(2000, "must be at most 2000 characters").optional().nullable(),
  // The request the caller decided on (meta_info.request_id of the Pending condition): when given and another
  // request is pending by now, the decision is refused rather than applied to something the caller did not see.
  request_id: z.string().uuid("must be the request_id of the pending condition").optional().nullable(),
});
export type DecisionInput = z.input<typeof decisionSchema>;

function selectPending(db: DB) {
  return db
    .select({
      id: stageConditions.id,
      type: stageConditions.type,
      fromStage: stageConditions.fromStage,
      reason: stageConditions.reason,
      message: stageConditions.message,
      details: stageConditions.details,
      actorId: stageConditions.actorId,
      createdAt: stageConditions.createdAt,
      user: users.username,
    })
    .from(stageConditions)
    .leftJoin(users, eq(users.id, stageConditions.actorId));
}

type PendingRow = Awaited<ReturnType<ReturnType<typeof selectPending>["where"]>>[number];

const toRequest = (r: PendingRow): PendingRequest => ({
  requestId: String(r.details.request_id ?? ""),
  type: r.type,
  fromStage: r.fromStage,
  reason: r.reason,
  message: r.message,
  requestedBy: r.user,
  requestedById: r.actorId,
  createdAt: r.createdAt,
});

/** The open request of a version, if any (one indexed lookup). No permission check: callers have read the version. */
export async function pendingRequestOf(db: DB, versionId: number): Promise<PendingRequest | null> {
  const [row] = await selectPending(db)
    .where(and(eq(stageConditions.versionId, versionId), eq(stageConditions.status, PENDING)))
    .limit(1);
  return row ? toRequest(row) : null;
}

/**
 * Which of these versions await approval (for lists: one query on the partial unique index). Returns
 * version id → the requested stage.
 */
export async function awaitingApproval(db: DB, versionIds: number[]): Promise<Map<number, Stage>> {
  if (!versionIds.length) return new Map();
  const rows = await db
    .select({ versionId: stageConditions.versionId, type: stageConditions.type })
    .from(stageConditions)
    .where(and(inArray(stageConditions.versionId, versionIds), eq(stageConditions.status, PENDING)));
  return new Map(rows.map((r) => [r.versionId, r.type]));
}

/** How many versions of a model await approval (the overview's flag); the partial index keeps it small. */
export async function countAwaitingApproval(db: DB, projectId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(stageConditions)
    .innerJoin(versions, eq(versions.id, stageConditions.versionId))
    .where(and(eq(stageConditions.status, PENDING), eq(versions.projectId, projectId)));
  return Number(row?.n ?? 0);
}

type Decision = "approve" | "reject" | "withdraw";

/** Each decision: the condition it appends, its default reason, and the activity it records. */
const DECISIONS = {
  approve: { status: "True", past: "approved", verb: "version.stage_changed" },
  reject: { status: REJECTED, past: "rejected", verb: "version.stage_rejected" },
  withdraw: { status: WITHDRAWN, past: "withdrawn", verb: "version.stage_withdrawn" },
} as const;

/** POST …/stages/approve: moves the version as requested (project admin). */
export function approveStageRequest(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown = {}) {
  return decide(db, actor, owner, project, kind, name, input, "approve");
}

/** POST …/stages/reject: refuses the request; the version stays (project admin). */
export function rejectStageRequest(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown = {}) {
  return decide(db, actor, owner, project, kind, name, input, "reject");
}

/** POST …/stages/withdraw: the request's author takes it back. */
export function withdrawStageRequest(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown = {}) {
  return decide(db, actor, owner, project, kind, name, input, "withdraw");
}

async function authorize(db: DB, actor: Actor, owner: string, project: string, decision: Decision): Promise<ProjectAccess> {
  if (decision !== "withdraw") return requireProject(db, actor, owner, project, "stage.approve");
  // Withdrawing needs only to see the model and to be the request's author (checked under the lock).
  const access = await loadProjectAccess(db, actor, owner, project);
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to withdraw your stage request.");
  return access;
}

async function decide(
  db: DB,
  actor: Actor,
  owner: string,
  project: string,
  kind: string,
  name: string,
  input: unknown,
  decision: Decision,
): Promise<StageObject> {
  const access = await authorize(db, actor, owner, project, decision);
  const target = await findVersion(db, access.project.id, checkKind(kind), name);
  const data = parse(decisionSchema, input ?? {});
  const actorId = actor.kind === "user" ? actor.userId : null;
  await db.transaction(async (tx) => {
    // An approval may retire the holder of an exclusive stage: like changeStage, the project lock comes first.
    if (decision === "approve" && target.kind === "model") await lockForExclusive(tx, access.project.id);
    // The same lock as changeStage: decisions and stage changes of one version serialise, and each sees
    // what the previous one left (a second approval finds no pending request any more).
    const [v] = await tx.select({ stage: versions.stage, name: versions.name }).from(versions).where(eq(versions.id, target.id)).for("update");
    if (!v) throw new NotFoundError(`Version '${name}' not found`);
    const [row] = await selectPending(tx)
      .where(and(eq(stageConditions.versionId, target.id), eq(stageConditions.status, PENDING)))
      .limit(1);
    const d = DECISIONS[decision];
    if (!row) throw new ConflictError(`${v.name} has no pending stage request to ${decision}: it may have been decided or withdrawn meanwhile.`);
    const req = toRequest(row);
    const who = req.requestedBy ?? "a deleted user";
    if (data.request_id && data.request_id !== req.requestId) {
      throw new ConflictError(
        `The pending request of ${v.name} is no longer the one you saw (${who} now asks for ${req.type}); look again before you ${decision}.`,
      );
    }
    if (decision === "withdraw" && req.requestedById !== actorId) {
      throw new ForbiddenError(`Only ${who}, who asked, may withdraw this request; a project admin may reject it.`);
    }
    if (decision === "approve" && req.fromStage && v.stage !== req.fromStage) {
      throw new ConflictError(
        `${v.name} moved from ${req.fromStage} to ${v.stage} since ${who} asked to move it to ${req.type}; reject the request, and ${who} may ask again.`,
      );
    }
    const reason = data.reason || `${d.past[0].toUpperCase()}${d.past.slice(1)}`;
    // Approving the move approves what it retires (the previous holder of an exclusive stage), in the same transaction.
    const archive = typeof row.details.archive_existing === "boolean" ? row.details.archive_existing : null;
    const retireTo =
      typeof row.details.retire_to === "string" && (STAGES as readonly string[]).includes(row.details.retire_to) ? (row.details.retire_to as Stage) : null;
    const retired =
      decision === "approve" && target.kind === "model" && retiresHolders(access, req.type, archive, retireTo)
        ? await retireHolders(tx, access, actorId, { id: target.id, name: v.name }, req.type, retireTo)
        : [];
    // Close the request first (it stays in the history as Requested), then append the decision after it.
    await tx.update(stageConditions).set({ status: REQUESTED }).where(eq(stageConditions.id, row.id));
    await tx.insert(stageConditions).values({
      versionId: target.id,
      type: req.type,
      fromStage: decision === "approve" ? v.stage : req.fromStage,
      status: d.status,
      reason,
      message: data.message ?? "",
      details: { decision: d.past, request_id: req.requestId, requested_by: req.requestedBy, ...(retired.length ? { retired } : {}) },
      actorId,
      // clock_timestamp(): after the lock wait, like every stage change (see changeStage).
      createdAt: sql`clock_timestamp()`,
    });
    if (decision === "approve") await tx.update(versions).set({ stage: req.type, updatedAt: sql`now()` }).where(eq(versions.id, target.id));
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId,
      verb: d.verb,
      target: v.name,
      details: {
        kind: target.kind,
        from: req.fromStage,
        to: req.type,
        applied: decision === "approve",
        reason,
        request_id: req.requestId,
        requested_by: req.requestedBy,
        ...(retired.length ? { retired } : {}),
      },
    });
  });
  return stageObjectFor(db, actor, access, target.id);
}
