// Model versions: register (v{n} names without gaps), list with PQL, read, update, delete.
import "server-only";
import { and, asc, count, desc, eq, getTableColumns, inArray, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { projects, projectSources, runs, stageConditions, users, versions, type Version } from "@/db/schema";
import type { ProjectRole } from "@/lib/authz";
import { compileOrderBy, compileWhere, type QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, isUniqueViolation } from "./errors";
import { assertFeatureEnabled } from "./projects";
import { parse, tagList } from "./validate";

export const STAGES = ["testing", "staging", "production", "disabled"] as const;
export const KINDS = ["model", "artifact"] as const;
export type Kind = (typeof KINDS)[number];

export const versionName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, "may contain letters, digits, '.', '_' and '-', and must start and end with a letter or digit");

const content = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .nullable()
  .transform((v) => (v === null || typeof v === "string" ? v : JSON.stringify(v)))
  .refine((v) => v === null || v.length <= 1_000_000, "must be at most 1,000,000 characters");
const metaInfo = z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 200_000, "is too large (200 kB at most)");
const externalRun = z.object({ uuid: z.string().max(200).optional(), project: z.string().max(300).optional(), url: z.url("must be a URL").max(2000).optional() }).strict();

const fields = {
  description: z.string().trim().max(5000, "must be at most 5000 characters"),
  tags: tagList,
  meta_info: metaInfo,
  content,
  readme: z.string().max(200_000, "must be at most 200,000 characters"),
  artifacts: z.array(z.string().trim().min(1).max(256)).max(200, "at most 200 artifacts"),
  connection: z.string().trim().max(256).nullable(),
};

export const registerSchema = z.object({
  name: versionName.optional(),
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])),
  run: z.union([z.string().trim().max(200), z.null()]).optional(),
  external_run: externalRun.optional(),
  force: z.boolean().optional(),
}) as z.ZodType<{
  name?: string; description?: string; tags?: string[]; meta_info?: Record<string, unknown>; content?: string | null;
  readme?: string; artifacts?: string[]; connection?: string | null; run?: string | null;
  external_run?: z.infer<typeof externalRun>; force?: boolean;
}>;

export const updateSchema = z.object({ name: versionName, ...fields }).partial();

export const VERSION_QUERY: QuerySpec = {
  fields: {
    name: { type: "string", column: versions.name, search: true },
    description: { type: "string", column: versions.description, search: true },
    uuid: { type: "uuid", column: versions.uuid },
    kind: { type: "enum", column: versions.kind, values: KINDS },
    stage: { type: "enum", column: versions.stage, values: STAGES },
    tags: { type: "tags", column: versions.tags },
    run: { type: "uuid", column: sql`(select ${runs.uuid} from ${runs} where ${runs.id} = ${versions.runId})` },
    created_at: { type: "datetime", column: versions.createdAt },
    updated_at: { type: "datetime", column: versions.updatedAt },
  },
  json: { meta: versions.metaInfo },
  sortable: { name: versions.name, stage: versions.stage, created_at: versions.createdAt, updated_at: versions.updatedAt },
  defaultSort: "-created_at",
  tiebreaker: versions.id,
};

export const COUNT_CAP = 10_000;

export type VersionView = Version & { runUuid: string | null; runProject: string | null; createdBy: string | null };

/** Polyaxon's version shape (POLYAXON-WIRE.md), plus a few fields of ours. */
export function versionToApi(v: VersionView, access: ProjectAccess, conditions?: ConditionApi[]) {
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
    run_project: v.runProject ? `${access.org.name}/${v.runProject}` : (v.externalRun?.project ?? null),
    external_run: v.externalRun ?? null,
    artifacts: v.artifacts,
    meta_info: v.metaInfo,
    content: v.content,
    readme: v.readme,
    connection: v.connection,
    created_at: v.createdAt.toISOString(),
    updated_at: v.updatedAt.toISOString(),
    created_by: v.createdBy,
    role: access.role as ProjectRole | null,
    contributors: v.createdBy ? [{ username: v.createdBy }] : [],
  };
}

export type ConditionApi = {
  type: string;
  status: string;
  reason: string;
  message: string;
  last_update_time: string;
  last_transition_time: string;
  meta_info: Record<string, unknown>;
};

const viewColumns = {
  ...getTableColumns(versions),
  runUuid: sql<string | null>`(select ${runs.uuid}::text from ${runs} where ${runs.id} = ${versions.runId})`,
  runProject: sql<string | null>`(select p.name from ${runs} join ${projects} p on p.id = ${runs.projectId} where ${runs.id} = ${versions.runId})`,
  createdBy: users.username,
};

