// Version lists: PQL filters and sorts (DESIGN §5) in one indexed query with a bounded count, and the
// handful of versions a comparison needs.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { modelAliases, runs, versions } from "@/db/schema";
import type { QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { loadProjectAccess, type ProjectAccess } from "./access";
import { InvalidError } from "./errors";
import { KINDS, STAGES, checkKind, selectViews, type VersionView } from "./version-view";
import { readBesideAccess } from "./project-hint";
import { redactVersions } from "./redact";
import { COUNT_CAP, execPrepared, runSteps, versionListQueries, type ListOptions } from "./version-list-plan";

export const VERSION_QUERY: QuerySpec = {
  fields: {
    name: { type: "string", column: versions.name, search: true },
    description: { type: "string", column: versions.description, search: true },
    uuid: { type: "uuid", column: versions.uuid },
    kind: { type: "enum", column: versions.kind, values: KINDS },
    stage: { type: "enum", column: versions.stage, values: STAGES },
    tags: { type: "tags", column: versions.tags },
    // null when the version has no alias, so `alias:nil` is the versions without one.
    alias: { type: "tags", nillable: true, column: sql`(select array_agg(a.name) from ${modelAliases} a where a.version_id = ${versions.id})` },
    run: { type: "uuid", column: sql`(select ${runs.uuid} from ${runs} where ${runs.id} = ${versions.runId})` },
    created_at: { type: "datetime", column: versions.createdAt },
    updated_at: { type: "datetime", column: versions.updatedAt },
  },
  json: { meta: versions.metaInfo },
  sortable: { name: versions.name, stage: versions.stage, kind: versions.kind, created_at: versions.createdAt, updated_at: versions.updatedAt },
  defaultSort: "-created_at",
  tiebreaker: versions.id,
};

export { COUNT_CAP, type ListOptions } from "./version-list-plan";

export type VersionList = { count: number; countCapped: boolean; results: VersionView[] };

/** The versions of one kind in a model the actor may read, filtered and sorted by PQL; a bad query is an InvalidError. */
export async function listVersions(db: DB, actor: Actor, owner: string, project: string, kind: string, opts: ListOptions) {
  return listVersionsWith(db, loadProjectAccess(db, actor, owner, project), kind, opts, `${owner}/${project}`, actor);
}

/**
 * The list for a model whose access is being loaded (`access`: loadProjectAccess, or a page's cached copy of it).
 * Errors keep their order: a missing or invisible model is a NotFoundError before the query is judged.
 */
export async function listVersionsWith(db: DB, access: Promise<ProjectAccess>, kind: string, opts: ListOptions, key: string, actor: Actor) {
  const { access: a, ...list } = await listVersionsUnredacted(db, access, kind, opts, key);
  // Lineage naming projects the reader may not see is redacted (redact.ts): one query for the page.
  const { views } = await redactVersions(db, actor, list.results, [`${a.org.name}/${a.project.name}`]);
  return { access: a, ...list, results: views };
}

async function listVersionsUnredacted(db: DB, access: Promise<ProjectAccess>, kind: string, opts: ListOptions, key: string) {
  const { access: a, value } = await readBesideAccess(db, access, key, (projectId) => listVersionsOf(db, projectId, kind, opts));
  return { access: a, ...value };
}

/** The list query itself, for a project already authorised: the page (see version-list-plan.ts) and the capped count. */
export async function listVersionsOf(db: DB, projectId: number, kind: string, opts: ListOptions): Promise<VersionList> {
  const q = versionListQueries(db, VERSION_QUERY, projectId, checkKind(kind), opts);
  const page = runSteps(q.steps, opts.limit, (i) => execPrepared(q.steps[i]));
  if (opts.withCount === false) return { count: -1, countCapped: false, results: (await page) as VersionView[] };
  const [rows, [c]] = await Promise.all([page, execPrepared(q.count) as Promise<{ n: number }[]>]);
  const n = Number(c.n);
  return { count: Math.min(n, COUNT_CAP), countCapped: n > COUNT_CAP, results: rows as VersionView[] };
}

export const MAX_COMPARED = 8;

/** Two to MAX_COMPARED versions by name, in the order asked, for the side-by-side comparison (one query). */
export async function compareVersions(db: DB, actor: Actor, owner: string, project: string, kind: string, names: string[]) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length > MAX_COMPARED) throw InvalidError.field("v", `compare at most ${MAX_COMPARED} versions at a time`);
  const rows = wanted.length
    ? ((await selectViews(db)
        .where(and(eq(versions.projectId, access.project.id), eq(versions.kind, checkKind(kind)), inArray(versions.name, wanted)))
        .limit(MAX_COMPARED)) as VersionView[])
    : [];
  const { views } = await redactVersions(db, actor, rows, [`${access.org.name}/${access.project.name}`]);
  const byName = new Map(views.map((r) => [r.name, r]));
  return {
    access,
    versions: wanted.flatMap((n) => (byName.has(n) ? [byName.get(n)!] : [])),
    missing: wanted.filter((n) => !byName.has(n)),
  };
}
