// "Recently changed across models": the newest version changes of an organization's models — a new version
// (registered, promoted, copied or moved in), a stage change, an alias set, moved or removed — of the models the
// viewer may read, newest first. Read from the activity log: one walk of the partial index activities_org_recent_idx
// (org_id, created_at DESC, id DESC WHERE verb in RECENT_VERBS), each row checked against the model it is about
// (live, versions on, readable by the viewer: projectVisibleTo), stopped at the limit. Deleted models' rows are
// not shown here (the organization's activity log keeps them); names of other models in the details (a copy's or a
// transfer's origin) go through the one redaction step.
import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { RECENT_VERBS, activities, projects, users } from "@/db/schema";
import type { Actor } from "./actor";
import { activityRowColumns } from "./activity";
import { projectVisibleTo } from "./access";
import { getOrganization } from "./orgs";
import { PRIVATE, redactActivities } from "./redact";
import { parse } from "./validate";

const recentSchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(30) });

export type RecentChange = {
  id: number;
  at: Date;
  model: string;
  isPublic: boolean;
  /** registered: a new version (from = where it came from for a copy or a transfer); stage: from → to stage; alias: the alias moved from → to version. */
  change: "registered" | "stage" | "alias";
  version: string;
  from: string | null;
  to: string | null;
  alias: string | null;
  by: string | null;
};

const verbList = sql.raw(RECENT_VERBS.map((v) => `'${v}'`).join(", "));

export async function listRecentChanges(db: DB, actor: Actor, orgName: string, input: unknown = {}): Promise<{ org: string; results: RecentChange[] }> {
  const org = await getOrganization(db, actor, orgName);
  const { limit } = parse(recentSchema, input);
  const rows = await db
    .select({
      ...activityRowColumns,
      model: projects.name,
      isPublic: projects.isPublic,
    })
    .from(activities)
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .leftJoin(users, eq(users.id, activities.actorId))
    .where(
      and(
        eq(activities.orgId, org.id),
        // The literal list, so that the planner sees the partial index's predicate.
        sql`${activities.verb} in (${verbList})`,
        // A stage change that was not applied (a false condition) changed nothing; artifacts are not models' versions.
        sql`coalesce(${activities.details}->>'applied', 'true') <> 'false'`,
        sql`coalesce(${activities.details}->>'kind', 'model') = 'model'`,
        sql`not ('models' = any(${projects.excludedFeatures}))`,
        projectVisibleTo(actor),
      ),
    )
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(limit);
  const redacted = await redactActivities(db, actor, org.name, rows);
  return { org: org.name, results: redacted.map(toChange) };
}

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

function toChange(r: {
  id: number;
  verb: string;
  target: string;
  details: Record<string, unknown>;
  createdAt: Date;
  actor: string | null;
  model: string;
  isPublic: boolean;
}): RecentChange {
  const d = r.details ?? {};
  const base = { id: Number(r.id), at: new Date(r.createdAt), model: r.model, isPublic: r.isPublic, version: r.target, by: r.actor, alias: null };
  if (r.verb === "version.stage_changed") return { ...base, change: "stage", from: str(d.from), to: str(d.to) };
  if (r.verb.startsWith("version.alias_")) return { ...base, change: "alias", alias: str(d.alias), from: str(d.from), to: str(d.to) };
  // A new version: a copy's or a transfer's origin (`owner/model[:version]`, or PRIVATE), none for a registration.
  const from = r.verb === "version.registered" ? null : str(d.from);
  return { ...base, change: "registered", from: from === PRIVATE ? PRIVATE : from, to: null };
}