export async function loadVersionView(db: DB, versionId: number): Promise<VersionView> {
  const [v] = await db.select(viewColumns).from(versions).leftJoin(users, eq(users.id, versions.createdById)).where(eq(versions.id, versionId)).limit(1);
  if (!v) throw new NotFoundError("Version not found");
  return v as VersionView;
}

export async function conditionsOf(db: DB, versionId: number): Promise<ConditionApi[]> {
  const rows = await db
    .select({ c: stageConditions, user: users.username })
    .from(stageConditions)
    .leftJoin(users, eq(users.id, stageConditions.actorId))
    .where(eq(stageConditions.versionId, versionId))
    // id, not created_at: now() is the transaction start, and a change that waited for the row lock
    // commits after one that started later. Ids are drawn after the lock, in commit order.
    .orderBy(asc(stageConditions.id))
    .limit(1000);
  return rows.map(({ c, user }) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    last_update_time: c.createdAt.toISOString(),
    last_transition_time: c.createdAt.toISOString(),
    meta_info: { user, ...(c.fromStage ? { from_stage: c.fromStage } : {}), ...c.details },
  }));
}

function checkKind(kind: string): Kind {
  if (!(KINDS as readonly string[]).includes(kind)) throw new NotFoundError(`Unknown version kind '${kind}'`);
  return kind as Kind;
}

const numberOf = (name: string) => (/^v\d{1,9}$/.test(name) ? Number(name.slice(1)) : null);

/** A local run (by uuid) that may be linked to a version of `access`: same organization, and its project is
 * the target or one of the target's promotion sources. Unknown uuids are external references. */
export async function resolveRun(db: DB, actor: Actor, access: ProjectAccess, runUuid: string) {
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(runUuid)) return null;
  const [run] = await db
    .select({ id: runs.id, projectId: runs.projectId, orgId: projects.orgId, owner: sql<string>`(select name from organizations where id = ${projects.orgId})`, project: projects.name })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .where(eq(runs.uuid, runUuid))
    .limit(1);
  if (!run) return null;
  const refuse = () => InvalidError.field("run", "the run is not accessible from this project");
  if (run.orgId !== access.org.id) throw refuse();
  if (run.projectId !== access.project.id) {
    const [allowed] = await db.select({ one: sql`1` }).from(projectSources).where(and(eq(projectSources.projectId, access.project.id), eq(projectSources.sourceProjectId, run.projectId))).limit(1);
    if (!allowed) throw refuse();
    await loadProjectAccess(db, actor, run.owner, run.project).catch(() => { throw refuse(); });
  }
  return run.id;
}

export async function registerVersion(db: DB, actor: Actor, owner: string, project: string, kindParam: string, input: unknown) {
  const kind = checkKind(kindParam);
  const access = await requireProject(db, actor, owner, project, "version.write");
  assertFeatureEnabled(access.project, kind === "model" ? "models" : "artifacts");
  const data = parse(registerSchema, input);
  const runId = data.run ? await resolveRun(db, actor, access, data.run) : null;
  const external = data.external_run ?? (data.run && !runId ? { uuid: data.run } : null);
  const actorId = actor.kind === "user" ? actor.userId : null;
  try {
    const id = await db.transaction(async (tx) => {
      // The project row lock serialises registrations, so v{n} names are consecutive and never collide.
      await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, access.project.id)).for("update");
      let name = data.name;
      if (!name) {
        const [m] = await tx.select({ n: max(versions.nameNumber) }).from(versions).where(and(eq(versions.projectId, access.project.id), eq(versions.kind, kind)));
        name = `v${(m?.n ?? 0) + 1}`;
      }
      const [existing] = await tx.select({ id: versions.id }).from(versions).where(and(eq(versions.projectId, access.project.id), eq(versions.kind, kind), eq(versions.name, name))).limit(1);
      const values = {
        description: data.description, tags: data.tags, metaInfo: data.meta_info, content: data.content, readme: data.readme,
        artifacts: data.artifacts, connection: data.connection,
        ...(runId || external ? { runId, externalRun: external } : {}),
      };
      const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
      if (existing) {
        if (!data.force) throw ConflictError.field("name", `Version '${name}' already exists in ${access.org.name}/${access.project.name}; pass force to overwrite it.`);
        await tx.update(versions).set({ ...defined, updatedAt: sql`now()` }).where(eq(versions.id, existing.id));
        await recordActivity(tx, { orgId: access.org.id, projectId: access.project.id, actorId, verb: "version.overwritten", target: name });
        return existing.id;
      }
      const [v] = await tx
        .insert(versions)
        .values({ ...defined, projectId: access.project.id, kind, name, nameNumber: numberOf(name), createdById: actorId })
        .returning({ id: versions.id });
      await tx.insert(stageConditions).values({ versionId: v.id, type: "testing", reason: "Registered", message: `Registered ${name}`, actorId });
      await recordActivity(tx, { orgId: access.org.id, projectId: access.project.id, actorId, verb: "version.registered", target: name, details: { kind } });
      return v.id;
    });
    const view = await loadVersionView(db, id);
    return { access, version: view, conditions: await conditionsOf(db, id) };
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `Version '${data.name}' already exists.`);
    throw err;
  }
}

