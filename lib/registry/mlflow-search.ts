// MLflow's registered-models/search and model-versions/search over the registry: the filter (lib/pql/mlflow-filter)
// compiled to bound-parameter SQL over the same tables and indexes as PQL. A search naming one model
// (`name = 'OWNER.MODEL'`) runs through the version-list planner (version-list-plan.ts); one across models runs
// one query limited to the models the actor may read (projectVisibleTo, the rule of every list).
import "server-only";
import { and, asc, desc, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, modelAliases, organizations, projects, users, versions } from "@/db/schema";
import { parseMlflowFilter, PqlError, type MlflowCondition } from "@/lib/pql";
import type { Actor } from "./actor";
import { loadProjectAccess, projectVisibleTo } from "./access";
import { InvalidError, NotFoundError } from "./errors";
import { parseModelName, stageOf } from "./mlflow-names";
import { VERSION_QUERY } from "./version-list";
import { execPrepared, runSteps, versionListQueries } from "./version-list-plan";
import { viewColumns, type VersionView } from "./version-view";
import { redactVersions } from "./redact";

/** The aliases of several models, by project id: `{alias, version}` with the version's name (one query). */
export async function aliasesOfModels(db: DB, projectIds: number[]): Promise<Map<number, { alias: string; version: string }[]>> {
  const out = new Map<number, { alias: string; version: string }[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .select({ projectId: modelAliases.projectId, alias: modelAliases.name, version: versions.name })
    .from(modelAliases)
    .innerJoin(versions, eq(versions.id, modelAliases.versionId))
    .where(inArray(modelAliases.projectId, projectIds))
    .orderBy(asc(modelAliases.name));
  for (const r of rows) out.set(r.projectId, [...(out.get(r.projectId) ?? []), { alias: r.alias, version: r.version }]);
  return out;
}

export type MlflowSearchInput = { filter?: string | null; orderBy?: string[]; limit: number; offset: number; defaultOrg: string | null };
export type MlflowVersionRow = VersionView & { owner: string; project: string; projectId: number };
export type MlflowModelRow = { project: typeof projects.$inferSelect; owner: string };

const invalid = (msg: string) => InvalidError.field("filter", msg);

function parseFilter(filter: string | null | undefined): MlflowCondition[] {
  try {
    return parseMlflowFilter(filter);
  } catch (err) {
    if (err instanceof PqlError) throw invalid(err.message);
    throw err;
  }
}

type Kind = "string" | "number";

/** One comparison of a column with a condition's value, every value bound. */
function compare(col: SQL, kind: Kind, c: MlflowCondition, what: string, nullable = false): SQL {
  const { op, value } = c;
  if (op === "IN" || op === "NOT IN") {
    const list = value as string[];
    if (kind === "number") throw invalid(`'${what}' takes =, !=, <, <=, >, >= with a number`);
    const inList = sql`${col} in (${sql.join(
      list.map((v) => sql`${v}`),
      sql`, `,
    )})`;
    return op === "IN" ? inList : sql`(${inList}) is not true`;
  }
  if (Array.isArray(value)) throw invalid(`a list is only for IN`);
  if (kind === "number") {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n) || (typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(value.trim()))) throw invalid(`'${what}' compares with a number`);
    if (op === "LIKE" || op === "ILIKE") throw invalid(`'${what}' takes =, !=, <, <=, >, >= with a number`);
    const v = sql`${String(n)}::numeric`;
    return op === "!=" ? sql`${col} is distinct from ${v}` : sql`${col} ${sql.raw(op)} ${v}`;
  }
  const text = String(value);
  switch (op) {
    case "=":
      return sql`${col} = ${text}`;
    case "!=":
      // A missing tag is "not v" (the client's `tag.\`mlflow.prompt.is_prompt\` != 'true'` must keep untagged models).
      return nullable ? sql`${col} is distinct from ${text}` : sql`${col} <> ${text}`;
    case "LIKE":
      return sql`${col} like ${text}`;
    case "ILIKE":
      return sql`${col} ilike ${text}`;
    default:
      throw invalid(`'${what}' is text: use =, !=, LIKE, ILIKE or IN`);
  }
}

