// How a version is read and answered: the columns every version read selects (lineage included, in one
// query), its stage history, and Polyaxon's wire shapes (POLYAXON-WIRE.md). No permission logic here.
import "server-only";
import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { modelAliases, organizations, projects, runs, stageConditions, stageEnum, users, versions, type Version } from "@/db/schema";
import type { ProjectRole } from "@/lib/authz";
import type { ProjectAccess } from "./access";
import { NotFoundError } from "./errors";

/** The stages, in their order: the database enum is the one list (db/schema.ts). */
export const STAGES = stageEnum.enumValues;
export const KINDS = ["model", "artifact"] as const;
export type Kind = (typeof KINDS)[number];

export type VersionView = Version & {
  runUuid: string | null;
  /** `owner/project` of the local run, for its link. */
  runProject: string | null;
  createdBy: string | null;
  /** `owner/project:name` of the version this one was copied from, while it exists. */
  copiedFrom: string | null;
  /** The model's aliases that point at this version, by name. */
  aliases: string[];
};

/** Lineage comes from scalar subqueries: one round trip, and on a page of 50 rows 50 primary-key lookups. */
export const viewColumns = {
  ...getTableColumns(versions),
  runUuid: sql<string | null>`(select ${runs.uuid}::text from ${runs} where ${runs.id} = ${versions.runId})`,
  runProject: sql<string | null>`(select o.name || '/' || p.name from ${runs} r join ${projects} p on p.id = r.project_id
    join ${organizations} o on o.id = p.org_id where r.id = ${versions.runId})`,
  createdBy: users.username,
  copiedFrom: sql<string | null>`(select o.name || '/' || p.name || ':' || cs.name from ${versions} cs
    join ${projects} p on p.id = cs.project_id join ${organizations} o on o.id = p.org_id
    where cs.id = ${versions.copiedFromId})`,
  // One indexed lookup per row (model_aliases_version_idx), in the same statement: no N+1.
  aliases: sql<string[]>`coalesce((select array_agg(a.name order by a.name) from ${modelAliases} a where a.version_id = ${versions.id}), '{}'::text[])`.mapWith(
    parseTextArray,
  ),
};

// text[] arrives as an array on both drivers; a Postgres array literal is parsed in case a driver sends text.
function parseTextArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === "string")
    return v
      .replace(/^\{|\}$/g, "")
      .split(",")
      .filter(Boolean);
  return [];
}

/** `db.select(viewColumns)` joined with its creator; callers add where/order/limit. */
export function selectViews(db: DB) {
  return db.select(viewColumns).from(versions).leftJoin(users, eq(users.id, versions.createdById));
}

export async function loadVersionView(db: DB, versionId: number): Promise<VersionView> {
  const [v] = await selectViews(db).where(eq(versions.id, versionId)).limit(1);
  if (!v) throw new NotFoundError("Version not found");
  return v as VersionView;
}

export function checkKind(kind: string): Kind {
  if (!(KINDS as readonly string[]).includes(kind)) throw new NotFoundError(`Unknown version kind '${kind}'`);
  return kind as Kind;
}

/** n when the name is `v{n}`: the next automatic name is max(n)+1, found by an index. */
export const nameNumber = (name: string) => (/^v\d{1,9}$/.test(name) ? Number(name.slice(1)) : null);

/** One stage condition, exactly as Polyaxon's CLI accepts it (it rejects unknown keys). */
export type ConditionApi = {
  type: string;
  status: string;
  reason: string;
  message: string;
  last_update_time: string;
  last_transition_time: string;
  meta_info: Record<string, unknown>;
};

/** The whole history, oldest first; bounded (a version with more changes than this is not a real one). */
export async function conditionsOf(db: DB, versionId: number, limit = 1000): Promise<ConditionApi[]> {
  return conditionsWhere(db, eq(stageConditions.versionId, versionId), limit);
}

/**
 * A version's view and its history by project, kind and name, in one round trip (the two statements run side by
 * side; the history finds the version by the same unique key). NotFoundError when there is no such version.
 */