export async function getVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  return { access, version: await loadVersionView(db, v.id), conditions: await conditionsOf(db, v.id) };
}

export async function listVersions(
  db: DB,
  actor: Actor,
  owner: string,
  project: string,
  kind: string,
  opts: { query?: string | null; sort?: string | null; limit: number; offset: number },
) {
  const access = await loadProjectAccess(db, actor, owner, project);
  const where = and(eq(versions.projectId, access.project.id), eq(versions.kind, checkKind(kind)), compileWhere(VERSION_QUERY, opts.query));
  const orderBy = compileOrderBy(VERSION_QUERY, opts.sort);
  // An exact count over a million rows costs more than the page: count exactly up to a cap, then say so.
  const capped = db.select({ one: sql`1` }).from(versions).where(where).limit(COUNT_CAP + 1).as("capped");
  const [rows, [c]] = await Promise.all([
    db.select(viewColumns).from(versions).leftJoin(users, eq(users.id, versions.createdById)).where(where).orderBy(...orderBy).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(capped),
  ]);
  const n = Number(c.n);
  return { access, count: Math.min(n, COUNT_CAP), countCapped: n > COUNT_CAP, results: rows as VersionView[] };
}

export async function updateVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "version.write");
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  const data = parse(updateSchema, input);
  const set = Object.fromEntries(
    Object.entries({
      name: data.name, nameNumber: data.name !== undefined ? numberOf(data.name) : undefined, description: data.description, tags: data.tags,
      metaInfo: data.meta_info, content: data.content, readme: data.readme, artifacts: data.artifacts, connection: data.connection,
    }).filter(([, val]) => val !== undefined),
  );
  if (Object.keys(set).length) {
    try {
      await db.transaction(async (tx) => {
        await tx.update(versions).set({ ...set, updatedAt: sql`now()` }).where(eq(versions.id, v.id));
        await recordActivity(tx, { orgId: access.org.id, projectId: access.project.id, actorId: actor.kind === "user" ? actor.userId : null, verb: "version.updated", target: data.name ?? v.name, details: { fields: Object.keys(data) } });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw ConflictError.field("name", `Version '${data.name}' already exists.`);
      throw err;
    }
  }
  return { access, version: await loadVersionView(db, v.id), conditions: await conditionsOf(db, v.id) };
}

export async function deleteVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const access = await requireProject(db, actor, owner, project, "version.delete");
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  await db.transaction(async (tx) => {
    await tx.delete(versions).where(eq(versions.id, v.id));
    await recordActivity(tx, { orgId: access.org.id, projectId: access.project.id, actorId: actor.kind === "user" ? actor.userId : null, verb: "version.deleted", target: v.name });
  });
}

/** Versions per stage and the newest production version, for the model overview (one grouped query each). */
export async function stageSummary(db: DB, access: ProjectAccess) {
  const counts = await db.select({ stage: versions.stage, n: count() }).from(versions).where(and(eq(versions.projectId, access.project.id), eq(versions.kind, "model"))).groupBy(versions.stage);
  const [latestProduction] = await db
    .select({ name: versions.name, updatedAt: versions.updatedAt })
    .from(versions)
    .where(and(eq(versions.projectId, access.project.id), eq(versions.kind, "model"), inArray(versions.stage, ["production"])))
    .orderBy(desc(versions.updatedAt))
    .limit(1);
  return { counts: Object.fromEntries(counts.map((c) => [c.stage, Number(c.n)])) as Record<string, number>, latestProduction: latestProduction ?? null };
}