/** The model's organization and name as SQL: the joined columns, or constants inside one model's list. */
type NameCols = { org: SQL; project: SQL };
const JOINED: NameCols = { org: sql`${organizations.name}`, project: sql`${projects.name}` };

/** The model-name condition: the full OWNER.MODEL, and for a bare name, the caller's default organization. */
function nameCondition(c: MlflowCondition, defaultOrg: string | null, cols: NameCols = JOINED): SQL {
  const fullName = sql`(${cols.org} || '.' || ${cols.project})`;
  if ((c.op === "=" || c.op === "!=") && typeof c.value === "string") {
    let ref;
    try {
      ref = parseModelName(c.value, defaultOrg);
    } catch {
      return c.op === "=" ? sql`false` : sql`true`;
    }
    const same = sql`(${cols.org} = ${ref.owner} and ${cols.project} = ${ref.project})`;
    return c.op === "=" ? same : sql`not ${same}`;
  }
  if (c.op === "IN" || c.op === "NOT IN") {
    const parts = (c.value as string[]).map((v) => nameCondition({ ...c, op: "=", value: v }, defaultOrg, cols));
    const any = parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
    return c.op === "IN" ? any : sql`not ${any}`;
  }
  const full = compare(fullName, "string", c, "name");
  if (!defaultOrg || String(c.value).includes(".")) return full;
  // A bare pattern (`name LIKE 'fraud%'`) also matches the models of the default organization by their own name.
  return sql`(${full} or (${cols.org} = ${defaultOrg.toLowerCase()} and ${compare(cols.project, "string", c, "name")}))`;
}

const ms = (col: SQL | AnyColumn) => sql`(extract(epoch from ${col}) * 1000)`;

const versionRunId = sql`coalesce((select r.uuid::text from runs r where r.id = "versions"."run_id"), "versions"."external_run"->>'uuid')`;
const versionSource = sql`("versions"."meta_info"->'mlflow'->>'source')`;

/**
 * A tag condition as a semi-join on the tag table's (key, value, …) index — `exists (… t.key = k and t.value = v)` —
 * so PostgreSQL may start from the few matching tags instead of testing every version. `!=` and NOT IN are the
 * versions without such a tag (a missing tag is "not v", as the client's prompt clause needs).
 */
function tagCondition(table: "mlflow_version_tags" | "mlflow_model_tags", c: MlflowCondition): SQL {
  const link = table === "mlflow_version_tags" ? sql`t.version_id = "versions"."id"` : sql`t.project_id = "projects"."id"`;
  const from = sql`select 1 from ${sql.identifier(table)} t where ${link} and t.key = ${c.key}`;
  if (Array.isArray(c.value)) {
    const list = sql.join(
      c.value.map((v) => sql`${v}`),
      sql`, `,
    );
    return c.op === "IN" ? sql`exists (${from} and t.value in (${list}))` : sql`not exists (${from} and t.value in (${list}))`;
  }
  if (typeof c.value !== "string") throw invalid(`tags.${c.key} compares with a quoted value ('…')`);
  switch (c.op) {
    case "=":
      return sql`exists (${from} and t.value = ${c.value})`;
    case "!=":
      return sql`not exists (${from} and t.value = ${c.value})`;
    case "LIKE":
      return sql`exists (${from} and t.value like ${c.value})`;
    case "ILIKE":
      return sql`exists (${from} and t.value ilike ${c.value})`;
    default:
      throw invalid(`tags.${c.key} is text: use =, !=, LIKE, ILIKE or IN`);
  }
}

