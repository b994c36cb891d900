// An organization's activity log, newest first, for its members. Rows about projects the reader may
// not see (a team-restricted model, say) are left out, so the log never leaks a private model.
import "server-only";
import { and, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, projects, users } from "@/db/schema";
import type { Actor } from "./actor";
import { projectVisibleTo } from "./access";
import { requireOrg } from "./orgs";

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
  /** The model the change was about, if any. */
  project: string | null;
};

export async function listOrgActivity(
  db: DB,
  actor: Actor,
  orgName: string,
  page: { limit: number; offset: number },
): Promise<{ count: number; capped: boolean; rows: OrgActivityRow[] }> {
  const org = await requireOrg(db, actor, orgName, "org.read");
  const where: SQL = and(eq(activities.orgId, org.id), or(isNull(activities.projectId), projectVisibleTo(actor)))!;
  const counted = db
    .select({ one: sql`1` })
    .from(activities)
    .leftJoin(projects, eq(projects.id, activities.projectId))
    .where(where)
    .limit(ACTIVITY_COUNT_CAP + 1)
    .as("counted");
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: activities.id,
        verb: activities.verb,
        target: activities.target,
        details: activities.details,
        createdAt: activities.createdAt,
        actor: users.username,
        project: projects.name,
      })
      .from(activities)
      .leftJoin(projects, eq(projects.id, activities.projectId))
      .leftJoin(users, eq(users.id, activities.actorId))
      .where(where)
      .orderBy(desc(activities.createdAt), desc(activities.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(counted),
  ]);
  const n = Number(total?.n ?? 0);
  return { count: Math.min(n, ACTIVITY_COUNT_CAP), capped: n > ACTIVITY_COUNT_CAP, rows: rows.map((r) => ({ ...r, id: Number(r.id) })) };
}
