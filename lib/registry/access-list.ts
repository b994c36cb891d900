// Everyone with access to a model and why (the access page and the last-admin guard read it).
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, projectTeams, projectUsers, teamMembers, teams, users } from "@/db/schema";
import { describeAccess, explainProjectRole, type AccessReason, type OrgRole, type ProjectRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { assertProjectCan, type ProjectAccess } from "./access";

export const ACCESS_LIST_LIMIT = 1000;

export type AccessEntry = {
  username: string;
  name: string;
  role: ProjectRole;
  reason: AccessReason;
  /** "admin via organization role owner", "member via team vision", "viewer via direct grant". */
  why: string;
  orgRole: OrgRole | null;
  grant: ProjectRole | null;
};

type TeamRole = { team: string; role: ProjectRole };

/**
 * Everyone with access to the model and why, in one query: the organization's members, the members
 * of the teams it is restricted to and the people granted access, each with the facts that decide
 * their role (explainProjectRole, the same rule as every check). "Anyone may read" is not a row.
 */
export async function listProjectAccess(db: DB, actor: Actor, access: ProjectAccess): Promise<AccessEntry[]> {
  assertProjectCan(access, "project.settings", actor);
  const pid = access.project.id;
  const oid = access.org.id;
  const rows = await db
    .select({
      username: users.username,
      name: users.name,
      orgRole: memberships.role,
      grant: projectUsers.role,
      restricted: sql<boolean>`exists(select 1 from ${projectTeams} pt where pt.project_id = ${pid})`,
      teamRoles: sql<TeamRole[] | string | null>`(select json_agg(json_build_object('team', t.name, 'role', tm.role) order by tm.role desc, t.name)
        from ${projectTeams} pt join ${teamMembers} tm on tm.team_id = pt.team_id join ${teams} t on t.id = pt.team_id
        where pt.project_id = ${pid} and tm.user_id = "users"."id")`,
    })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.orgId, oid), eq(memberships.userId, users.id)))
    .leftJoin(projectUsers, and(eq(projectUsers.projectId, pid), eq(projectUsers.userId, users.id)))
    .where(
      sql`"users"."id" in (select m.user_id from ${memberships} m where m.org_id = ${oid}
        union select pu.user_id from ${projectUsers} pu where pu.project_id = ${pid}
        union select tm.user_id from ${projectTeams} pt join ${teamMembers} tm on tm.team_id = pt.team_id where pt.project_id = ${pid})`,
    )
    .orderBy(asc(users.username))
    .limit(ACCESS_LIST_LIMIT);
  const out: AccessEntry[] = [];
  for (const r of rows) {
    const teamRoles = parseTeamRoles(r.teamRoles);
    // Private facts only: the public fallback is shown once, not as a row per person.
    const { role, reason } = explainProjectRole({
      orgRole: r.orgRole,
      restricted: Boolean(r.restricted),
      teamRoles: teamRoles.map((t) => t.role),
      grant: r.grant,
      isPublic: false,
    });
    if (!role || !reason) continue;
    const team = reason.via === "team" ? teamRoles.find((t) => t.role === reason.role)?.team : undefined;
    out.push({
      username: r.username,
      name: r.name,
      role,
      reason,
      why: team ? `${describeAccess(reason)} ${team}` : describeAccess(reason),
      orgRole: r.orgRole,
      grant: r.grant,
    });
  }
  // Admins first, then members, then viewers; by username within each.
  const rank = { admin: 0, member: 1, viewer: 2 } as const;
  return out.sort((a, b) => rank[a.role] - rank[b.role] || a.username.localeCompare(b.username));
}

// json_agg arrives parsed on postgres.js and PGlite alike, but be liberal in what we accept.
function parseTeamRoles(v: TeamRole[] | string | null): TeamRole[] {
  if (!v) return [];
  return typeof v === "string" ? (JSON.parse(v) as TeamRole[]) : v;
}
