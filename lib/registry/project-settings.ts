// A model's access settings: team restriction, per-user grants, promotion sources, protected stages,
// and the list of everyone with access and why. Project admins only.
import "server-only";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, organizations, projects, projectSources, projectTeams, projectUsers, teamMembers, teams, users } from "@/db/schema";
import { describeAccess, explainProjectRole, PROJECT_ROLES, type OrgRole, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { InvalidError } from "./errors";
import { FEATURES } from "./projects";
import { parse } from "./validate";

export const settingsSchema = z
  .object({
    excluded_features: z.array(z.enum(FEATURES)).max(3),
    protected_stages: z.array(z.enum(["testing", "staging", "production", "disabled"])).max(4),
    teams: z.array(z.string().trim().min(1)).max(100),
    grants: z.array(z.object({ user: z.string().trim().min(1, "is required"), role: z.enum(PROJECT_ROLES, { error: "must be viewer, member or admin" }) })).max(500),
    sources: z.array(z.string().trim().min(1)).max(100),
  })
  .partial();

export type AccessEntry = { username: string; name: string; role: ProjectRole; why: string };

export async function getProjectSettings(db: DB, actor: Actor, owner: string, name: string) {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const pid = access.project.id;
  const [restricted, grants, sources, orgTeams, orgProjects] = await Promise.all([
    db.select({ id: teams.id, name: teams.name }).from(projectTeams).innerJoin(teams, eq(teams.id, projectTeams.teamId)).where(eq(projectTeams.projectId, pid)).orderBy(asc(teams.name)),
    db.select({ username: users.username, name: users.name, role: projectUsers.role }).from(projectUsers).innerJoin(users, eq(users.id, projectUsers.userId)).where(eq(projectUsers.projectId, pid)).orderBy(asc(users.username)),
    db.select({ name: projects.name }).from(projectSources).innerJoin(projects, eq(projects.id, projectSources.sourceProjectId)).where(eq(projectSources.projectId, pid)).orderBy(asc(projects.name)),
    db.select({ name: teams.name }).from(teams).where(eq(teams.orgId, access.org.id)).orderBy(asc(teams.name)).limit(500),
    db.select({ name: projects.name }).from(projects).where(and(eq(projects.orgId, access.org.id), sql`${projects.id} <> ${pid}`)).orderBy(asc(projects.name)).limit(500),
  ]);
  return {
    access,
    teams: restricted.map((t) => t.name),
    grants,
    sources: sources.map((s) => `${access.org.name}/${s.name}`),
    protectedStages: access.project.settings.protectedStages ?? ["production"],
    orgTeams: orgTeams.map((t) => t.name),
    orgProjects: orgProjects.map((p) => p.name),
    everyone: await whoHasAccess(db, access, restricted.map((t) => t.id)),
  };
}

/** Everyone with access and why ("admin via organization role owner", "member via team vision"): three queries, no N+1. */
async function whoHasAccess(db: DB, access: ProjectAccess, teamIds: number[]): Promise<AccessEntry[]> {
  const pid = access.project.id;
  const [members, teamRows, grantRows] = await Promise.all([
    db.select({ id: users.id, username: users.username, name: users.name, role: memberships.role }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.orgId, access.org.id)).limit(5000),
    teamIds.length
      ? db.select({ id: users.id, username: users.username, name: users.name, role: teamMembers.role, team: teams.name }).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId)).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(inArray(teamMembers.teamId, teamIds))
      : Promise.resolve([] as { id: number; username: string; name: string; role: ProjectRole; team: string }[]),
    db.select({ id: users.id, username: users.username, name: users.name, role: projectUsers.role }).from(projectUsers).innerJoin(users, eq(users.id, projectUsers.userId)).where(eq(projectUsers.projectId, pid)),
  ]);
  const people = new Map<number, { username: string; name: string; orgRole: OrgRole | null; teamRoles: { role: ProjectRole; team: string }[]; grant: ProjectRole | null }>();
  const person = (u: { id: number; username: string; name: string }) => {
    if (!people.has(u.id)) people.set(u.id, { username: u.username, name: u.name, orgRole: null, teamRoles: [], grant: null });
    return people.get(u.id)!;
  };
  for (const m of members) person(m).orgRole = m.role;
  for (const t of teamRows) person(t).teamRoles.push({ role: t.role, team: t.team });
  for (const g of grantRows) person(g).grant = g.role;
  const out: AccessEntry[] = [];
  for (const p of people.values()) {
    const { role, reason } = explainProjectRole({ orgRole: p.orgRole, restricted: teamIds.length > 0, teamRoles: p.teamRoles.map((t) => t.role), grant: p.grant, isPublic: false });
    if (!role) continue;
    let why = describeAccess(reason);
    if (reason?.via === "team") why = `${role} via team ${p.teamRoles.filter((t) => t.role === role).map((t) => t.team).join(", ")}`;
    out.push({ username: p.username, name: p.name, role, why });
  }
  const rank = { admin: 0, member: 1, viewer: 2 } as const;
  return out.sort((a, b) => rank[a.role] - rank[b.role] || a.username.localeCompare(b.username));
}