export async function loadVersionViewByName(db: DB, projectId: number, kind: Kind, name: string) {
  let q = byNameQueries.get(db);
  if (!q) byNameQueries.set(db, (q = byNameQuery(db)));
  const args = { pid: projectId, kind, name };
  const [[v], rows] = await Promise.all([q.view.execute(args), q.conditions.execute(args)]);
  if (!v) throw new NotFoundError(`Version '${name}' not found`);
  return { view: v as VersionView, conditions: rows.map(conditionApi) };
}

/**
 * The version get's two statements (the hottest read of the API), built once per database handle and run
 * prepared, like the access statement (access.ts): no query building, parse or describe per request.
 */
function byNameQuery(db: DB) {
  const key = and(eq(versions.projectId, sql.placeholder("pid")), eq(versions.kind, sql.placeholder("kind")), eq(versions.name, sql.placeholder("name")));
  return {
    view: selectViews(db).where(key).limit(1).prepare("version_by_name"),
    conditions: selectConditions(db)
      .where(inArray(stageConditions.versionId, db.select({ id: versions.id }).from(versions).where(key)))
      .orderBy(asc(stageConditions.id))
      .limit(1000)
      .prepare("version_conditions_by_name"),
  };
}

const byNameQueries = new WeakMap<DB, ReturnType<typeof byNameQuery>>();

const selectConditions = (db: DB) =>
  db.select({ c: stageConditions, user: users.username }).from(stageConditions).leftJoin(users, eq(users.id, stageConditions.actorId));

function conditionApi({ c, user }: { c: typeof stageConditions.$inferSelect; user: string | null }): ConditionApi {
  return {
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    last_update_time: c.createdAt.toISOString(),
    last_transition_time: c.createdAt.toISOString(),
    meta_info: { ...c.details, user: user ?? null, ...(c.fromStage ? { from_stage: c.fromStage } : {}) },
  };
}

async function conditionsWhere(db: DB, where: SQL | undefined, limit: number): Promise<ConditionApi[]> {
  // Ids are drawn after the version row lock, so they follow the order the changes were made in.
  const rows = await selectConditions(db).where(where).orderBy(asc(stageConditions.id)).limit(limit);
  return rows.map(conditionApi);
}

/** The stage object: exactly `{uuid, stage, stage_conditions}`. */
export async function stageObject(db: DB, versionId: number) {
  const v = await loadVersionView(db, versionId);
  return { uuid: v.uuid, stage: v.stage, stage_conditions: await conditionsOf(db, versionId) };
}

/** Where a version's run lives in this UI (`/owner/project/runs/uuid`), or its external URL. */
export function runHref(v: Pick<VersionView, "runUuid" | "runProject" | "externalRun">): string | null {
  if (v.runUuid && v.runProject) return `/${v.runProject}/runs/${v.runUuid}`;
  return v.externalRun?.url ?? null;
}

/** Polyaxon's version shape (POLYAXON-WIRE.md) plus a few fields of ours (run_url, created_by, copied_from …). */
export function versionToApi(v: VersionView, access: Pick<ProjectAccess, "org" | "project" | "role">, conditions?: ConditionApi[]) {
  const copiedFrom = v.copiedFrom ?? (conditions?.[0]?.meta_info.copied_from as string | undefined) ?? null;
  return {
    uuid: v.uuid,
    owner: access.org.name,
    project: access.project.name,
    name: v.name,
    kind: v.kind,
    description: v.description,
    tags: v.tags,
    stage: v.stage,
    stage_conditions: conditions ?? [],
    run: v.runUuid ?? v.externalRun?.uuid ?? null,
    artifacts: v.artifacts,
    meta_info: v.metaInfo,
    // Polyaxon's CLI wants a string here; it sends content as JSON text and expects text back.
    content: v.content ?? "",
    readme: v.readme,
    connection: v.connection,
    created_at: v.createdAt.toISOString(),
    updated_at: v.updatedAt.toISOString(),
    role: access.role as ProjectRole | null,
    contributors: v.createdBy ? [{ username: v.createdBy }] : [],
    // Ours, beyond Polyaxon's fields (its clients ignore them).
    run_url: runHref(v),
    run_project: v.runProject,
    external_run: v.externalRun ?? null,
    created_by: v.createdBy,
    copied_from: copiedFrom,
    aliases: v.aliases ?? [],
  };
}

export type VersionApi = ReturnType<typeof versionToApi>;
