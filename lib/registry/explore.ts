// Explore: the public models of every organization, for anyone (signed out too), newest change first or by
// name — one query on a partial index of public projects (projects_public_updated_idx, projects_public_name_idx)
// with a limit; each row's production version is one probe of versions_project_stage_idx.
import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { organizations, projects } from "@/db/schema";
import { parse } from "./validate";

export const EXPLORE_SORTS = ["updated", "name"] as const;
export const EXPLORE_COUNT_CAP = 10_000;

const exploreSchema = z.object({
  sort: z.enum(EXPLORE_SORTS, { error: `must be one of ${EXPLORE_SORTS.join(", ")}` }).default("updated"),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export type ExploredModel = {
  owner: string;
  name: string;
  description: string;
  tags: string[];
  updatedAt: Date;
  /** The newest version in production, if any. */
  production: string | null;
};

export async function explorePublicModels(db: DB, input: unknown = {}): Promise<{ count: number; capped: boolean; results: ExploredModel[] }> {
  const { sort, limit, offset } = parse(exploreSchema, input);
  const where = and(eq(projects.isPublic, true), sql`not ('models' = any(${projects.excludedFeatures}))`);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        owner: organizations.name,
        name: projects.name,
        description: projects.description,
        tags: projects.tags,
        updatedAt: projects.updatedAt,
        production: sql<string | null>`(select v.name from versions v where v.project_id = "projects"."id" and v.kind = 'model'
          and v.stage = 'production' order by v.updated_at desc limit 1)`,
      })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(where)
      .orderBy(...(sort === "name" ? [asc(projects.name), asc(organizations.name)] : [desc(projects.updatedAt), desc(projects.id)]))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ one: sql`1` })
        .from(projects)
        .where(where)
        .limit(EXPLORE_COUNT_CAP + 1)
        .as("c"),
    ),
  ]);
  const n = Number(total?.n ?? 0);
  return { count: Math.min(n, EXPLORE_COUNT_CAP), capped: n > EXPLORE_COUNT_CAP, results: rows };
}
