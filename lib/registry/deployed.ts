// What an organization has in production: every model the caller may read with its newest production version,
// the aliases on it, its metrics, and when it got there and by whom. One query over the organization's models
// (projects_org_updated_idx), each row's production version one probe of versions_project_stage_idx and its
// entry into production one probe of stage_conditions_version_idx; with a limit.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { projects } from "@/db/schema";
import type { Actor } from "./actor";
import { projectVisibleTo } from "./access";
import { getOrganization } from "./orgs";
import { parse } from "./validate";

const deployedSchema = z.object({
  q: z.string().trim().max(100, "must be at most 100 characters").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type DeployedModel = {
  model: string;
  isPublic: boolean;
  version: string;
  aliases: string[];
  metrics: Record<string, unknown>;
  /** When the version entered production, and who moved it (null: unknown, or the account is gone). */
  since: Date;
  by: string | null;
};

export async function listDeployed(db: DB, actor: Actor, orgName: string, input: unknown = {}): Promise<{ org: string; results: DeployedModel[] }> {
  const org = await getOrganization(db, actor, orgName);
  const { q, limit } = parse(deployedSchema, input);
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db.execute(sql`
    select "projects".name as model, "projects".is_public, v.name as version, v.meta_info, v.updated_at as version_updated,
      e.created_at as since, u.username as by,
      coalesce((select array_agg(a.name order by a.name) from model_aliases a where a.version_id = v.id), '{}') as aliases
    from ${projects}
    cross join lateral (select v.id, v.name, v.meta_info, v.updated_at from versions v
      where v.project_id = "projects".id and v.kind = 'model' and v.stage = 'production' order by v.updated_at desc limit 1) v
    left join lateral (select c.created_at, c.actor_id from stage_conditions c
      where c.version_id = v.id and c.type = 'production' order by c.created_at desc, c.id desc limit 1) e on true
    left join users u on u.id = e.actor_id
    where ${and(eq(projects.orgId, org.id), sql`not ('models' = any(${projects.excludedFeatures}))`, projectVisibleTo(actor), like ? sql`${projects.name} ilike ${like}` : undefined)}
    order by coalesce(e.created_at, v.updated_at) desc, "projects".name
    limit ${limit}`);
  const list = (Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
  return {
    org: org.name,
    results: list.map((r) => ({
      model: String(r.model),
      isPublic: Boolean(r.is_public),
      version: String(r.version),
      aliases: parseArray(r.aliases),
      metrics: (((r.meta_info as Record<string, unknown> | null)?.metrics as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>,
      since: new Date((r.since ?? r.version_updated) as string | Date),
      by: (r.by as string | null) ?? null,
    })),
  };
}

// array_agg arrives parsed on postgres.js and PGlite alike, or as a literal ("{a,b}") on some paths.
function parseArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string")
    return v
      .replace(/^\{|\}$/g, "")
      .split(",")
      .filter(Boolean);
  return [];
}