function versionCondition(c: MlflowCondition, defaultOrg: string | null, cols: NameCols = JOINED): SQL {
  if (c.type === "tag") return tagCondition("mlflow_version_tags", c);
  switch (c.key.toLowerCase()) {
    case "name":
      return nameCondition(c, defaultOrg, cols);
    case "version_number":
      return compare(sql`${versions.nameNumber}`, "number", c, "version_number");
    case "run_id":
      return compare(versionRunId, "string", c, "run_id", true);
    case "source_path":
    case "source":
      return compare(versionSource, "string", c, c.key, true);
    case "current_stage":
      if (typeof c.value !== "string" || (c.op !== "=" && c.op !== "!=")) throw invalid("'current_stage' takes = or != with a stage");
      return compare(sql`${versions.stage}::text`, "string", { ...c, value: stageOf(c.value, "filter") }, "current_stage");
    case "creation_timestamp":
      return compare(ms(versions.createdAt), "number", c, c.key);
    case "last_updated_timestamp":
      return compare(ms(versions.updatedAt), "number", c, c.key);
    default:
      throw invalid(
        `unknown field '${c.key}' at position ${c.position}; model-versions/search filters on name, version_number, run_id, source_path, current_stage, creation_timestamp, last_updated_timestamp and tags.<key>`,
      );
  }
}

function modelCondition(c: MlflowCondition, defaultOrg: string | null): SQL {
  if (c.type === "tag") return tagCondition("mlflow_model_tags", c);
  switch (c.key.toLowerCase()) {
    case "name":
      return nameCondition(c, defaultOrg);
    case "creation_timestamp":
      return compare(ms(projects.createdAt), "number", c, c.key);
    case "last_updated_timestamp":
      return compare(ms(modelLastUpdated), "number", c, c.key);
    default:
      throw invalid(
        `unknown field '${c.key}' at position ${c.position}; registered-models/search filters on name, creation_timestamp, last_updated_timestamp and tags.<key>`,
      );
  }
}

/**
 * A sort key: its SQL and whether it may be null. A null (a version named `best`, without a number) sorts below every
 * value — last descending, first ascending — so one index (… DESC NULLS LAST) serves both directions; NOT NULL
 * columns take plain ASC/DESC, the order of the indexes on them (migrations 0002, 0011).
 */
type SortKey = { col: SQL; nullable?: boolean };

/**
 * `name ASC`, `last_updated_timestamp DESC`, … → ORDER BY; unknown fields are an InvalidError. The tiebreaker
 * (the row id) follows the direction of the last key, so the whole ORDER BY is one index's order, walked forward
 * or backward.
 */
function orderByOf(items: string[] | undefined, columns: Record<string, SortKey[]>, fallback: SQL[], tiebreaker: SQL): SQL[] {
  const out: SQL[] = [];
  let lastDesc = true;
  for (const raw of items ?? []) {
    const m = /^\s*([A-Za-z_.]+)\s*(ASC|DESC)?\s*$/i.exec(raw);
    const keys = m ? columns[m[1].toLowerCase()] : undefined;
    if (!m || !keys) throw InvalidError.field("order_by", `'${raw}' is not a sort: use one of ${Object.keys(columns).join(", ")}, with ASC or DESC`);
    const d = (m[2] ?? "ASC").toUpperCase() === "DESC";
    for (const { col, nullable } of keys) out.push(sql`${col} ${sql.raw(d ? (nullable ? "desc nulls last" : "desc") : nullable ? "asc nulls first" : "asc")}`);
    lastDesc = d;
  }
  return [...(out.length ? out : fallback), sql`${tiebreaker} ${sql.raw(out.length && !lastDesc ? "asc" : "desc")}`];
}

const VERSION_SORTS: Record<string, SortKey[]> = {
  name: [{ col: sql`${organizations.name}` }, { col: sql`${projects.name}` }],
  version_number: [{ col: sql`${versions.nameNumber}`, nullable: true }],
  creation_timestamp: [{ col: sql`${versions.createdAt}` }],
  timestamp: [{ col: sql`${versions.createdAt}` }],
  last_updated_timestamp: [{ col: sql`${versions.updatedAt}` }],
  current_stage: [{ col: sql`${versions.stage}` }],
};

/** Within one model, name is constant: its sort keys are the version's. */
const ONE_MODEL_SORTS: Record<string, SortKey[]> = { ...VERSION_SORTS, name: [] };

/**
 * The statements of one model-versions/search page, not yet run: `steps` for one model (the version-list planner's,
 * run in order until one fills the page), or `query` across models; null when the filter names a model the actor
 * may not read (an empty page). The benchmark explains exactly these (bench/mlflow.ts).
 */
