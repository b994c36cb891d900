// Model aliases: named pointers (`champion`) to one model version each, unique per model. Setting an existing
// alias moves it; every set, move and removal is one transaction with its history entry (alias_events) and
// its activity. Protected aliases (settings.protectedAliases, default champion) need a project admin.
import "server-only";
import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { aliasEvents, modelAliases, users, versions } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import { assertProjectCan, findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError, isUniqueViolation, pgConstraint } from "./errors";
import { requiresApproval } from "./stages";
import { parse } from "./validate";
import { STAGES } from "./version-view";

export const DEFAULT_PROTECTED_ALIASES = ["champion"];
const RESERVED_ALIASES = new Set<string>([...STAGES, "latest"]);

/** An alias name: a lower-case slug that cannot be mistaken for a stage, `latest` or an automatic `v{n}` name. */
export const aliasName = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/, "must be lower-case letters, digits, '-' and '_', starting and ending with a letter or digit")
  .refine((n) => !RESERVED_ALIASES.has(n), "may not be a stage name or 'latest'")
  .refine((n) => !/^v\d+$/.test(n), "may not look like a version name (v{n})");

export const setAliasSchema = z.object({
  version: z.string({ error: "is required: the version's name, e.g. v12" }).trim().min(1, "is required: the version's name, e.g. v12").max(129),
  reason: z.string().trim().max(200, "must be at most 200 characters").optional().nullable(),
});
export type SetAliasInput = z.input<typeof setAliasSchema>;

export type AliasEntry = { alias: string; version: string; updatedAt: Date; updatedBy: string | null };

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** The aliases only project admins may move (default: champion). */
export function protectedAliases(access: Pick<ProjectAccess, "project">): string[] {
  return access.project.settings?.protectedAliases ?? DEFAULT_PROTECTED_ALIASES;
}

export function aliasPermission(access: Pick<ProjectAccess, "project">, alias: string) {
  return protectedAliases(access).includes(alias) ? ("alias.protected" as const) : ("alias.set" as const);
}

/** Whether the viewer may set, move or remove this alias directly (for the UI; the registry decides again). */
export function canMoveAlias(access: ProjectAccess, alias: string): boolean {
  return projectCan(access.role, aliasPermission(access, alias));
}

function checkAlias(raw: string): string {
  const r = aliasName.safeParse(String(raw ?? "").toLowerCase());
  if (!r.success) throw InvalidError.field("alias", r.error.issues[0].message);
  return r.data;
}

/** The model's aliases, by name: `{alias, version, updatedAt, updatedBy}` (one query). */
export async function listAliasesOf(db: DB, projectId: number): Promise<AliasEntry[]> {
  return db
    .select({ alias: modelAliases.name, version: versions.name, updatedAt: modelAliases.updatedAt, updatedBy: users.username })
    .from(modelAliases)
    .innerJoin(versions, eq(versions.id, modelAliases.versionId))
    .leftJoin(users, eq(users.id, modelAliases.updatedById))
    .where(eq(modelAliases.projectId, projectId))
    .orderBy(asc(modelAliases.name));
}

/** GET …/aliases (anyone who may read the model). */
export async function listAliases(db: DB, actor: Actor, owner: string, project: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  return { access, results: await listAliasesOf(db, access.project.id) };
}

export type SetAliasResult = {
  created: boolean;
  /** A member's move of a protected alias on a model that requires approval: recorded as a request, not applied. */
  pending?: boolean;
  requestId?: string;
  alias: AliasEntry;
};

/** What the actor gets by setting this alias: the move, a request for an admin's approval, or a refusal (null). */
export function aliasOutcome(access: ProjectAccess, alias: string): "move" | "request" | null {
  const perm = aliasPermission(access, alias);
  if (projectCan(access.role, perm)) return "move";
  if (perm === "alias.protected" && requiresApproval(access) && projectCan(access.role, "alias.request")) return "request";
  return null;
}

/**
 * PUT …/aliases/{alias} `{version}`: points the alias at a model version of this model (created: true when
 * new, else moved). The alias row is locked for the transaction, so concurrent moves serialise and each
 * history entry starts from the version the previous one left. A member's move of a protected alias, on a
 * model that requires approval, is recorded as a pending request instead (one per alias).
 */
