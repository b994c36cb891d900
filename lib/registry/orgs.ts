// Organizations: the ones a user belongs to, lookups with the actor's role, create, update, delete,
// and requireOrg() — the permission gate every organization-scoped registry function starts with.
import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, organizations } from "@/db/schema";
import { ORG_PERMISSIONS, orgCan, type OrgPermission, type OrgRole } from "@/lib/authz";
import type { Actor, UserActor } from "./actor";
import { cappedProjectCount, orgProjectsVisibleTo, PROJECT_COUNT_CAP } from "./access";
import { collectBlobs, deleteFileRows } from "./blob-gc";
import { recordActivity } from "./activity";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError, isUniqueViolation } from "./errors";
import { personalOrgId } from "./personal-org";
import { ownerSlug, parse } from "./validate";

export type OrgSummary = {
  id: number;
  name: string;
  displayName: string;
  description: string;
  personal: boolean;
  role: OrgRole;
  /** The models the actor may see in it (the organization page's count), at most PROJECT_COUNT_CAP. */
  projectCount: number;
  /** More than PROJECT_COUNT_CAP models: show the count as "10,000+". */
  projectCountCapped: boolean;
  createdAt: Date;
};

// The count is the organization page's own rule (orgProjectsVisibleTo), not every project of the org.
const summaryColumns = (actor: Actor) => ({
  id: organizations.id,
  name: organizations.name,
  displayName: organizations.displayName,
  description: organizations.description,
  personal: organizations.personal,
  role: memberships.role,
  projectCount: cappedProjectCount(orgProjectsVisibleTo(actor, organizations.id)),
  createdAt: organizations.createdAt,
});

/** The organizations the actor belongs to, personal first, with the actor's role and a project count. */
export async function listMyOrganizations(db: DB, actor: Actor): Promise<OrgSummary[]> {
  if (actor.kind !== "user") return [];
  return withCap(await myOrgsQuery(db, actor).limit(200));
}

function myOrgsQuery(db: DB, actor: UserActor) {
  return db
    .select(summaryColumns(actor))
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, actor.userId))
    .orderBy(sql`${organizations.personal} desc`, asc(organizations.name))
    .$dynamic();
}

function withCap(rows: Omit<OrgSummary, "projectCountCapped">[]): OrgSummary[] {
  return rows.map((r) => ({
    ...r,
    projectCount: Math.min(Number(r.projectCount), PROJECT_COUNT_CAP),
    projectCountCapped: Number(r.projectCount) > PROJECT_COUNT_CAP,
  }));
}

/** One page of the actor's organizations and how many there are (signed-out callers have none: 401). */
export async function listMyOrganizationsPage(db: DB, actor: Actor, page: { limit: number; offset: number }): Promise<{ count: number; rows: OrgSummary[] }> {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to list your organizations.");
  const [rows, [total]] = await Promise.all([
    myOrgsQuery(db, actor).limit(page.limit).offset(page.offset).then(withCap),
    db.select({ n: count() }).from(memberships).where(eq(memberships.userId, actor.userId)),
  ]);
  return { count: Number(total?.n ?? 0), rows };
}

export type OrgView = {
  id: number;
  name: string;
  displayName: string;
  description: string;
  personal: boolean;
  createdAt: Date;
  /** The actor's role; null for outsiders and signed-out visitors. */
  viewerRole: OrgRole | null;
};

const viewColumns = {
  id: organizations.id,
  name: organizations.name,
  displayName: organizations.displayName,
  description: organizations.description,
  personal: organizations.personal,
  createdAt: organizations.createdAt,
  viewerRole: memberships.role,
};

/** An organization by name, with the actor's role in it. Organizations are visible to everyone. */
export async function getOrganization(db: DB, actor: Actor, name: string, opts: { lock?: boolean } = {}): Promise<OrgView> {
  const userId = actor.kind === "user" ? actor.userId : -1;
  const query = db
    .select(viewColumns)
    .from(organizations)
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.name, String(name).trim().toLowerCase()))
    .limit(1)
    .$dynamic();
  // Locking the organization row serialises concurrent membership changes (the last-owner rule).
  const [row] = await (opts.lock ? query.for("update", { of: organizations }) : query);
  if (!row) throw new NotFoundError(`Organization '${name}' not found`);
  return row;
}

const ACTION_TEXT: Record<OrgPermission, string> = {
  "org.read": "see the members, teams and activity of",
  "project.create": "create models in",
  "org.update": "change the settings of",
  "members.manage": "manage the members of",
  "teams.manage": "manage the teams of",
  "owners.manage": "add, change or remove owners of",
  "org.delete": "delete",
  "webhooks.manage": "manage the webhooks of",
};

/** Throws unless the actor's role allows `permission`: 401 when signed out, 403 otherwise. */
export function assertOrgCan(org: OrgView, actor: Actor, permission: OrgPermission): void {
  if (orgCan(org.viewerRole, permission)) return;
  const action = `${ACTION_TEXT[permission]} ${org.name}`;
  if (actor.kind !== "user") throw new UnauthorizedError(`Sign in to ${action}.`);
  const needed = ORG_PERMISSIONS[permission];
  const have = org.viewerRole ? `your role is ${org.viewerRole}` : "you are not a member";
  throw new ForbiddenError(`Only ${needed}s${needed === "owner" ? "" : " and above"} may ${action}; ${have}.`);
}