export async function planMlflowVersionSearch(db: DB, actor: Actor, input: MlflowSearchInput) {
  const conds = parseFilter(input.filter);
  // Judged before anything is looked up: a bad field or sort is a 400 even when the model named does not exist.
  for (const c of conds) versionCondition(c, input.defaultOrg);
  orderByOf(input.orderBy, VERSION_SORTS, [], sql`1`);
  const one = conds.find((c) => c.type === "attribute" && c.key.toLowerCase() === "name" && c.op === "=" && typeof c.value === "string");
  if (one) {
    // One model: the version-list planner, scoped to it (its indexes, prepared statements, and the access check).
    let ref;
    try {
      ref = parseModelName(one.value, input.defaultOrg);
    } catch {
      return null;
    }
    let access;
    try {
      access = await loadProjectAccess(db, actor, ref.owner, ref.project);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
    // Other conditions on the name (name LIKE …) see the model's organization and name as bound constants.
    const cols = { org: sql`${access.org.name}::text`, project: sql`${access.project.name}::text` };
    const rest = conds.filter((c) => c !== one).map((c) => versionCondition(c, input.defaultOrg, cols));
    const orderBy = orderByOf(input.orderBy, ONE_MODEL_SORTS, [sql`${versions.nameNumber} desc nulls last`], sql`${versions.id}`);
    const opts = { limit: input.limit + 1, offset: input.offset, withCount: false, where: rest.length ? and(...rest) : undefined, orderBy };
    const { steps } = versionListQueries(db, VERSION_QUERY, access.project.id, "model", opts);
    return { kind: "one" as const, steps, access };
  }
  const parts = conds.map((c) => versionCondition(c, input.defaultOrg));
  const where = and(eq(versions.kind, "model"), projectVisibleTo(actor), ...parts);
  const orderBy = orderByOf(
    input.orderBy,
    VERSION_SORTS,
    [asc(organizations.name), asc(projects.name), sql`${versions.nameNumber} desc nulls last`],
    sql`${versions.id}`,
  );
  const query = db
    .select({ ...viewColumns, owner: organizations.name, project: projects.name, projectId: projects.id })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .leftJoin(users, eq(users.id, versions.createdById))
    .where(where)
    .orderBy(...orderBy)
    .limit(input.limit + 1)
    .offset(input.offset);
  return { kind: "many" as const, query };
}

/**
 * What a search statement runs with (SET LOCAL, in the search's transaction): no parallel workers. Every page is a
 * walk of an index in order that stops after limit + 1 matches; at 1M versions PostgreSQL 15 parallelises the walks
 * of rarer tags, and starting the workers costs this 2-core machine ~15 ms against a 3–8 ms walk (bench/RESULTS.md,
 * mlflow section). The benchmark's EXPLAIN applies the same setting.
 */
export const SEARCH_SETTINGS = "max_parallel_workers_per_gather = 0";

/** model-versions/search: one page (limit + 1 rows are read, so `more` is exact) of the versions the actor may read. */
export async function searchMlflowVersions(db: DB, actor: Actor, input: MlflowSearchInput): Promise<{ results: MlflowVersionRow[]; more: boolean }> {
  // Judged before the transaction: a bad filter costs no round trip.
  for (const c of parseFilter(input.filter)) versionCondition(c, input.defaultOrg);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local ${SEARCH_SETTINGS}`));
    return searchIn(tx, actor, input);
  });
}

async function searchIn(db: DB, actor: Actor, input: MlflowSearchInput): Promise<{ results: MlflowVersionRow[]; more: boolean }> {
  const plan = await planMlflowVersionSearch(db, actor, input);
  if (!plan) return { results: [], more: false };
  if (plan.kind === "one") {
    const { steps, access } = plan;
    const rows = (await runSteps(steps, input.limit + 1, (i) => execPrepared(steps[i]))) as VersionView[];
    const results = rows.slice(0, input.limit).map((v) => ({ ...v, owner: access.org.name, project: access.project.name, projectId: access.project.id }));
    return { results: await redacted(db, actor, results), more: rows.length > input.limit };
  }
  const rows = await plan.query;
  return { results: await redacted(db, actor, rows.slice(0, input.limit) as MlflowVersionRow[]), more: rows.length > input.limit };
}

/**
 * A registered model's last_updated_timestamp: its newest change, its versions' included — MLflow's client sorts
 * models by it. Every change is an activity written in the change's transaction, a version's deletion included
 * (which leaves no row to read a time from), so it is the model's row time or its newest model, version or file
 * activity (the (project_id, created_at) index: one row), whichever is later. Runs and webhooks are not the model.
 */
export const modelLastUpdated = sql<Date>`greatest(${projects.updatedAt}, (select max(a.created_at) from ${activities} a
  where a.project_id = ${projects.id} and (a.verb like 'version.%' or a.verb like 'file.%' or a.verb like 'project.%')))`;

/** last_updated_timestamp of several models, by project id (one query). */
export async function modelsLastUpdated(db: DB, projectIds: number[]): Promise<Map<number, Date>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .select({ id: projects.id, at: sql<string | Date>`${modelLastUpdated}` })
    .from(projects)
    .where(inArray(projects.id, projectIds));
  return new Map(rows.map((r) => [r.id, new Date(r.at)]));
}

const MODEL_SORTS: Record<string, SortKey[]> = {
  name: [{ col: sql`${organizations.name}` }, { col: sql`${projects.name}` }],
  creation_timestamp: [{ col: sql`${projects.createdAt}` }],
  timestamp: [{ col: sql`${projects.createdAt}` }],
  last_updated_timestamp: [{ col: modelLastUpdated }],
};

/** Lineage naming projects the reader may not see is redacted (redact.ts), as in every version list. */
async function redacted<V extends MlflowVersionRow>(db: DB, actor: Actor, rows: V[]): Promise<V[]> {
  const known = [...new Set(rows.map((r) => `${r.owner}/${r.project}`))];
  return (await redactVersions(db, actor, rows, known)).views;
}

/** registered-models/search: one page of the models the actor may read, with `more` exact. */
export async function searchMlflowModels(db: DB, actor: Actor, input: MlflowSearchInput): Promise<{ results: MlflowModelRow[]; more: boolean }> {
  const parts = parseFilter(input.filter).map((c) => modelCondition(c, input.defaultOrg));
  const orderBy = orderByOf(input.orderBy, MODEL_SORTS, [asc(organizations.name), asc(projects.name)], sql`${projects.id}`);
  const rows = await db
    .select({ project: projects, owner: organizations.name })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    // Projects without the models feature (runs only) are not registered models.
    .where(and(projectVisibleTo(actor), sql`not (${projects.excludedFeatures} @> array['models']::text[])`, ...parts))
    .orderBy(...orderBy)
    .limit(input.limit + 1)
    .offset(input.offset);
  return { results: rows.slice(0, input.limit), more: rows.length > input.limit };
}

/**
 * The newest version (highest v{n}, then newest) of each stage of several models, by project id: MLflow's
 * `latest_versions`. One query (DISTINCT ON over the (project, kind, stage, …) index).
 */
export async function latestVersionsOf(db: DB, actor: Actor, models: MlflowModelRow[], stages?: ("testing" | "staging" | "production" | "disabled")[]) {
  const out = new Map<number, MlflowVersionRow[]>();
  const byId = new Map(models.map((m) => [m.project.id, m]));
  const projectIds = [...byId.keys()];
  if (projectIds.length === 0) return out;
  const rows = (await db
    .selectDistinctOn([versions.projectId, versions.stage], viewColumns)
    .from(versions)
    .leftJoin(users, eq(users.id, versions.createdById))
    .where(and(inArray(versions.projectId, projectIds), eq(versions.kind, "model"), stages?.length ? inArray(versions.stage, stages) : undefined))
    .orderBy(versions.projectId, versions.stage, sql`${versions.nameNumber} desc nulls last`, desc(versions.createdAt), desc(versions.id))) as VersionView[];
  const views = await redacted(
    db,
    actor,
    rows.map((v) => ({ ...v, owner: byId.get(v.projectId)!.owner, project: byId.get(v.projectId)!.project.name, projectId: v.projectId })),
  );
  for (const v of views) {
    const list = out.get(v.projectId) ?? [];
    list.push(v);
    out.set(v.projectId, list);
  }
  return out;
}