export async function setAlias(db: DB, actor: Actor, owner: string, project: string, aliasParam: string, input: unknown): Promise<SetAliasResult> {
  const access = await requireProject(db, actor, owner, project, "alias.set");
  const alias = checkAlias(aliasParam);
  const data = parse(setAliasSchema, input);
  const outcome = aliasOutcome(access, alias);
  if (!outcome) assertProjectCan(access, aliasPermission(access, alias), actor);
  const target = await findVersion(db, access.project.id, "model", data.version);
  const actorId = actorIdOf(actor);
  if (outcome === "request") return requestAlias(db, access, actor, alias, { id: target.id, name: target.name }, data.reason ?? "");
  const created = await db.transaction((tx) => applyAlias(tx, access, actorId, alias, { id: target.id, name: target.name }, data.reason ?? ""));
  const entry = (await listAliasesOf(db, access.project.id)).find((a) => a.alias === alias);
  if (!entry) throw new NotFoundError(`Alias '${alias}' not found`);
  return { created, alias: entry };
}

const lockAlias = (tx: DB, projectId: number, alias: string) =>
  tx
    .select()
    .from(modelAliases)
    .where(and(eq(modelAliases.projectId, projectId), eq(modelAliases.name, alias)))
    .for("update");

/** Sets or moves the alias under its row lock, with the history entry and the activity; true when it was created. */
async function applyAlias(
  tx: DB,
  access: ProjectAccess,
  actorId: number | null,
  alias: string,
  target: { id: number; name: string },
  reason: string,
  extra: Record<string, unknown> = {},
) {
  const pid = access.project.id;
  let [cur] = await lockAlias(tx, pid, alias);
  if (!cur) {
    const [ins] = await tx
      .insert(modelAliases)
      .values({ projectId: pid, versionId: target.id, name: alias, updatedById: actorId, updatedAt: sql`clock_timestamp()` })
      .onConflictDoNothing()
      .returning({ id: modelAliases.id });
    if (ins) {
      await recordAliasChange(tx, access, actorId, alias, target, null, reason, extra);
      return true;
    }
    // Another transaction created it meanwhile: wait for it and move it like any other.
    [cur] = await lockAlias(tx, pid, alias);
  }
  if (cur.versionId === target.id) return false;
  const [from] = await tx.select({ id: versions.id, name: versions.name }).from(versions).where(eq(versions.id, cur.versionId));
  await tx.update(modelAliases).set({ versionId: target.id, updatedById: actorId, updatedAt: sql`clock_timestamp()` }).where(eq(modelAliases.id, cur.id));
  await recordAliasChange(tx, access, actorId, alias, target, from ?? null, reason, extra);
  return false;
}

export const PENDING = "Pending";
export const REQUESTED = "Requested";
const ONE_PENDING = "alias_events_one_pending_key";

/** A pending request (alias_events with status Pending), carrying a request id for the decision to name. */
async function requestAlias(
  db: DB,
  access: ProjectAccess,
  actor: Actor,
  alias: string,
  target: { id: number; name: string },
  reason: string,
): Promise<SetAliasResult> {
  const actorId = actorIdOf(actor);
  const requestId = crypto.randomUUID();
  try {
    await db.transaction(async (tx) => {
      const [cur] = await lockAlias(tx, access.project.id, alias);
      const [from] = cur ? await tx.select({ id: versions.id, name: versions.name }).from(versions).where(eq(versions.id, cur.versionId)) : [];
      await tx.insert(aliasEvents).values({
        projectId: access.project.id,
        alias,
        versionId: target.id,
        versionName: target.name,
        fromVersionId: from?.id ?? null,
        fromVersionName: from?.name ?? null,
        status: PENDING,
        reason,
        details: { request_id: requestId },
        actorId,
        createdAt: sql`clock_timestamp()`,
      });
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId,
        verb: "version.alias_requested",
        target: target.name,
        details: { alias, from: from?.name ?? null, to: target.name, request_id: requestId, ...(reason ? { reason } : {}) },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err) && pgConstraint(err) === ONE_PENDING) {
      throw new ConflictError(
        `A move of @${alias} already awaits approval: a project admin must approve or reject it (or its author withdraw it) before another one.`,
      );
    }
    throw err;
  }
  return {
    created: false,
    pending: true,
    requestId,
    alias: { alias, version: target.name, updatedAt: new Date(), updatedBy: actor.kind === "user" ? actor.username : null },
  };
}

export const aliasDecisionSchema = z.object({
  reason: z.string().trim().max(200, "must be at most 200 characters").optional().nullable(),
  request_id: z.string().uuid("must be the request_id of the pending request").optional().nullable(),
});

