// The SQL of a versions list, planned for PostgreSQL's blind spot. A page sorted by created_at/updated_at walks
// the (project, kind, created_at desc, id desc) index and stops after `limit` matches — ideal when matches are
// spread over time. A contains-search (`name:%v12%`) breaks that: the planner assumes its matches are spread
// too, but `v12…` names are all old, so the walk crosses 870k rows of a 1M-version model (415 ms; bench/RESULTS.md).
// For searches we therefore try the newest SEARCH_WINDOW rows first and, when they hold too few matches, fetch
// the matches through the trigram index inside a subquery the planner must plan on its own, then sort.
import "server-only";
import { Column, SQL, and, count, eq, is, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { users, versions } from "@/db/schema";
import { compileOrderBy, compileWhere, parseQuery, type QuerySpec } from "@/lib/pql";
import { viewColumns, selectViews, type Kind } from "./version-view";

export const COUNT_CAP = 10_000;
/** How many of the newest rows a search looks at before falling back to the trigram index. */
export const SEARCH_WINDOW = 2_000;

export type ListOptions = {
  query?: string | null;
  sort?: string | null;
  limit: number;
  offset: number;
  /** false skips the count (count = -1): for callers that only need the page. */
  withCount?: boolean;
  /** A filter compiled elsewhere (MLflow's filter grammar, lib/registry/mlflow-search.ts), ANDed with the query's. */
  where?: SQL;
  /** ORDER BY compiled elsewhere (ending with a tiebreaker), instead of the sort's. */
  orderBy?: SQL[];
};

/** Whether the query holds a `%` search (ILIKE): the condition whose matches the planner cannot place in time. */
function hasSearch(query: string | null | undefined): boolean {
  if (!query?.trim()) return false;
  return parseQuery(query).conditions.some((c) => c.operand.kind === "values" && c.operand.values.some((v) => v.prefix || v.suffix));
}

/** Sorts an index serves in order: led by created_at or updated_at. */
const walkable = (sort: string) => /^\s*-?\s*(created_at|updated_at)\s*(,|$)/.test(sort);

/** A page statement: runnable as a prepared statement, and printable as SQL (the benchmark runs the same text). */
export type Step = { prepare(name: string): { execute(): Promise<unknown[]> }; toSQL(): { sql: string; params: unknown[] } };

type Decoder = { mapFromDriverValue(value: unknown): unknown };
type Field = { path: string[]; field: unknown };
/** What drizzle's prepared queries hold (postgres-js and PGlite alike): the ordered selection and an optional mapper. */
type PreparedInternals = { fields?: Field[]; customResultMapper?: (rows: unknown[][]) => unknown[] };

function decoderOf(field: unknown): Decoder | null {
  if (is(field, Column)) return field;
  // `decoder` is drizzle's (internal) per-expression mapper: `sql<T>\`…\`.mapWith(…)`, else identity.
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder;
  return null;
}

/**
 * Rows (arrays, in selection order) to objects with each column's decoder looked up once per statement instead of
 * once per cell: drizzle's own mapper re-derives every cell's decoder through `is()` (prototype walks), which was
 * the largest part of the list's CPU time (≈ 40% of it, 50 rows × 27 columns). Flat selections only; null
 * (the caller keeps drizzle's mapping) for anything else.
 */
function fastMapper(fields: Field[]): ((rows: unknown[][]) => Record<string, unknown>[]) | null {
  const keys: string[] = [];
  const decoders: (Decoder | null)[] = [];
  for (const { path, field } of fields) {
    const d = decoderOf(field);
    if (path.length !== 1 || !d) return null;
    keys.push(path[0]);
    decoders.push(d);
  }
  const n = keys.length;
  return (rows) =>
    rows.map((row) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const v = row[i];
        o[keys[i]] = v === null || v === undefined ? null : decoders[i]!.mapFromDriverValue(v);
      }
      return o;
    });
}

/**
 * Runs a list statement as a prepared statement: postgres.js then keeps it (by its text) on the connection, so a
 * repeated list is neither re-parsed nor described first — one round trip instead of two, and no re-planning
 * once PostgreSQL settles on a plan. Values are parameters, so the texts are as many as the query shapes.
 */
export const execPrepared = (q: { prepare(name: string): { execute(): Promise<unknown[]> } }) => {
  const prepared = q.prepare("versions_list");
  const internals = prepared as unknown as PreparedInternals;
  if (Array.isArray(internals.fields) && "customResultMapper" in internals && !internals.customResultMapper) {
    const map = fastMapper(internals.fields);
    if (map) internals.customResultMapper = map;
  }
  return prepared.execute();
};

/**
 * The statements of one list: `steps` (run in order; stop at the first that returns `limit` rows, or the last)
 * and `count` (count(*) over at most COUNT_CAP + 1 matches). The benchmark's minimal route runs exactly these.
 */
export function versionListQueries(db: DB, spec: QuerySpec, projectId: number, kind: Kind, opts: ListOptions) {
  const scope = and(eq(versions.projectId, projectId), eq(versions.kind, kind));
  const filter = and(compileWhere(spec, opts.query), opts.where);
  const where = and(scope, filter);
  const orderBy = opts.orderBy ?? compileOrderBy(spec, opts.sort);
  const capped = db
    .select({ one: sql`1` })
    .from(versions)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as("capped");
  const count_ = db.select({ n: count() }).from(capped);
  const plain = selectViews(db)
    .where(where)
    .orderBy(...orderBy)
    .limit(opts.limit)
    .offset(opts.offset);
  if (!filter || !hasSearch(opts.query)) return { steps: [plain] as Step[], count: count_ };
  // Both subqueries are aliased "versions", so the columns, filter and sort compiled for the table apply to them.
  // Drizzle checks that selected columns belong to a source of the query by name: the alias "versions" does.
  const view = (inner: { as(alias: string): unknown }) =>
    db
      .select(viewColumns)
      .from(inner.as("versions") as unknown as typeof versions)
      .leftJoin(users, eq(users.id, versions.createdById));
  // A LIMIT keeps PostgreSQL from merging the subquery into the outer query (drizzle leaves out OFFSET 0, the
  // usual fence), so the matches are fetched through the trigram index, then sorted.
  const fenced = view(
    db
      .select()
      .from(versions)
      .where(where)
      .limit(2 ** 31 - 1),
  )
    .orderBy(...orderBy)
    .limit(opts.limit)
    .offset(opts.offset);
  const steps: Step[] = [];
  if (walkable(opts.sort || spec.defaultSort) && opts.offset + opts.limit <= SEARCH_WINDOW / 2) {
    const newest = db
      .select()
      .from(versions)
      .where(scope)
      .orderBy(...orderBy)
      .limit(SEARCH_WINDOW);
    steps.push(
      view(newest)
        .where(filter)
        .orderBy(...orderBy)
        .limit(opts.limit)
        .offset(opts.offset),
    );
  }
  steps.push(fenced);
  return { steps, count: count_ };
}

/** Runs the steps in order until one returns a full page (the newest-rows window held enough matches). */
export async function runSteps<R>(steps: { length: number } & ArrayLike<unknown>, limit: number, exec: (i: number) => Promise<R[]>): Promise<R[]> {
  let rows: R[] = [];
  for (let i = 0; i < steps.length; i++) {
    rows = await exec(i);
    if (rows.length >= limit) break;
  }
  return rows;
}
