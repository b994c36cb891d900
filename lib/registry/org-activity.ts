// An organization's activity log, newest first, for its members. Rows about projects the reader may
// not see (a team-restricted model, say) are left out, so the log never leaks a private model — also once
// the model is deleted: its rows keep project_id, and deleted_projects holds who could see it.
import "server-only";
import { and, desc, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, deletedProjects, projects, teamMembers, users } from "@/db/schema";
import { orgRoleAtLeast, type OrgRole } from "@/lib/authz";
import type { Actor } from "./actor";
import { projectVisibleTo } from "./access";
import { activityRowColumns } from "./activity";
import { requireOrg } from "./orgs";
import { redactActivities } from "./redact";

/** Counts stop here: an exact count of a long log costs more than the page (STACK-NOTES). */
export const ACTIVITY_COUNT_CAP = 10_000;

export type OrgActivityRow = {
  id: number;
  verb: string;
  target: string;
  details: Record<string, unknown>;
  createdAt: Date;
  /** The actor's username; null when the account is gone. */
  actor: string | null;
  /** The model the change was about, if any (its last name when it is deleted). */
  project: string | null;
  /** The model is gone. */
  projectDeleted: boolean;
};

/**
 * Which rows of the log the reader sees: organization-wide rows; rows of a live project they may read
 * (projectVisibleTo); rows of a deleted project they could have read (its snapshot, with the same rule), or any
 * deleted project's rows for an organization admin — they keep the organization's records. A row whose
 * project is neither (deleted before snapshots were kept: project_id 0) is for organization admins only.
 * Each row costs two primary-key lookups on the walk of activities_org_created_idx: one indexed query.
 */
function activityVisibleTo(actor: Actor, orgRole: OrgRole | null): SQL {
  if (orgRoleAtLeast(orgRole, "admin")) return or(isNull(activities.projectId), isNull(projects.id), projectVisibleTo(actor))!;
  const uid = actor.kind === "user" ? actor.userId : -1;
  const deletedVisible = sql`(${deletedProjects.isPublic}
    or cardinality(${deletedProjects.teamIds}) = 0
    or ${uid} = any(${deletedProjects.userIds})
    or exists(select 1 from ${teamMembers} tm where tm.user_id = ${uid} and tm.team_id = any(${deletedProjects.teamIds})))`;
  return or(
    isNull(activities.projectId),
    and(isNotNull(projects.id), projectVisibleTo(actor)),
    and(isNull(projects.id), isNotNull(deletedProjects.id), deletedVisible),
  )!;
}

export async function listOrgActivity(
  db: DB,
  actor: Actor,
  orgName: string,
  page: { limit: number; offset: number },
): Promise<{ count: number; capped: boolean; rows: OrgActivityRow[] }> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const where: SQL = and(eq(activities.orgId, org.id), activityVisibleTo(actor, org.viewerRole))!;
  const counted = db
    .select({ one: sql`1` })
    .from(activities)
    .leftJoin(projects, eq(projects.id, activities.projectId))
    .leftJoin(deletedProjects, eq(deletedProjects.id, activities.projectId))
    .where(where)
    .limit(ACTIVITY_COUNT_CAP + 1)
    .as("counted");
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...activityRowColumns,
        project: sql<string | null>`coalesce(${projects.name}, ${deletedProjects.name})`,
        projectDeleted: sql<boolean>`(${activities.projectId} is not null and ${projects.id} is null)`,
      })
      .from(activities)
      .leftJoin(projects, eq(projects.id, activities.projectId))
      .leftJoin(deletedProjects, eq(deletedProjects.id, activities.projectId))
      .leftJoin(users, eq(users.id, activities.actorId))
      .where(where)
      .orderBy(desc(activities.createdAt), desc(activities.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(counted),
  ]);
  const n = Number(total?.n ?? 0);
  const redacted = await redactActivities(db, actor, org.name, rows);
  return {
    count: Math.min(n, ACTIVITY_COUNT_CAP),
    capped: n > ACTIVITY_COUNT_CAP,
    rows: redacted.map((r) => ({ ...r, id: Number(r.id), projectDeleted: Boolean(r.projectDeleted) })),
  };
}