/** The organization `name` and the actor's role, after checking one permission (404, then 401/403). */
export async function requireOrg(db: DB, actor: Actor, name: string, permission: OrgPermission, opts: { lock?: boolean } = {}): Promise<OrgView> {
  const org = await getOrganization(db, actor, name, opts);
  assertOrgCan(org, actor, permission);
  return org;
}

/** Personal organizations are one person's namespace: no other members, no teams. */
export function assertNotPersonal(org: OrgView, what: string): void {
  if (org.personal) {
    throw new InvalidError(`${org.name} is a personal organization and has no ${what}; create an organization to work with others.`);
  }
}

const displayName = z.string().trim().max(100, "must be at most 100 characters");
const description = z.string().trim().max(500, "must be at most 500 characters");

export const createOrgSchema = z.object({
  name: ownerSlug,
  displayName: displayName.optional().default(""),
  description: description.optional().default(""),
});

export const updateOrgSchema = z.object({
  name: ownerSlug.optional(),
  displayName: displayName.optional(),
  description: description.optional(),
});

const nameTaken = () => ConflictError.field("name", "This name is taken by a user or an organization.");

/** Creates an organization owned by the actor. */
export async function createOrganization(db: DB, actor: Actor, input: z.input<typeof createOrgSchema>): Promise<OrgView> {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to create an organization.");
  const data = parse(createOrgSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ name: data.name, displayName: data.displayName || data.name, description: data.description })
        .returning({ ...viewColumns, viewerRole: sql<OrgRole>`'owner'` });
      await tx.insert(memberships).values({ orgId: org.id, userId: actor.userId, role: "owner" });
      await recordActivity(tx, { orgId: org.id, actorId: actor.userId, verb: "org.created", target: org.name });
      return { ...org, viewerRole: "owner" as const };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/**
 * Changes the display name and description (managers and owners). Renaming changes every
 * OWNER/PROJECT reference that scripts and CLIs hold, so it takes an owner, like deleting.
 */
export async function updateOrganization(db: DB, actor: Actor, name: string, input: z.input<typeof updateOrgSchema>): Promise<OrgView> {
  const data = parse(updateOrgSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const org = await requireOrg(tx, actor, name, "org.update", { lock: true });
      const renamed = data.name !== undefined && data.name !== org.name;
      if (renamed) {
        assertOrgCan(org, actor, "org.delete");
        if (org.personal) throw InvalidError.field("name", "A personal organization is named after its user and cannot be renamed.");
      }
      const changes: Record<string, { from: string; to: string }> = {};
      if (renamed) changes.name = { from: org.name, to: data.name! };
      if (data.displayName !== undefined && data.displayName !== org.displayName) {
        changes.displayName = { from: org.displayName, to: data.displayName };
      }
      if (data.description !== undefined && data.description !== org.description) {
        changes.description = { from: org.description, to: data.description };
      }
      if (!Object.keys(changes).length) return org;
      const [updated] = await tx
        .update(organizations)
        .set({
          ...(changes.name ? { name: changes.name.to } : {}),
          ...(changes.displayName ? { displayName: changes.displayName.to } : {}),
          ...(changes.description ? { description: changes.description.to } : {}),
        })
        .where(eq(organizations.id, org.id))
        .returning({ ...viewColumns, viewerRole: sql<OrgRole | null>`null` });
      await recordActivity(tx, {
        orgId: org.id,
        actorId: actor.kind === "user" ? actor.userId : null,
        verb: changes.name ? "org.renamed" : "org.updated",
        target: updated.name,
        details: { changes },
      });
      return { ...updated, viewerRole: org.viewerRole };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/**
 * Deletes an organization with everything in it (owners only). `confirmName`, when given, must
 * repeat the name (the browser's confirmation dialog). Recorded in the actor's personal activity,
 * since the organization's own log goes with it.
 */
export async function deleteOrganization(db: DB, actor: Actor, name: string, opts: { confirmName?: string } = {}): Promise<void> {
  const hashes = await db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, name, "org.delete", { lock: true });
    if (org.personal) throw new InvalidError(`${org.name} is a personal organization: it belongs to its user and cannot be deleted.`);
    if (opts.confirmName !== undefined && opts.confirmName.trim().toLowerCase() !== org.name) {
      throw InvalidError.field("confirm", `Type ${org.name} to confirm.`);
    }
    const actorId = actor.kind === "user" ? actor.userId : null;
    const gone = await deleteFileRows(tx, { orgId: org.id });
    await tx.delete(organizations).where(eq(organizations.id, org.id));
    await recordActivity(tx, {
      orgId: actorId ? await personalOrgId(tx, actorId) : null,
      actorId,
      verb: "org.deleted",
      target: org.name,
    });
    return gone;
  });
  // The blobs its models held and no other organization shares.
  await collectBlobs(db, hashes);
}
