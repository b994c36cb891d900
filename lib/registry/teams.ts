// Teams of an organization: create, rename, describe, delete; members with a team role. Members of
// the organization read them; managers and owners change them (teams.manage).
import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, projects, projectTeams, teamMembers, teams, users } from "@/db/schema";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, isUniqueViolation } from "./errors";
import { assertNotPersonal, requireOrg, type OrgView } from "./orgs";
import { parse } from "./validate";

export const teamSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "is required")
  .max(39, "must be at most 39 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "may contain only letters, digits and hyphens inside")
  // "new" is a page (settings/teams/new), not a team.
  .refine((v) => v !== "new", "is reserved");
const teamDescription = z.string().trim().max(500, "must be at most 500 characters");

export const createTeamSchema = z.object({ name: teamSlug, description: teamDescription.optional().default("") });
export const updateTeamSchema = z.object({ name: teamSlug.optional(), description: teamDescription.optional() });
export const teamRoleSchema = z.object({
  role: z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(", ")}` }).default("member"),
});

export type TeamSummary = { name: string; description: string; createdAt: Date; membersCount: number };
export type TeamMember = { username: string; name: string; role: ProjectRole; createdAt: Date };
export type TeamDetail = Omit<TeamSummary, "membersCount"> & { membersCount: number; members: TeamMember[] };

const TEAM_MEMBERS_LIMIT = 1000;
const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);
const nameTaken = (org: string, name: string) => ConflictError.field("name", `${org} already has a team named ${name}.`);

/** One page of teams by name, with member counts (one query). */
export async function listTeams(
  db: DB,
  actor: Actor,
  orgName: string,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: TeamSummary[]; org: OrgView }> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const [rows, [total]] = await Promise.all([
    db
      .select({
        name: teams.name,
        description: teams.description,
        createdAt: teams.createdAt,
        // Qualified by hand: drizzle leaves columns unqualified in a one-table select list.
        membersCount: sql<number>`(select count(*)::int from team_members tm where tm.team_id = "teams"."id")`,
      })
      .from(teams)
      .where(eq(teams.orgId, org.id))
      .orderBy(asc(teams.name))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(teams).where(eq(teams.orgId, org.id)),
  ]);
  return { count: Number(total?.n ?? 0), rows, org };
}

async function findTeam(db: DB, orgId: number, name: string) {
  const [t] = await db
    .select({ id: teams.id, name: teams.name, description: teams.description, createdAt: teams.createdAt })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.name, String(name).trim().toLowerCase())))
    .limit(1);
  if (!t) throw new NotFoundError(`Team '${name}' not found`);
  return t;
}

/** A team with its members (bounded). */
export async function getTeam(db: DB, actor: Actor, orgName: string, teamName: string): Promise<TeamDetail & { org: OrgView }> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const t = await findTeam(db, org.id, teamName);
  const members = await db
    .select({ username: users.username, name: users.name, role: teamMembers.role, createdAt: teamMembers.createdAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, t.id))
    .orderBy(asc(users.username))
    .limit(TEAM_MEMBERS_LIMIT);
  return { name: t.name, description: t.description, createdAt: t.createdAt, membersCount: members.length, members, org };
}

export async function createTeam(db: DB, actor: Actor, orgName: string, input: z.input<typeof createTeamSchema>): Promise<TeamSummary> {
  const data = parse(createTeamSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const org = await requireOrg(tx, actor, orgName, "teams.manage");
      assertNotPersonal(org, "teams");
      const [t] = await tx
        .insert(teams)
        .values({ orgId: org.id, name: data.name, description: data.description })
        .returning({ name: teams.name, description: teams.description, createdAt: teams.createdAt });
      await recordActivity(tx, { orgId: org.id, actorId: actorIdOf(actor), verb: "team.created", target: t.name });
      return { ...t, membersCount: 0 };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(orgName, data.name);
    throw err;
  }
}

export async function updateTeam(db: DB, actor: Actor, orgName: string, teamName: string, input: z.input<typeof updateTeamSchema>): Promise<TeamSummary> {
  const data = parse(updateTeamSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const org = await requireOrg(tx, actor, orgName, "teams.manage");
      const t = await findTeam(tx, org.id, teamName);
      const changes: Record<string, { from: string; to: string }> = {};
      if (data.name !== undefined && data.name !== t.name) changes.name = { from: t.name, to: data.name };
      if (data.description !== undefined && data.description !== t.description) {
        changes.description = { from: t.description, to: data.description };
      }
      const [updated] = Object.keys(changes).length
        ? await tx
            .update(teams)
            .set({ name: data.name ?? t.name, description: data.description ?? t.description })
            .where(eq(teams.id, t.id))
            .returning({ name: teams.name, description: teams.description, createdAt: teams.createdAt })
        : [t];
      if (Object.keys(changes).length) {
        await recordActivity(tx, {
          orgId: org.id,
          actorId: actorIdOf(actor),
          verb: changes.name ? "team.renamed" : "team.updated",
          target: updated.name,
          details: { changes },
        });
      }
      const [n] = await tx.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, t.id));
      return { name: updated.name, description: updated.description, createdAt: updated.createdAt, membersCount: Number(n?.n ?? 0) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(orgName, data.name ?? teamName);
    throw err;
  }
}

/**
 * Deletes a team; models restricted to it and other teams lose that entry (foreign key cascade).
 * A model restricted to this team alone blocks the deletion (see below).
 * `confirmName`, when given, must repeat the team's name (the browser's confirmation dialog).
 */
export async function deleteTeam(db: DB, actor: Actor, orgName: string, teamName: string, opts: { confirmName?: string } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, "teams.manage");
    const t = await findTeam(tx, org.id, teamName);
    if (opts.confirmName !== undefined && opts.confirmName.trim().toLowerCase() !== t.name) {
      throw InvalidError.field("confirm", `Type ${t.name} to confirm.`);
    }
    // A model restricted to this team alone would fall back to "open to the whole organization"
    // (no restriction): deleting the team must not widen access behind the admins' backs.
    const [sole] = await tx
      .select({ name: projects.name })
      .from(projectTeams)
      .innerJoin(projects, eq(projects.id, projectTeams.projectId))
      .where(
        and(
          eq(projectTeams.teamId, t.id),
          sql`not exists (select 1 from project_teams other where other.project_id = ${projectTeams.projectId} and other.team_id <> ${t.id})`,
        ),
      )
      .limit(1);
    if (sole) {
      throw new InvalidError(
        `${org.name}/${sole.name} is restricted to ${t.name} alone; deleting the team would open it to the whole organization. Change that model's access first.`,
      );
    }
    await tx.delete(teams).where(eq(teams.id, t.id));
    await recordActivity(tx, { orgId: org.id, actorId: actorIdOf(actor), verb: "team.deleted", target: t.name });
  });
}