type AliasDecision = "approve" | "reject" | "withdraw";
const ALIAS_DECISIONS = {
  approve: { status: "True", past: "approved", verb: "version.alias_moved" },
  reject: { status: "Rejected", past: "rejected", verb: "version.alias_rejected" },
  withdraw: { status: "Withdrawn", past: "withdrawn", verb: "version.alias_withdrawn" },
} as const;

/**
 * POST …/aliases/{alias}/approve | reject (project admins) | withdraw (the request's author). Closing the request
 * (status Requested) and applying or refusing it is one transaction under the alias's lock.
 */
export async function decideAliasRequest(
  db: DB,
  actor: Actor,
  owner: string,
  project: string,
  aliasParam: string,
  decision: AliasDecision,
  input: unknown = {},
) {
  const access =
    decision === "withdraw" ? await loadProjectAccess(db, actor, owner, project) : await requireProject(db, actor, owner, project, "alias.protected");
  if (decision === "withdraw" && actor.kind !== "user") throw new UnauthorizedError("Sign in to withdraw your alias request.");
  const alias = String(aliasParam ?? "").toLowerCase();
  const data = parse(aliasDecisionSchema, input ?? {});
  const actorId = actorIdOf(actor);
  const d = ALIAS_DECISIONS[decision];
  await db.transaction(async (tx) => {
    const [cur] = await lockAlias(tx, access.project.id, alias);
    const [req] = await tx
      .select({ e: aliasEvents, user: users.username })
      .from(aliasEvents)
      .leftJoin(users, eq(users.id, aliasEvents.actorId))
      .where(and(eq(aliasEvents.projectId, access.project.id), eq(aliasEvents.alias, alias), eq(aliasEvents.status, PENDING)))
      .for("update", { of: aliasEvents });
    if (!req) throw new ConflictError(`@${alias} has no pending request to ${decision}: it may have been decided or withdrawn meanwhile.`);
    const who = req.user ?? "a deleted user";
    const requestId = String(req.e.details.request_id ?? "");
    if (data.request_id && data.request_id !== requestId)
      throw new ConflictError(`The pending request for @${alias} is no longer the one you saw; look again before you ${decision}.`);
    if (decision === "withdraw" && req.e.actorId !== actorId)
      throw new ForbiddenError(`Only ${who}, who asked, may withdraw this request; a project admin may reject it.`);
    if (decision === "approve") {
      if (!req.e.versionId) throw new ConflictError(`The version ${who} asked to point @${alias} at no longer exists; reject the request.`);
      if ((cur?.versionId ?? null) !== req.e.fromVersionId)
        throw new ConflictError(`@${alias} moved since ${who} asked; reject the request, and ${who} may ask again.`);
    }
    await tx.update(aliasEvents).set({ status: REQUESTED }).where(eq(aliasEvents.id, req.e.id));
    const reason = data.reason || `${d.past[0].toUpperCase()}${d.past.slice(1)}`;
    const extra = { decision: d.past, request_id: requestId, requested_by: req.user };
    if (decision === "approve") {
      await applyAlias(tx, access, actorId, alias, { id: req.e.versionId!, name: req.e.versionName ?? "" }, reason, extra);
      return;
    }
    await tx.insert(aliasEvents).values({
      projectId: access.project.id,
      alias,
      versionId: req.e.versionId,
      versionName: req.e.versionName,
      fromVersionId: req.e.fromVersionId,
      fromVersionName: req.e.fromVersionName,
      status: d.status,
      reason,
      details: extra,
      actorId,
      createdAt: sql`clock_timestamp()`,
    });
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId,
      verb: d.verb,
      target: req.e.versionName ?? alias,
      details: { alias, from: req.e.fromVersionName, to: req.e.versionName, reason, ...extra },
    });
  });
  const entry = (await listAliasesOf(db, access.project.id)).find((a) => a.alias === alias) ?? null;
  return { access, alias: entry };
}

/** The open request of an alias, if any (for the version page). */
export async function pendingAliasRequests(db: DB, projectId: number) {
  return db
    .select({
      alias: aliasEvents.alias,
      version: aliasEvents.versionName,
      from: aliasEvents.fromVersionName,
      requestId: sql<string>`${aliasEvents.details}->>'request_id'`,
      requestedBy: users.username,
      requestedById: aliasEvents.actorId,
      reason: aliasEvents.reason,
      createdAt: aliasEvents.createdAt,
    })
    .from(aliasEvents)
    .leftJoin(users, eq(users.id, aliasEvents.actorId))
    .where(and(eq(aliasEvents.projectId, projectId), eq(aliasEvents.status, PENDING)))
    .orderBy(asc(aliasEvents.id));
}

