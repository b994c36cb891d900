// A model's activity log, newest first, for whoever may read the model.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { activities } from "@/db/schema";
import type { Actor } from "./actor";
import { loadProjectAccess, type ProjectAccess } from "./access";
import { listActivityRows, type ActivityRow } from "./activity";

/** Counts stop here: an exact count of a long log costs more than the page (STACK-NOTES). */
export const PROJECT_ACTIVITY_COUNT_CAP = 10_000;

export type ProjectActivityPage = { access: ProjectAccess; count: number; capped: boolean; rows: ActivityRow[] };

/** One indexed page of the model's activity (project viewers; invisible: 404) and a bounded count. */
export async function listProjectActivity(
  db: DB,
  actor: Actor,
  owner: string,
  name: string,
  page: { limit: number; offset: number },
): Promise<ProjectActivityPage> {
  const access = await loadProjectAccess(db, actor, owner, name);
  const counted = db
    .select({ one: sql`1` })
    .from(activities)
    .where(eq(activities.projectId, access.project.id))
    .limit(PROJECT_ACTIVITY_COUNT_CAP + 1)
    .as("counted");
  const [rows, [total]] = await Promise.all([listActivityRows(db, actor, access, page), db.select({ n: sql<number>`count(*)::int` }).from(counted)]);
  const n = Number(total?.n ?? 0);
  return {
    access,
    count: Math.min(n, PROJECT_ACTIVITY_COUNT_CAP),
    capped: n > PROJECT_ACTIVITY_COUNT_CAP,
    rows: rows.map((r) => ({ ...r, id: Number(r.id) })),
  };
}
