// Runs of a project (feature `runs`): log, list with PQL, read, update; and the versions promoted from a run.
import "server-only";
import { and, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { organizations, projects, runs, runStatusEnum, users, versions, type Run, type RunArtifact } from "@/db/schema";
import type { ProjectRole } from "@/lib/authz";
import { compileOrderBy, compileWhere, type QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { loadProjectAccess, projectVisibleTo, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { NotFoundError } from "./errors";
import { assertFeatureEnabled } from "./projects";
import { parse, tagList } from "./validate";

export const RUN_STATUSES = runStatusEnum.enumValues;
export type RunStatus = (typeof RUN_STATUSES)[number];

// Top-level keys of params and metrics are what PQL and sorting address (`outputs.<key>`), so they must be
// valid path segments there; nested values are free.
const key = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "keys may contain letters, digits, '_' and '-' (at most 128), so that they can be queried as inputs.<key> / outputs.<key>");
const jsonRecord = z
  .record(key, z.unknown())
  .refine((v) => Object.keys(v).length <= 500, "at most 500 keys")
  .refine((v) => JSON.stringify(v).length <= 100_000, "is too large (100 kB at most)");

const artifact = z
  .object({
    name: z.string().trim().min(1, "is required").max(256, "must be at most 256 characters"),
    kind: z.string().trim().max(64, "must be at most 64 characters").optional().default("file"),
    path: z.string().trim().max(2000, "must be at most 2000 characters").optional().default(""),
  })
  .strict();
const artifactList = z
  .array(artifact)
  .max(200, "at most 200 artifacts")
  .refine((a) => new Set(a.map((x) => x.name)).size === a.length, "artifact names must be unique");

const fields = {
  name: z.string().trim().max(256, "must be at most 256 characters"),
  description: z.string().trim().max(5000, "must be at most 5000 characters"),
  status: z.enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(", ")}` }),
  tags: tagList,
  inputs: jsonRecord,
  outputs: jsonRecord,
  artifacts: artifactList,
};

export const createRunSchema = z.object(fields).partial().strict();
/** PATCH: inputs and outputs are merged into the stored ones (a null value removes a key); the rest replaces. */
export const updateRunSchema = z.object(fields).partial().strict();

export const RUN_QUERY: QuerySpec = {
  fields: {
    name: { type: "string", column: runs.name, search: true },
    description: { type: "string", column: runs.description, search: true },
    uuid: { type: "uuid", column: runs.uuid },
    status: { type: "enum", column: runs.status, values: RUN_STATUSES },
    tags: { type: "tags", column: runs.tags },
    created_at: { type: "datetime", column: runs.createdAt },
    updated_at: { type: "datetime", column: runs.updatedAt },
  },
  json: { inputs: runs.inputs, outputs: runs.outputs },
  sortable: { name: runs.name, status: runs.status, created_at: runs.createdAt, updated_at: runs.updatedAt },
  defaultSort: "-created_at",
  tiebreaker: runs.id,
};

export const RUN_COUNT_CAP = 10_000;
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID_RE.test(v);

export type RunView = Run & { createdBy: string | null };
const viewColumns = {
  id: runs.id,
  uuid: runs.uuid,
  projectId: runs.projectId,
  name: runs.name,
  description: runs.description,
  status: runs.status,
  tags: runs.tags,
  inputs: runs.inputs,
  outputs: runs.outputs,
  artifacts: runs.artifacts,
  metaInfo: runs.metaInfo,
  createdById: runs.createdById,
  createdAt: runs.createdAt,
  updatedAt: runs.updatedAt,
  createdBy: users.username,
};
const selectRuns = (db: DB) => db.select(viewColumns).from(runs).leftJoin(users, eq(users.id, runs.createdById));

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);
export const isPromoted = (r: Pick<Run, "metaInfo">) => r.metaInfo?.is_promoted === true;

/** The wire shape of a run (Polyaxon-like field names). */
export function runToApi(r: RunView, access: Pick<ProjectAccess, "org" | "project" | "role">) {
  return {
    uuid: r.uuid,
    owner: access.org.name,
    project: access.project.name,
    name: r.name,
    description: r.description,
    status: r.status,
    tags: r.tags,
    inputs: r.inputs,
    outputs: r.outputs,
    artifacts: r.artifacts,
    meta_info: r.metaInfo,
    is_promoted: isPromoted(r),
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    role: access.role as ProjectRole | null,
  };
}

async function loadRun(db: DB, projectId: number, uuid: string): Promise<RunView> {
  // A malformed uuid would be a cast error in SQL: it simply names no run.
  if (!isUuid(String(uuid))) throw new NotFoundError(`Run '${uuid}' not found`);
  const [r] = await selectRuns(db)
    .where(and(eq(runs.projectId, projectId), eq(runs.uuid, uuid)))
    .limit(1);
  if (!r) throw new NotFoundError(`Run '${uuid}' not found`);
  return r as RunView;
}

export async function createRun(db: DB, actor: Actor, owner: string, project: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "run.write");
  assertFeatureEnabled(access.project, "runs");
  const data = parse(createRunSchema, input);
  const id = await db.transaction(async (tx) => {
    const [r] = await tx
      .insert(runs)
      .values({ ...data, artifacts: data.artifacts as RunArtifact[] | undefined, projectId: access.project.id, createdById: actorIdOf(actor) })
      .returning({ id: runs.id, uuid: runs.uuid });
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId: actorIdOf(actor),
      verb: "run.created",
      target: data.name || r.uuid,
      details: { run: r.uuid },
    });
    return r.id;
  });
  const [run] = await selectRuns(db).where(eq(runs.id, id)).limit(1);
  return { access, run: run as RunView };
}

export type ListOpts = { query?: string | null; sort?: string | null; limit: number; offset: number };

/** One indexed page of the project's runs (PQL query and sort) and a count that is exact up to a cap. */
export async function listRuns(db: DB, actor: Actor, owner: string, project: string, opts: ListOpts) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const where = and(eq(runs.projectId, access.project.id), compileWhere(RUN_QUERY, opts.query));
  const orderBy = compileOrderBy(RUN_QUERY, opts.sort);
  const capped = db
    .select({ one: sql`1` })
    .from(runs)
    .where(where)
    .limit(RUN_COUNT_CAP + 1)
    .as("capped");
  const [rows, [c]] = await Promise.all([
    selectRuns(db)
      .where(where)
      .orderBy(...orderBy)
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(capped),
  ]);
  const n = Number(c.n);
  return { access, count: Math.min(n, RUN_COUNT_CAP), countCapped: n > RUN_COUNT_CAP, results: rows as RunView[] };
}

export async function getRun(db: DB, actor: Actor, owner: string, project: string, uuid: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  return { access, run: await loadRun(db, access.project.id, uuid) };
}

export async function updateRun(db: DB, actor: Actor, owner: string, project: string, uuid: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "run.write");
  const run = await loadRun(db, access.project.id, uuid);
  assertFeatureEnabled(access.project, "runs");
  const data = parse(updateRunSchema, input);
  // Merged in SQL, so two writers logging different metrics at once both keep theirs.
  const merge = (col: typeof runs.inputs | typeof runs.outputs, patch: Record<string, unknown>) => {
    const removed = Object.keys(patch).filter((k) => patch[k] === null);
    const kept = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
    const merged = sql`(${col} || ${JSON.stringify(kept)}::jsonb)`;
    return removed.length
      ? sql`${merged} - array[${sql.join(
          removed.map((k) => sql`${k}`),
          sql`, `,
        )}]::text[]`
      : merged;
  };
  const set = Object.fromEntries(
    Object.entries({
      name: data.name,
      description: data.description,
      status: data.status,
      tags: data.tags,
      artifacts: data.artifacts,
      inputs: data.inputs ? merge(runs.inputs, data.inputs) : undefined,
      outputs: data.outputs ? merge(runs.outputs, data.outputs) : undefined,
    }).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(set).length) {
    await db.transaction(async (tx) => {
      await tx
        .update(runs)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(runs.id, run.id));
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId: actorIdOf(actor),
        verb: "run.updated",
        target: data.name || run.name || run.uuid,
        details: { run: run.uuid, fields: Object.keys(data) },
      });
    });
  }
  return { access, run: await loadRun(db, access.project.id, run.uuid) };
}

export type PromotedVersion = { owner: string; project: string; name: string; kind: string; stage: string; createdAt: Date; createdBy: string | null };

/** The versions linked to a run, in every project the actor may read: one indexed query (versions_run_idx). */
export async function listPromotedVersions(db: DB, actor: Actor, runId: number): Promise<PromotedVersion[]> {
  return db
    .select({
      owner: organizations.name,
      project: projects.name,
      name: versions.name,
      kind: versions.kind,
      stage: versions.stage,
      createdAt: versions.createdAt,
      createdBy: users.username,
    })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .leftJoin(users, eq(users.id, versions.createdById))
    .where(and(eq(versions.runId, runId), projectVisibleTo(actor)))
    .orderBy(desc(versions.createdAt), desc(versions.id))
    .limit(100);
}

/** Where a run lives (`owner/project`), for links that only know its uuid; NotFound when the actor may not read it. */
export async function locateRun(db: DB, actor: Actor, uuid: string): Promise<{ owner: string; project: string }> {
  if (!isUuid(String(uuid))) throw new NotFoundError(`Run '${uuid}' not found`);
  const [r] = await db
    .select({ owner: organizations.name, project: projects.name })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(and(eq(runs.uuid, uuid), projectVisibleTo(actor)))
    .limit(1);
  if (!r) throw new NotFoundError(`Run '${uuid}' not found`);
  return r;
}
