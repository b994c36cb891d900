// Who may use a model: the teams it is restricted to, per-user grants (outsiders included), and the
// list of everyone with access and why. Project admins change these (project.settings).
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, projectTeams, projectUsers, teamMembers, teams, users } from "@/db/schema";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { assertProjectCan, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { guardAdmins } from "./admin-guard";
import { InvalidError, NotFoundError } from "./errors";
import { findUser } from "./users";
import { parse } from "./validate";

/** Limits of one model's access lists (a model shared with thousands of people one by one is a team). */
import { ACCESS_LIST_LIMIT } from "./access-list";
export { ACCESS_LIST_LIMIT, listProjectAccess, type AccessEntry } from "./access-list";

const role = z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(", ")}` });
export const grantSchema = z.object({
  user: z.string().trim().min(1, "a username or email is required").max(320),
  role: role.default("viewer"),
});
export const teamNamesSchema = z
  .array(z.string().trim().toLowerCase().min(1).max(39))
  .max(100, "at most 100 teams")
  .transform((t) => [...new Set(t)]);

type Tx = DB;
const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);
const targetOf = (a: ProjectAccess) => `${a.org.name}/${a.project.name}`;

export type TeamChoice = { name: string; description: string; members: number; selected: boolean };
export type Grant = { username: string; name: string; email: string; role: ProjectRole; member: boolean; createdAt: Date };

/** Every team of the model's organization, and whether the model is restricted to it. */
export async function teamChoices(db: DB, actor: Actor, access: ProjectAccess): Promise<TeamChoice[]> {
  assertProjectCan(access, "project.settings", actor);
  return db
    .select({
      name: teams.name,
      description: teams.description,
      members: sql<number>`(select count(*)::int from ${teamMembers} tm where tm.team_id = "teams"."id")`,
      selected: sql<boolean>`exists(select 1 from ${projectTeams} pt where pt.team_id = "teams"."id" and pt.project_id = ${access.project.id})`,
    })
    .from(teams)
    .where(eq(teams.orgId, access.org.id))
    .orderBy(asc(teams.name))
    .limit(ACCESS_LIST_LIMIT);
}

/** The per-user grants on the model, with whether each person is a member of the organization. */
export async function listGrants(db: DB, actor: Actor, access: ProjectAccess): Promise<Grant[]> {
  assertProjectCan(access, "project.settings", actor);
  return db
    .select({
      username: users.username,
      name: users.name,
      email: users.email,
      role: projectUsers.role,
      member: sql<boolean>`exists(select 1 from ${memberships} m where m.org_id = ${access.org.id} and m.user_id = "users"."id")`,
      createdAt: projectUsers.createdAt,
    })
    .from(projectUsers)
    .innerJoin(users, eq(users.id, projectUsers.userId))
    .where(eq(projectUsers.projectId, access.project.id))
    .orderBy(asc(users.username))
    .limit(ACCESS_LIST_LIMIT);
}

/** Replaces the teams the model is restricted to (empty: open to the whole organization). In the caller's transaction. */
export async function writeTeams(tx: Tx, actor: Actor, access: ProjectAccess, names: string[]): Promise<void> {
  assertProjectCan(access, "project.settings", actor);
  const found = names.length
    ? await tx
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(and(eq(teams.orgId, access.org.id), inArray(teams.name, names)))
    : [];
  const missing = names.filter((n) => !found.some((t) => t.name === n));
  if (missing.length) throw InvalidError.field("teams", `${access.org.name} has no team named ${missing.join(", ")}.`);
  await tx.delete(projectTeams).where(eq(projectTeams.projectId, access.project.id));
  if (found.length) await tx.insert(projectTeams).values(found.map((t) => ({ projectId: access.project.id, teamId: t.id })));
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId: actorIdOf(actor),
    verb: "project.teams_changed",
    target: targetOf(access),
    details: { teams: found.map((t) => t.name).sort() },
  });
}

async function userFor(db: DB, who: string) {
  const u = await findUser(db, who);
  if (!u) throw InvalidError.field("user", `No account with the username or email '${who.trim()}'.`);
  return u;
}

/** Adds or changes one person's grant. In the caller's transaction. */
export async function writeGrant(tx: Tx, actor: Actor, access: ProjectAccess, input: z.output<typeof grantSchema>): Promise<void> {
  assertProjectCan(access, "project.settings", actor);
  const u = await userFor(tx, input.user);
  await tx
    .insert(projectUsers)
    .values({ projectId: access.project.id, userId: u.id, role: input.role })
    .onConflictDoUpdate({ target: [projectUsers.projectId, projectUsers.userId], set: { role: input.role } });
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId: actorIdOf(actor),
    verb: "project.access_granted",
    target: targetOf(access),
    details: { user: u.username, role: input.role },
  });
}

/** Replaces every grant with `grants` (the API's PATCH). In the caller's transaction. */
export async function writeGrants(tx: Tx, actor: Actor, access: ProjectAccess, grants: z.output<typeof grantSchema>[]): Promise<void> {
  assertProjectCan(access, "project.settings", actor);
  const resolved = [];
  for (const g of grants) resolved.push({ user: await userFor(tx, g.user), role: g.role });
  const byId = new Map(resolved.map((r) => [r.user.id, r]));
  await tx.delete(projectUsers).where(eq(projectUsers.projectId, access.project.id));
  if (byId.size) await tx.insert(projectUsers).values([...byId.values()].map((r) => ({ projectId: access.project.id, userId: r.user.id, role: r.role })));
  await recordActivity(tx, {
    orgId: access.org.id,
    projectId: access.project.id,
    actorId: actorIdOf(actor),
    verb: "project.grants_changed",
    target: targetOf(access),
    details: { users: [...byId.values()].map((r) => ({ user: r.user.username, role: r.role })) },
  });
}

/**
 * `confirm`: go ahead with a change that takes the actor's own admin access away or leaves only the
 * organization's owners and managers as admins (refused with ConfirmationRequiredError otherwise).
 */
export type AccessChangeOptions = { confirm?: boolean };
/** The actor's role on the model after the change (null: no access left), so a page can move on. */
export type AccessChangeResult = { role: ProjectRole | null };

/** Restricts the model to these teams of its organization, or opens it to all of it (`[]`). */
export async function setProjectTeams(
  db: DB,
  actor: Actor,
  owner: string,
  name: string,
  input: unknown,
  opts: AccessChangeOptions = {},
): Promise<AccessChangeResult> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const names = parse(teamNamesSchema, input);
  const role = await db.transaction((tx) => guardAdmins(tx, actor, access, Boolean(opts.confirm), () => writeTeams(tx, actor, access, names)));
  return { role };
}

/** Gives someone (member or outsider, by username or email) a role on the model, or changes it. */
export async function grantProjectAccess(
  db: DB,
  actor: Actor,
  owner: string,
  name: string,
  input: unknown,
  opts: AccessChangeOptions = {},
): Promise<AccessChangeResult> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const data = parse(grantSchema, input);
  const role = await db.transaction((tx) => guardAdmins(tx, actor, access, Boolean(opts.confirm), () => writeGrant(tx, actor, access, data)));
  return { role };
}

/** Removes someone's grant (their organization or team role, if any, still applies). */
export async function revokeProjectAccess(
  db: DB,
  actor: Actor,
  owner: string,
  name: string,
  username: string,
  opts: AccessChangeOptions = {},
): Promise<AccessChangeResult> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const u = await findUser(db, username);
  const role = await db.transaction((tx) =>
    guardAdmins(tx, actor, access, Boolean(opts.confirm), async () => {
      const gone = u
        ? await tx
            .delete(projectUsers)
            .where(and(eq(projectUsers.projectId, access.project.id), eq(projectUsers.userId, u.id)))
            .returning({ id: projectUsers.userId })
        : [];
      if (!u || !gone.length) throw new NotFoundError(`${username} has no grant on ${targetOf(access)}.`);
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId: actorIdOf(actor),
        verb: "project.access_revoked",
        target: targetOf(access),
        details: { user: u.username },
      });
    }),
  );
  return { role };
}
