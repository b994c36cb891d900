// The facts that decide an actor's role on a project — the organization role (the caller joins or knows it),
// the per-user grant, whether teams restrict the project, the actor's roles in those teams — as columns of a
// select over `projects`, and the one rule that turns them into a role (explainProjectRole). Every query that
// decides access for a row of projects (one model, a list, promotion and transfer targets) selects these.
import "server-only";
import { sql, type Placeholder } from "drizzle-orm";
import { projectTeams, projectUsers, teamMembers } from "@/db/schema";
import { explainProjectRole, type OrgRole, type ProjectRole } from "@/lib/authz";

/**
 * The columns, for the user `uid` (a number, or a placeholder of a prepared statement; -1 for nobody). They
 * name `"projects"."id"` themselves: drizzle leaves columns unqualified in a one-table select, which a
 * subquery would misread.
 */
export function accessFactColumns(uid: number | Placeholder) {
  return {
    grant: sql<ProjectRole | null>`(select pu.role::text from ${projectUsers} pu where pu.project_id = "projects"."id" and pu.user_id = ${uid})`,
    restricted: sql<boolean>`exists(select 1 from ${projectTeams} pt where pt.project_id = "projects"."id")`,
    teamRoles: sql<ProjectRole[] | string | null>`(select array_agg(tm.role::text) from ${projectTeams} pt
      join ${teamMembers} tm on tm.team_id = pt.team_id where pt.project_id = "projects"."id" and tm.user_id = ${uid})`,
  };
}

export type AccessFacts = {
  orgRole: OrgRole | null;
  grant: ProjectRole | null;
  restricted: boolean | null;
  teamRoles: ProjectRole[] | string | null;
  isPublic: boolean;
};

/** The actor's role and why, from the facts (null: may not see the project). */
export function roleFromFacts(f: AccessFacts) {
  return explainProjectRole({
    orgRole: f.orgRole,
    restricted: Boolean(f.restricted),
    teamRoles: parseRoles(f.teamRoles),
    grant: f.grant,
    isPublic: f.isPublic,
  });
}

// array_agg arrives as a Postgres array literal ("{viewer,admin}") on some drivers, parsed on others.
export function parseRoles(v: unknown): ProjectRole[] {
  if (Array.isArray(v)) return v as ProjectRole[];
  if (typeof v === "string")
    return v
      .replace(/^\{|\}$/g, "")
      .split(",")
      .filter(Boolean) as ProjectRole[];
  return [];
}
