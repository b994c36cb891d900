// Runs: the lightweight record training code logs (params, metrics, artifacts), and their promotion
// into model versions of the same organization.
import "server-only";
import { and, count, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { projects, projectSources, runs, users, versions, type Run } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import { compileOrderBy, compileWhere, type QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { loadProjectAccess, projectVisibleTo, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { InvalidError, NotFoundError } from "./errors";
import { assertFeatureEnabled } from "./projects";
import { parse, tagList } from "./validate";
import { registerVersion } from "./versions";

export const RUN_STATUSES = ["created", "running", "succeeded", "failed", "stopped"] as const;
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const jsonObject = z.record(z.string().max(200), z.unknown()).refine((v) => JSON.stringify(v).length <= 100_000, "is too large (100 kB at most)");
const artifact = z.object({ name: z.string().trim().min(1).max(256), kind: z.string().trim().max(64).default("file"), path: z.string().trim().max(1024).default("") });

const runFields = {
  name: z.string().trim().max(256, "must be at most 256 characters"),
  description: z.string().trim().max(5000),
  status: z.enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(", ")}` }),
  tags: tagList,
  inputs: jsonObject,
  outputs: jsonObject,
  artifacts: z.array(artifact).max(500),
};
export const createRunSchema = z.object(runFields).partial();
export const updateRunSchema = z.object(runFields).partial();

export const RUN_QUERY: QuerySpec = {
  fields: {
    name: { type: "string", column: runs.name, search: true },
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

export type RunView = Run & { createdBy: string | null };
const runColumns = { ...getTableColumns(runs), createdBy: users.username };

export function runToApi(r: RunView, access: ProjectAccess) {
  return {
    uuid: r.uuid, owner: access.org.name, project: access.project.name, name: r.name, description: r.description, status: r.status,
    tags: r.tags, inputs: r.inputs, outputs: r.outputs, artifacts: r.artifacts, meta_info: r.metaInfo,
    created_by: r.createdBy, created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
  };
}

async function findRun(db: DB, access: ProjectAccess, uuid: string): Promise<RunView> {
  if (!UUID_RE.test(uuid)) throw new NotFoundError(`Run '${uuid}' not found`);
  const [r] = await db.select(runColumns).from(runs).leftJoin(users, eq(users.id, runs.createdById)).where(and(eq(runs.projectId, access.project.id), eq(runs.uuid, uuid))).limit(1);
  if (!r) throw new NotFoundError(`Run '${uuid}' not found`);
  return r;
}

export async function createRun(db: DB, actor: Actor, owner: string, project: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "run.write");
  assertFeatureEnabled(access.project, "runs");
  const data = parse(createRunSchema, input);
  const actorId = actor.kind === "user" ? actor.userId : null;
  const id = await db.transaction(async (tx) => {
    const [r] = await tx.insert(runs).values({ ...data, projectId: access.project.id, createdById: actorId }).returning({ id: runs.id, uuid: runs.uuid });
    await recordActivity(tx, { orgId: access.org.id, projectId: access.project.id, actorId, verb: "run.created", target: data.name || r.uuid });
    return r.id;
  });
  const [r] = await db.select(runColumns).from(runs).leftJoin(users, eq(users.id, runs.createdById)).where(eq(runs.id, id));
  return { access, run: r };
}

export async function updateRun(db: DB, actor: Actor, owner: string, project: string, uuid: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "run.write");
  assertFeatureEnabled(access.project, "runs");
  const run = await findRun(db, access, uuid);
  const data = parse(updateRunSchema, input);
  await db.update(runs).set({ ...data, updatedAt: sql`now()` }).where(eq(runs.id, run.id));
  return { access, run: await findRun(db, access, uuid) };
}

export async function getRun(db: DB, actor: Actor, owner: string, project: string, uuid: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const run = await findRun(db, access, uuid);
  // The versions promoted from this run, wherever the actor may see them: one query.
  const promoted = await db
    .select({ name: versions.name, stage: versions.stage, project: projects.name, owner: sql<string>`${access.org.name}` })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .where(and(eq(versions.runId, run.id), projectVisibleTo(actor)))
    .orderBy(desc(versions.createdAt))
    .limit(100);
  return { access, run, promoted };
}

export async function listRuns(db: DB, actor: Actor, owner: string, project: string, opts: { query?: string | null; sort?: string | null; limit: number; offset: number }) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const where = and(eq(runs.projectId, access.project.id), compileWhere(RUN_QUERY, opts.query));
  const capped = db.select({ one: sql`1` }).from(runs).where(where).limit(10_001).as("capped");
  const [rows, [c]] = await Promise.all([
    db.select(runColumns).from(runs).leftJoin(users, eq(users.id, runs.createdById)).where(where).orderBy(...compileOrderBy(RUN_QUERY, opts.sort)).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(capped),
  ]);
  return { access, results: rows, count: Math.min(Number(c.n), 10_000), countCapped: Number(c.n) > 10_000 };
}

/** The models a run may be promoted into by this actor: its own project and those listing it as a source, where the actor is a member. */
export async function promotionTargets(db: DB, actor: Actor, access: ProjectAccess): Promise<string[]> {
  const rows = await db
    .select({ name: projects.name, excluded: projects.excludedFeatures })
    .from(projects)
    .where(
      and(
        eq(projects.orgId, access.org.id),
        projectVisibleTo(actor),
        sql`(${projects.id} = ${access.project.id} or exists(select 1 from ${projectSources} ps where ps.project_id = ${projects.id} and ps.source_project_id = ${access.project.id}))`,
      ),
    )
    .limit(200);
  const out: string[] = [];
  for (const r of rows) {
    if (r.excluded.includes("models")) continue;
    const a = await loadProjectAccess(db, actor, access.org.name, r.name);
    if (projectCan(a.role, "run.promote")) out.push(r.name);
  }
  return out;
}

const promoteSchema = z.object({
  project: z.string().trim().min(1, "is required").max(300),
  name: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  artifacts: z.array(z.string()).optional(),
});

/** Promotes a run into a model version: same organization, allowed source, member on the target, viewer on the source. */
export async function promoteRun(db: DB, actor: Actor, owner: string, project: string, uuid: string, input: unknown) {
  const source = await loadProjectAccess(db, actor, owner, project);
  assertFeatureEnabled(source.project, "runs");
  const run = await findRun(db, source, uuid);
  const data = parse(promoteSchema, input);
  const [tOwner, tName] = data.project.includes("/") ? data.project.split("/", 2) : [source.org.name, data.project];
  if (tOwner.toLowerCase() !== source.org.name) throw InvalidError.field("project", "the run is not accessible from this project (another organization)");
  const chosen = data.artifacts ? run.artifacts.filter((a) => data.artifacts!.includes(a.name)) : run.artifacts;
  if (data.artifacts && chosen.length !== data.artifacts.length) throw InvalidError.field("artifacts", "names an artifact the run does not have");
  // One transaction: the version, the run's is_promoted flag and the activity land together or not at all.
  return db.transaction(async (tx) => {
    const result = await registerVersion(tx, actor, tOwner, tName, "model", {
      name: data.name || undefined,
      description: data.description ?? run.description,
      tags: data.tags ?? run.tags,
      run: run.uuid,
      artifacts: chosen.map((a) => a.name),
      meta_info: { metrics: run.outputs, params: run.inputs, run_name: run.name },
    });
    await tx.update(runs).set({ metaInfo: sql`${runs.metaInfo} || '{"is_promoted": true}'::jsonb` }).where(eq(runs.id, run.id));
    await recordActivity(tx, {
      orgId: source.org.id, projectId: source.project.id, actorId: actor.kind === "user" ? actor.userId : null, verb: "run.promoted",
      target: run.name || run.uuid, details: { to: `${tOwner}/${tName}:${result.version.name}` },
    });
    return result;
  });
}

