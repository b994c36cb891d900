// Members of an organization: list, add (by username or email), change a role, remove, leave.
// Managers and owners manage members; only owners touch owners; an organization always keeps an owner.
import "server-only";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, teamMembers, teams, users } from "@/db/schema";
import { ORG_ROLES, orgCan, type OrgRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, UnauthorizedError } from "./errors";
import { assertNotPersonal, assertOrgCan, requireOrg, type OrgView } from "./orgs";
import { findUser } from "./users";
import { parse } from "./validate";

export type Member = {
  username: string;
  name: string;
  /** Shown only to those who manage members. */
  email: string | null;
  role: OrgRole;
  createdAt: Date;
};

const roleSchema = z.enum(ORG_ROLES, { error: `must be one of ${ORG_ROLES.join(", ")}` });
export const addMemberSchema = z.object({
  user: z.string().trim().min(1, "enter a username or an email address").max(254),
  role: roleSchema.default("member"),
});
export const changeRoleSchema = z.object({ role: roleSchema });

const memberColumns = {
  userId: users.id,
  username: users.username,
  name: users.name,
  email: users.email,
  role: memberships.role,
  createdAt: memberships.createdAt,
};

/** One page of members, by username; the actor must be a member (org.read). */
export async function listMembers(
  db: DB,
  actor: Actor,
  orgName: string,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: Member[]; org: OrgView }> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const showEmail = orgCan(org.viewerRole, "members.manage");
  const [rows, [total]] = await Promise.all([
    db
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, org.id))
      .orderBy(asc(users.username))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, org.id)),
  ]);
  return { count: Number(total?.n ?? 0), rows: rows.map((r) => toMember(r, showEmail)), org };
}

function toMember(r: { username: string; name: string; email: string; role: OrgRole; createdAt: Date }, showEmail: boolean): Member {
  return { username: r.username, name: r.name, email: showEmail ? r.email : null, role: r.role, createdAt: r.createdAt };
}

async function findMembership(db: DB, orgId: number, username: string) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.username, String(username).trim().toLowerCase())))
    .limit(1);
  return row ?? null;
}

async function ownerCount(db: DB, orgId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return Number(row?.n ?? 0);
}

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** Adds an existing user (username or email) with a role. Owners alone may add an owner. */
export async function addMember(db: DB, actor: Actor, orgName: string, input: z.input<typeof addMemberSchema>): Promise<Member> {
  const data = parse(addMemberSchema, input);
  return db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, "members.manage", { lock: true });
    assertNotPersonal(org, "other members");
    if (data.role === "owner") assertOrgCan(org, actor, "owners.manage");
    const user = await findUser(tx, data.user);
    if (!user) throw InvalidError.field("user", `No user with the username or email '${data.user}'.`);
    const inserted = await tx
      .insert(memberships)
      .values({ orgId: org.id, userId: user.id, role: data.role })
      .onConflictDoNothing()
      .returning({ createdAt: memberships.createdAt });
    if (!inserted.length) throw ConflictError.field("user", `${user.username} is already a member of ${org.name}.`);
    await recordActivity(tx, {
      orgId: org.id,
      actorId: actorIdOf(actor),
      verb: "member.added",
      target: user.username,
      details: { role: data.role },
    });
    return { username: user.username, name: user.name, email: user.email, role: data.role, createdAt: inserted[0].createdAt };
  });
}

/** Changes a member's role. Owners alone promote to or demote from owner; the last owner stays. */
export async function changeMemberRole(db: DB, actor: Actor, orgName: string, username: string, input: z.input<typeof changeRoleSchema>): Promise<Member> {
  const { role } = parse(changeRoleSchema, input);
  return db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, "members.manage", { lock: true });
    const m = await findMembership(tx, org.id, username);
    if (!m) throw new NotFoundError(`${username} is not a member of ${org.name}`);
    if (m.role === role) return toMember(m, true);
    if (m.role === "owner" || role === "owner") assertOrgCan(org, actor, "owners.manage");
    if (m.role === "owner" && (await ownerCount(tx, org.id)) <= 1) {
      throw InvalidError.field("role", `${m.username} is the last owner of ${org.name}; make someone else an owner first.`);
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, m.userId)));
    await recordActivity(tx, {
      orgId: org.id,
      actorId: actorIdOf(actor),
      verb: "member.role_changed",
      target: m.username,
      details: { from: m.role, to: role },
    });
    return toMember({ ...m, role }, true);
  });
}

/**
 * Removes a member — or, when `username` is the actor, leaves. Leaving needs no permission; removing
 * someone else needs members.manage (owners.manage for an owner). The last owner can do neither.
 * The member's places in the organization's teams go too: a team grant must not outlive membership.
 */
export async function removeMember(db: DB, actor: Actor, orgName: string, username: string): Promise<void> {
  if (actor.kind !== "user") throw new UnauthorizedError(`Sign in to manage the members of ${orgName}.`);
  const self = String(username).trim().toLowerCase() === actor.username;
  await db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, self ? "org.read" : "members.manage", { lock: true });
    const m = await findMembership(tx, org.id, username);
    if (!m) throw new NotFoundError(`${username} is not a member of ${org.name}`);
    if (m.role === "owner" && !self) assertOrgCan(org, actor, "owners.manage");
    if (m.role === "owner" && (await ownerCount(tx, org.id)) <= 1) {
      throw new InvalidError(
        self
          ? `You are the last owner of ${org.name}: make someone else an owner before you leave${org.personal ? "" : ", or delete the organization"}.`
          : `${m.username} is the last owner of ${org.name} and cannot be removed.`,
      );
    }
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, m.userId), inArray(teamMembers.teamId, tx.select({ id: teams.id }).from(teams).where(eq(teams.orgId, org.id)))));
    await tx.delete(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, m.userId)));
    await recordActivity(tx, {
      orgId: org.id,
      actorId: actor.userId,
      verb: self ? "member.left" : "member.removed",
      target: m.username,
      details: { role: m.role },
    });
  });
}

/** The actor leaves the organization. */
export async function leaveOrganization(db: DB, actor: Actor, orgName: string): Promise<void> {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in first.");
  await removeMember(db, actor, orgName, actor.username);
}

/** Usernames of members, for pickers (team membership). Bounded; the actor must be a member. */
export async function memberUsernames(db: DB, actor: Actor, orgName: string, limit = 500): Promise<string[]> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const rows = await db
    .select({ username: users.username })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, org.id))
    .orderBy(asc(users.username))
    .limit(limit);
  return rows.map((r) => r.username);
}