export async function updateProjectSettings(db: DB, actor: Actor, owner: string, name: string, input: unknown) {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const data = parse(settingsSchema, input);
  const pid = access.project.id;
  await db.transaction(async (tx) => {
    if (data.excluded_features || data.protected_stages) {
      await tx
        .update(projects)
        .set({
          ...(data.excluded_features ? { excludedFeatures: [...new Set(data.excluded_features)] } : {}),
          ...(data.protected_stages ? { settings: { ...access.project.settings, protectedStages: [...new Set(data.protected_stages)] } } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(projects.id, pid));
    }
    if (data.teams) {
      const names = [...new Set(data.teams.map((t) => t.toLowerCase()))];
      const found = names.length ? await tx.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.orgId, access.org.id), inArray(teams.name, names))) : [];
      const missing = names.filter((n) => !found.some((f) => f.name === n));
      if (missing.length) throw InvalidError.field("teams", `no team named ${missing.join(", ")} in ${access.org.name}`);
      await tx.delete(projectTeams).where(eq(projectTeams.projectId, pid));
      if (found.length) await tx.insert(projectTeams).values(found.map((t) => ({ projectId: pid, teamId: t.id })));
    }
    if (data.grants) {
      const wanted = data.grants.map((g) => ({ ...g, user: g.user.toLowerCase() }));
      const found = wanted.length
        ? await tx.select({ id: users.id, username: users.username, email: users.email }).from(users).where(or(inArray(users.username, wanted.map((g) => g.user)), inArray(users.email, wanted.map((g) => g.user))))
        : [];
      const rows = wanted.map((g) => {
        const u = found.find((f) => f.username === g.user || f.email === g.user);
        if (!u) throw InvalidError.field("grants", `no user '${g.user}'`);
        return { projectId: pid, userId: u.id, role: g.role };
      });
      await tx.delete(projectUsers).where(eq(projectUsers.projectId, pid));
      if (rows.length) await tx.insert(projectUsers).values(rows).onConflictDoUpdate({ target: [projectUsers.projectId, projectUsers.userId], set: { role: sql`excluded.role` } });
    }
    if (data.sources) {
      const names = [...new Set(data.sources.map((s) => s.toLowerCase()))].map((s) => {
        const [o, n] = s.includes("/") ? s.split("/", 2) : [access.org.name, s];
        if (o !== access.org.name) throw InvalidError.field("sources", `runs can be promoted only from models of ${access.org.name}, not '${s}'`);
        return n;
      });
      const found = names.length ? await tx.select({ id: projects.id, name: projects.name }).from(projects).innerJoin(organizations, eq(organizations.id, projects.orgId)).where(and(eq(projects.orgId, access.org.id), inArray(projects.name, names))) : [];
      const missing = names.filter((n) => !found.some((f) => f.name === n));
      if (missing.length) throw InvalidError.field("sources", `no model named ${missing.join(", ")} in ${access.org.name}`);
      if (found.some((f) => f.id === pid)) throw InvalidError.field("sources", "a model is always a source of itself; list other models");
      await tx.delete(projectSources).where(eq(projectSources.projectId, pid));
      if (found.length) await tx.insert(projectSources).values(found.map((f) => ({ projectId: pid, sourceProjectId: f.id })));
    }
    await recordActivity(tx, {
      orgId: access.org.id, projectId: pid, actorId: actor.kind === "user" ? actor.userId : null, verb: "project.settings_changed",
      target: `${access.org.name}/${access.project.name}`, details: { fields: Object.keys(data) },
    });
  });
  return getProjectSettings(db, actor, owner, name);
}