/** DELETE …/aliases/{alias}. */
export async function removeAlias(db: DB, actor: Actor, owner: string, project: string, aliasParam: string): Promise<void> {
  const access = await requireProject(db, actor, owner, project, "alias.set");
  const alias = String(aliasParam ?? "").toLowerCase();
  assertProjectCan(access, aliasPermission(access, alias), actor);
  const actorId = actorIdOf(actor);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(modelAliases)
      .where(and(eq(modelAliases.projectId, access.project.id), eq(modelAliases.name, alias)))
      .returning({ versionId: modelAliases.versionId });
    if (!gone) throw new NotFoundError(`Alias '${alias}' not found`);
    const [from] = await tx.select({ id: versions.id, name: versions.name }).from(versions).where(eq(versions.id, gone.versionId));
    await recordAliasChange(tx, access, actorId, alias, null, from ?? null, "");
  });
}

type Ref = { id: number; name: string } | null;

/** The history entry and the activity of one set (from null), move or removal (to null). */
async function recordAliasChange(
  tx: DB,
  access: ProjectAccess,
  actorId: number | null,
  alias: string,
  to: Ref,
  from: Ref,
  reason: string,
  extra: Record<string, unknown> = {},
) {
  await tx.insert(aliasEvents).values({
    projectId: access.project.id,
    alias,
    versionId: to?.id ?? null,
    versionName: to?.name ?? null,
    fromVersionId: from?.id ?? null,
    fromVersionName: from?.name ?? null,
    reason,
    details: extra,
    actorId,
    createdAt: sql`clock_timestamp()`,
  });
  const verb = !to ? "version.alias_removed" : from ? "version.alias_moved" : "version.alias_set";
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId,
    verb,
    target: to?.name ?? from?.name ?? alias,
    details: { alias, from: from?.name ?? null, to: to?.name ?? null, ...(reason ? { reason } : {}), ...extra },
  });
}

export type AliasHistoryEntry = {
  alias: string;
  /** set: the alias now points here; moved: it moved here from `from`, or away to `to`; removed: taken off. */
  action: "set" | "moved_in" | "moved_out" | "removed";
  from: string | null;
  to: string | null;
  status: string;
  reason: string;
  user: string | null;
  createdAt: Date;
};

/** The alias entries that concern a version (it gained or lost an alias), oldest first; bounded like the stage history. */
export async function aliasHistoryOf(db: DB, versionId: number, limit = 1000): Promise<AliasHistoryEntry[]> {
  const rows = await db
    .select({ e: aliasEvents, user: users.username })
    .from(aliasEvents)
    .leftJoin(users, eq(users.id, aliasEvents.actorId))
    .where(or(eq(aliasEvents.versionId, versionId), eq(aliasEvents.fromVersionId, versionId)))
    .orderBy(asc(aliasEvents.id))
    .limit(limit);
  return rows.map(({ e, user }) => ({
    alias: e.alias,
    action: e.versionId === versionId ? (e.fromVersionId ? "moved_in" : "set") : e.versionId ? "moved_out" : "removed",
    from: e.fromVersionName,
    to: e.versionName,
    status: e.status,
    reason: e.reason,
    user,
    createdAt: e.createdAt,
  }));
}

/** The history of one alias, newest first (for tests and the API's callers). */
export async function aliasEventsOf(db: DB, projectId: number, alias: string) {
  return db
    .select()
    .from(aliasEvents)
    .where(and(eq(aliasEvents.projectId, projectId), eq(aliasEvents.alias, alias)))
    .orderBy(desc(aliasEvents.id));
}

/** The aliases of these versions (one query), version id → names; for callers that have only ids. */
export async function aliasesOfVersions(db: DB, versionIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!versionIds.length) return out;
  const rows = await db
    .select({ v: modelAliases.versionId, name: modelAliases.name })
    .from(modelAliases)
    .where(inArray(modelAliases.versionId, versionIds))
    .orderBy(asc(modelAliases.name));
  for (const r of rows) out.set(r.v, [...(out.get(r.v) ?? []), r.name]);
  return out;
}
