// The versions a metric chart plots: the same list call as the versions table (same PQL planner, same access
// check, same redaction), newest first and capped, so the chart shows exactly what the query selects.
import "server-only";
import type { DB } from "@/db";
import { CHART_CAP, capRows } from "@/lib/charts/version-chart";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { listVersionsWith } from "./version-list";

/** Up to CHART_CAP of the versions `query` selects, newest first; `capped` when the query selects more. */
export async function versionChartRows(db: DB, access: Promise<ProjectAccess>, kind: string, query: string | null, key: string, actor: Actor) {
  // One more than the cap tells whether there are more, without a count.
  const list = await listVersionsWith(db, access, kind, { query, sort: "-created_at", limit: CHART_CAP + 1, offset: 0, withCount: false }, key, actor);
  return { access: list.access, ...capRows(list.results, CHART_CAP) };
}