/** Adds a member of the organization to the team with a role, or changes their role (PUT). */
export async function setTeamMember(
  db: DB,
  actor: Actor,
  orgName: string,
  teamName: string,
  username: string,
  input: z.input<typeof teamRoleSchema>,
): Promise<{ member: TeamMember; created: boolean }> {
  const { role } = parse(teamRoleSchema, input);
  return db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, "teams.manage", { lock: true });
    const t = await findTeam(tx, org.id, teamName);
    const uname = String(username).trim().toLowerCase();
    if (!uname) throw InvalidError.field("user", "Enter the username of a member of the organization.");
    const [u] = await tx
      .select({ id: users.id, username: users.username, name: users.name, orgRole: memberships.role })
      .from(users)
      .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, org.id)))
      .where(eq(users.username, uname))
      .limit(1);
    // Team roles grant access to the organization's models: only its members may hold one.
    if (!u?.orgRole) {
      throw InvalidError.field("user", `${uname} is not a member of ${org.name}; add them to the organization first.`);
    }
    const [before] = await tx
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, t.id), eq(teamMembers.userId, u.id)))
      .limit(1);
    const [row] = await tx
      .insert(teamMembers)
      .values({ teamId: t.id, userId: u.id, role })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } })
      .returning({ role: teamMembers.role, createdAt: teamMembers.createdAt });
    if (before?.role !== role) {
      await recordActivity(tx, {
        orgId: org.id,
        actorId: actorIdOf(actor),
        verb: before ? "team.member_role_changed" : "team.member_added",
        target: `${t.name}/${u.username}`,
        details: before ? { team: t.name, user: u.username, from: before.role, to: role } : { team: t.name, user: u.username, role },
      });
    }
    return { member: { username: u.username, name: u.name, role: row.role, createdAt: row.createdAt }, created: !before };
  });
}

export async function removeTeamMember(db: DB, actor: Actor, orgName: string, teamName: string, username: string): Promise<void> {
  await db.transaction(async (tx) => {
    const org = await requireOrg(tx, actor, orgName, "teams.manage");
    const t = await findTeam(tx, org.id, teamName);
    const uname = String(username).trim().toLowerCase();
    const [gone] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, t.id), eq(teamMembers.userId, tx.select({ id: users.id }).from(users).where(eq(users.username, uname)))))
      .returning({ role: teamMembers.role });
    if (!gone) throw new NotFoundError(`${uname} is not in team ${t.name}`);
    await recordActivity(tx, {
      orgId: org.id,
      actorId: actorIdOf(actor),
      verb: "team.member_removed",
      target: `${t.name}/${uname}`,
      details: { team: t.name, user: uname, role: gone.role },
    });
  });
}
