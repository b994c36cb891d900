// Search across organizations: models (name, description, tags), model versions (name, tags) and runs (name)
// that the caller may read — the same visibility rule as every list (projectVisibleTo). Each kind is one
// query on a trigram or array index (migration 0012) with a limit, ranked: the exact name first, then names that
// start with the query, then names that contain it, then description and tag matches; newer first within a
// rank. Rate limited per caller (MODELREG_SEARCH_LIMIT a minute), as a search box sends a query per keystroke.
import "server-only";
import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DB } from "@/db";
import { organizations, projects, runs, versions } from "@/db/schema";
import type { Actor } from "./actor";
import { projectVisibleTo } from "./access";
import { hit, type Limit } from "./rate-limit";
import { parse } from "./validate";

export const SEARCH_TYPES = ["models", "versions", "runs"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const searchSchema = z.object({
  q: z
    .string({ error: "is required" })
    .trim()
    .min(3, "must be at least 3 characters")
    .max(100, "must be at most 100 characters")
    .regex(/^[^\p{Cc}]*$/u, "must not contain control characters"),
  type: z.enum(SEARCH_TYPES, { error: `must be one of ${SEARCH_TYPES.join(", ")}` }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(20),
});
export type SearchInput = z.input<typeof searchSchema>;

export type SearchHit =
  | { type: "model"; owner: string; name: string; description: string; tags: string[]; isPublic: boolean; updatedAt: Date; url: string }
  | { type: "version"; owner: string; project: string; name: string; stage: string; description: string; tags: string[]; updatedAt: Date; url: string }
  | { type: "run"; owner: string; project: string; uuid: string; name: string; status: string; updatedAt: Date; url: string };

export type SearchResult = { q: string; results: SearchHit[]; counts: Record<SearchType, number> };

export function searchLimit(env: Record<string, string | undefined> = process.env): Limit {
  const n = Number(env.MODELREG_SEARCH_LIMIT);
  return { limit: Number.isInteger(n) && n > 0 ? n : 120, windowSeconds: 60 };
}

/** `%q%` for ILIKE, with the pattern characters of the query taken literally. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const prefixPattern = (q: string) => `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** 0 exact name, 1 prefix, 2 substring, 3 anything else that matched (description, tag). */
function rank(name: AnyColumn, q: string): SQL<number> {
  return sql<number>`case when lower(${name}) = lower(${q}) then 0 when ${name} ilike ${prefixPattern(q)} then 1 when ${name} ilike ${containsPattern(q)} then 2 else 3 end`;
}

const enc = encodeURIComponent;

/** How many of the newest model versions the first look for tag matches walks (see searchVersions). */
const TAG_WINDOW = 5000;

/**
 * Versions: names that match first (trigram index, ranked), then — only while the page is not full — versions whose
 * tag is the query and whose name does not, newest first. A tag can be on a third of a million versions or on none,
 * and the planner cannot tell (a word that is no tag is estimated at 0.5% of the rows), so the tag matches come in up
 * to two bounded steps: the newest TAG_WINDOW model versions, walked in order by versions_model_updated_id_idx, fill
 * the page when the tag is common; when they do not, the tag is rare and its versions come through the tag index
 * (GIN), sorted — by an expression no index has, so that the planner never walks every version by date looking for
 * a tag that is not there. One query ranking names and tags together would fetch and sort every tagged version.
 * bench/RESULTS.md, search section, has the plans at 1M versions.
 */
/** A version hit's columns, from the table or from the window of the newest versions (the same columns). */
const hitColumns = <T extends Record<"name" | "stage" | "description" | "tags" | "updatedAt", PgColumn>>(t: T) => ({
  owner: organizations.name,
  project: projects.name,
  name: t.name,
  stage: t.stage,
  description: t.description,
  tags: t.tags,
  updatedAt: t.updatedAt,
});

async function searchVersions(db: DB, q: string, pattern: string, visible: SQL, limit: number) {
  // The literal kind, so that the planner may use the partial indexes on model versions.
  const isModel = sql`${versions.kind} = 'model'`;
  const named = await db
    .select({
      ...hitColumns(versions),
      rank: rank(versions.name, q),
    })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(and(isModel, sql`${versions.name} ilike ${pattern}`, visible))
    .orderBy(rank(versions.name, q), sql`${versions.updatedAt} desc nulls first, ${versions.id} desc nulls first`)
    .limit(limit);
  const need = limit - named.length;
  if (need <= 0) return named;
  const newest = db
    .select({
      id: versions.id,
      projectId: versions.projectId,
      name: versions.name,
      stage: versions.stage,
      description: versions.description,
      tags: versions.tags,
      updatedAt: versions.updatedAt,
    })
    .from(versions)
    .where(isModel)
    .orderBy(sql`${versions.updatedAt} desc nulls first, ${versions.id} desc nulls first`)
    .limit(TAG_WINDOW)
    .as("newest");
  const tagOnly = (t: { tags: AnyColumn; name: AnyColumn }) => and(sql`${t.tags} @> array[${q}]::text[]`, sql`not (${t.name} ilike ${pattern})`);
  const common = await db
    .select({
      ...hitColumns(newest),
      rank: sql<number>`3`,
    })
    .from(newest)
    .innerJoin(projects, eq(projects.id, newest.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(and(tagOnly(newest), visible))
    .orderBy(sql`${newest.updatedAt} desc nulls first, ${newest.id} desc nulls first`)
    .limit(need);
  if (common.length >= need) return [...named, ...common];
  const rare = await db
    .select({
      ...hitColumns(versions),
      rank: sql<number>`3`,
    })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(and(isModel, tagOnly(versions), visible))
    .orderBy(sql`${versions.updatedAt} + interval '0 seconds' desc nulls first, ${versions.id} desc nulls first`)
    .limit(need);
  return [...named, ...rare];
}

/** Whose searches the rate limit counts together: a signed-in user's wherever they come from, else the address's. */
export const searchLimitKey = (actor: Actor, ip: string) => (actor.kind === "user" ? `search:user:${actor.userId}` : `search:ip:${ip}`);

/** What the caller may read that matches `q`. `client.ip`: the client's address (lib/auth/ip.ts), for the rate limit. */
export async function search(db: DB, actor: Actor, input: unknown, client: { ip: string }): Promise<SearchResult> {
  const data = parse(searchSchema, input);
  await hit(db, searchLimitKey(actor, client.ip), searchLimit(), "Too many searches: wait a minute and search again.");
  const { q, limit } = data;
  const want = (t: SearchType) => !data.type || data.type === t;
  const pattern = containsPattern(q);
  const visible = projectVisibleTo(actor);
  const [models, vers, rs] = await Promise.all([
    want("models")
      ? db
          .select({
            owner: organizations.name,
            name: projects.name,
            description: projects.description,
            tags: projects.tags,
            isPublic: projects.isPublic,
            updatedAt: projects.updatedAt,
            rank: rank(projects.name, q),
          })
          .from(projects)
          .innerJoin(organizations, eq(organizations.id, projects.orgId))
          .where(and(sql`(${projects.name} ilike ${pattern} or ${projects.description} ilike ${pattern} or ${projects.tags} @> array[${q}]::text[])`, visible))
          .orderBy(rank(projects.name, q), sql`${projects.updatedAt} desc`)
          .limit(limit)
      : [],
    want("versions") ? searchVersions(db, q, pattern, visible, limit) : [],
    want("runs")
      ? db
          .select({
            owner: organizations.name,
            project: projects.name,
            uuid: runs.uuid,
            name: runs.name,
            status: runs.status,
            updatedAt: runs.updatedAt,
            rank: rank(runs.name, q),
          })
          .from(runs)
          .innerJoin(projects, eq(projects.id, runs.projectId))
          .innerJoin(organizations, eq(organizations.id, projects.orgId))
          .where(and(sql`${runs.name} ilike ${pattern}`, sql`not ('runs' = any(${projects.excludedFeatures}))`, visible))
          .orderBy(rank(runs.name, q), sql`${runs.updatedAt} desc`)
          .limit(limit)
      : [],
  ]);
  const hits: (SearchHit & { rank: number })[] = [
    ...models.map((m) => ({ type: "model" as const, ...m, rank: Number(m.rank), url: `/${enc(m.owner)}/${enc(m.name)}` })),
    ...vers.map((v) => ({ type: "version" as const, ...v, rank: Number(v.rank), url: `/${enc(v.owner)}/${enc(v.project)}/versions/${enc(v.name)}` })),
    ...rs.map((r) => ({ type: "run" as const, ...r, rank: Number(r.rank), url: `/${enc(r.owner)}/${enc(r.project)}/runs/${r.uuid}` })),
  ];
  // Across kinds: by rank, models before versions before runs within a rank, newest first.
  const order = { model: 0, version: 1, run: 2 } as const;
  hits.sort((a, b) => a.rank - b.rank || order[a.type] - order[b.type] || b.updatedAt.getTime() - a.updatedAt.getTime());
  return {
    q,
    results: hits.slice(0, limit).map(({ rank: _rank, ...h }) => h as SearchHit),
    counts: { models: models.length, versions: vers.length, runs: rs.length },
  };
}
