// Model versions: register (v{n} names without gaps), read, update, delete. Lists live in version-list.ts,
// stages in stages.ts, transfer and copy in version-transfer.ts, the answer shapes in version-view.ts.
import "server-only";
import { and, desc, eq, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { files, projects, stageConditions, versions, type ExternalRun, type Version } from "@/db/schema";
import type { Actor } from "./actor";
import { findVersion, loadProjectAccess, requireProject, type ProjectAccess } from "./access";
import { collectBlobs } from "./blob-gc";
import { recordActivity } from "./activity";
import { ConflictError, isUniqueViolation } from "./errors";
import { assertFeatureEnabled } from "./projects";
import { parse, tagList } from "./validate";
import { assertVersionWritable, onlyDocumentation } from "./version-lock";
import { loadVersionFor, redactVersion } from "./redact";
import { readBesideAccess } from "./project-hint";
import { STAGES, checkKind, loadVersionViewByName, nameNumber, type Kind } from "./version-view";
import { COUNT_CAP } from "./version-list-plan";
import { markRunPromoted, promotionMetaInfo, resolveRunForVersion } from "./run-source";

export { STAGES, KINDS, versionToApi, conditionsOf, loadVersionView, type Kind, type VersionView, type ConditionApi } from "./version-view";
export { listVersions, VERSION_QUERY, COUNT_CAP } from "./version-list";

/** Names that are pages of the versions list (/versions/new, /versions/compare), so no version can hide them. */
export const RESERVED_VERSION_NAMES = new Set(["new", "compare"]);

export const versionName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, "may contain letters, digits, '.', '_' and '-', and must start and end with a letter or digit")
  .refine((n) => !RESERVED_VERSION_NAMES.has(n.toLowerCase()), "is reserved (it is a page of the versions list)");

const content = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .nullable()
  // Polyaxon sends content as JSON text; an object sent by another client is stored as its JSON text.
  .transform((v) => (v === null || typeof v === "string" ? v : JSON.stringify(v)))
  .refine((v) => v === null || v.length <= 1_000_000, "must be at most 1,000,000 characters");
const metaInfo = z
  .record(z.string(), z.unknown(), { error: "must be a JSON object (metrics, params, framework, signature …)" })
  .refine((v) => JSON.stringify(v).length <= 200_000, "is too large (200 kB at most)");
const externalRun = z
  .object({
    uuid: z.string().trim().max(200).optional(),
    project: z.string().trim().max(300).optional(),
    url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2000)
      .optional(),
  })
  .strict();

const editable = {
  description: z.string().trim().max(5000, "must be at most 5000 characters"),
  tags: tagList,
  meta_info: metaInfo,
  content,
  readme: z.string().max(200_000, "must be at most 200,000 characters"),
  artifacts: z.array(z.string().trim().min(1, "may not be empty").max(256)).max(200, "at most 200 artifacts"),
  connection: z.string().trim().max(256, "must be at most 256 characters").nullable(),
};

export const registerSchema = z.object({
  name: versionName.optional(),
  description: editable.description.optional(),
  tags: editable.tags.optional(),
  meta_info: editable.meta_info.optional(),
  content: editable.content.optional(),
  readme: editable.readme.optional(),
  artifacts: editable.artifacts.optional(),
  connection: editable.connection.optional(),
  /** A run uuid (local when it is a run of this organization, else an external reference), a URL, or {uuid, project, url}. */
  run: z.union([z.string().trim().max(2000), externalRun, z.null()]).optional(),
  external_run: externalRun.optional(),
  force: z.boolean().optional(),
});
export type RegisterInput = z.input<typeof registerSchema>;

export const updateSchema = z.object({ name: versionName, ...editable }).partial();
export type UpdateInput = z.input<typeof updateSchema>;

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/**
 * Locks the project row for the rest of the transaction. Every write that can add a `v{n}` name to a
 * project (register, rename, copy, transfer) takes it, so automatic names are consecutive and never collide.
 */
export async function lockProject(tx: DB, projectId: number): Promise<void> {
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
}

/** `v{max+1}` for (project, kind), through the (project_id, kind, name_number) index. Call under lockProject. */
export async function nextVersionName(tx: DB, projectId: number, kind: Kind): Promise<string> {
  const [m] = await tx
    .select({ n: max(versions.nameNumber) })
    .from(versions)
    .where(and(eq(versions.projectId, projectId), eq(versions.kind, kind)));
  return `v${(m?.n ?? 0) + 1}`;
}

/**
 * The run reference of a registration. A run of this organization is linked once every promotion rule holds
 * (run-source.ts: its project is the model or one of its promotion sources, readable by the actor); any other
 * reference is kept as an opaque external {uuid, project, url} that the server never opens.
 */
export async function resolveRunRef(db: DB, actor: Actor, access: ProjectAccess, ref: RegisterInput["run"], external?: ExternalRun) {
  if (ref == null) return external ? { runId: null, externalRun: external, run: null } : null;
  const ext: ExternalRun = typeof ref === "string" ? (/^https?:\/\//i.test(ref) ? { url: ref } : { uuid: ref }) : ref;
  const run = ext.uuid ? await resolveRunForVersion(db, actor, access, ext.uuid.toLowerCase()) : null;
  if (!run) return { runId: null, externalRun: { ...ext, ...external }, run: null };
  return { runId: run.id, externalRun: null, run };
}

const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Writes of a caller that belong to the same change (MLflow's tags of a new version), run in its transaction. */
export type WithinWrite = (tx: DB, id: number) => Promise<void>;

/**
 * Registers a version (POST …/versions/{kind}). Without a name it is `v{n}`; an existing name is a 409 unless `force`.
 * `within` runs in the same transaction, after the version's row is written.
 */
export async function registerVersion(db: DB, actor: Actor, owner: string, project: string, kindParam: string, input: unknown, within?: WithinWrite) {
  const kind = checkKind(kindParam);
  const access = await requireProject(db, actor, owner, project, "version.write");
  assertFeatureEnabled(access.project, kind === "model" ? "models" : "artifacts");
  const data = parse(registerSchema, input);
  const ref = await resolveRunRef(db, actor, access, data.run, data.external_run);
  const actorId = actorIdOf(actor);
  const values = defined({
    description: data.description,
    tags: data.tags,
    content: data.content,
    readme: data.readme,
    artifacts: data.artifacts,
    connection: data.connection,
    // A version made from a local run inherits its outputs as metrics and inputs as params, unless given.
    metaInfo: ref?.run ? promotionMetaInfo(ref.run, data.meta_info) : data.meta_info,
    ...(ref ? { runId: ref.runId, externalRun: ref.externalRun } : {}),
  });
  const pid = access.project.id;
  let name = data.name;
  try {
    const id = await db.transaction(async (tx) => {
      await lockProject(tx, pid);
      name ??= await nextVersionName(tx, pid, kind);
      const [existing] = await tx
        .select({ id: versions.id, name: versions.name, stage: versions.stage })
        .from(versions)
        .where(and(eq(versions.projectId, pid), eq(versions.kind, kind), eq(versions.name, name)))
        .limit(1);
      if (existing) {
        if (!data.force) throw conflict(access, name);
        assertVersionWritable(access, actor, existing, "contents");
        await tx
          .update(versions)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(versions.id, existing.id));
        await within?.(tx, existing.id);
        await recordActivity(tx, {
          orgId: access.org.id,
          projectId: pid,
          actorId,
          verb: "version.overwritten",
          target: name,
          details: { kind, fields: Object.keys(values) },
        });
        return existing.id;
      }
      const [v] = await tx
        .insert(versions)
        .values({ ...values, projectId: pid, kind, name, nameNumber: nameNumber(name), createdById: actorId })
        .returning({ id: versions.id });
      if (ref?.run) await markRunPromoted(tx, ref.run.id);
      await tx
        .insert(stageConditions)
        .values({ versionId: v.id, type: "testing", reason: "Registered", message: "", actorId, createdAt: sql`clock_timestamp()` });
      await within?.(tx, v.id);
      await recordActivity(tx, { orgId: access.org.id, projectId: pid, actorId, verb: "version.registered", target: name, details: { kind } });
      return v.id;
    });
    return { access, ...(await loadVersionFor(db, actor, access, id)) };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(access, name ?? "");
    throw err;
  }
}

function conflict(access: ProjectAccess, name: string) {
  // The field's words are for every caller (the form has no overwrite); the API's message adds its `force`.
  return new ConflictError(`Version '${name}' already exists in ${access.org.name}/${access.project.name}; pass force to overwrite it.`, {
    name: [`'${name}' is taken in ${access.org.name}/${access.project.name}: choose another name, or leave it empty for the next v{n}.`],
  });
}

export async function getVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string) {
  const k = checkKind(kind);
  if (String(name).startsWith("@")) {
    // An alias: resolved first (findVersion, the one place that knows them), then loaded by id.
    const access = await loadProjectAccess(db, actor, owner, project);
    const v = await findVersion(db, access.project.id, k, name);
    return { access, ...(await loadVersionFor(db, actor, access, v.id)) };
  }
  // A name: the version and its history are read beside the access check (project-hint.ts), one round trip.
  const { access, value } = await readBesideAccess(db, loadProjectAccess(db, actor, owner, project), `${owner}/${project}`, (pid) =>
    loadVersionViewByName(db, pid, k, String(name)),
  );
  return { access, ...(await redactVersion(db, actor, value.view, value.conditions, `${access.org.name}/${access.project.name}`)) };
}

/** PATCH: any of name, description, tags, meta_info, readme, content, connection, artifacts. */
export async function updateVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string, input: unknown) {
  const access = await requireProject(db, actor, owner, project, "version.write");
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  const data = parse(updateSchema, input);
  const renamed = data.name !== undefined && data.name !== v.name;
  // A protected version: documentation only, and only for an admin (version-lock.ts). Fields sent unchanged
  // (an edit form sends them all) are not changes.
  const changing = changedFields(v, data);
  if (changing.length) assertVersionWritable(access, actor, v, onlyDocumentation(changing) ? "documentation" : "contents");
  const set = defined({
    ...(renamed ? { name: data.name, nameNumber: nameNumber(data.name!) } : {}),
    description: data.description,
    tags: data.tags,
    metaInfo: data.meta_info,
    content: data.content,
    readme: data.readme,
    artifacts: data.artifacts,
    connection: data.connection,
  });
  if (Object.keys(set).length) {
    try {
      await db.transaction(async (tx) => {
        if (renamed) await lockProject(tx, access.project.id);
        await tx
          .update(versions)
          .set({ ...set, updatedAt: sql`now()` })
          .where(eq(versions.id, v.id));
        await recordActivity(tx, {
          orgId: access.org.id,
          projectId: access.project.id,
          actorId: actorIdOf(actor),
          verb: renamed ? "version.renamed" : "version.updated",
          target: data.name ?? v.name,
          details: { kind: v.kind, fields: Object.keys(data), ...(renamed ? { from: v.name } : {}) },
          change: changeOf(v, data, changing),
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw ConflictError.field("name", `Version '${data.name}' already exists in ${access.org.name}/${access.project.name}.`);
      throw err;
    }
  }
  return { access, ...(await loadVersionFor(db, actor, access, v.id)) };
}

/** JSON with object keys sorted, so that jsonb's key order does not count as a change. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  );

/** The update's fields whose value differs from the version's (API names). */
const currentFields = (v: Version): Record<string, unknown> => ({
  name: v.name,
  description: v.description,
  tags: v.tags,
  meta_info: v.metaInfo,
  content: v.content,
  readme: v.readme,
  artifacts: v.artifacts,
  connection: v.connection,
});

/** The changed fields' values before and after (for the webhook payload of the update). */
function changeOf(v: Version, data: z.infer<typeof updateSchema>, changing: string[]) {
  const current = currentFields(v);
  const sent = data as Record<string, unknown>;
  return {
    before: Object.fromEntries(changing.map((k) => [k, current[k] ?? null])),
    after: Object.fromEntries(changing.map((k) => [k, sent[k] ?? null])),
  };
}

function changedFields(v: Version, data: z.infer<typeof updateSchema>): string[] {
  const current = currentFields(v);
  return Object.entries(data)
    .filter(([k, val]) => val !== undefined && canonical(val) !== canonical(current[k]))
    .map(([k]) => k);
}

/** Deletes a version with its history and file rows; blobs no other file shares are collected after commit. */
export async function deleteVersion(db: DB, actor: Actor, owner: string, project: string, kind: string, name: string): Promise<void> {
  const access = await requireProject(db, actor, owner, project, "version.delete");
  const v = await findVersion(db, access.project.id, checkKind(kind), name);
  const hashes = await db.transaction(async (tx) => {
    const gone = await tx.delete(files).where(eq(files.versionId, v.id)).returning({ sha256: files.sha256 });
    await tx.delete(versions).where(eq(versions.id, v.id));
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId: actorIdOf(actor),
      verb: "version.deleted",
      target: v.name,
      details: { kind: v.kind, stage: v.stage, files: gone.length },
    });
    return [...new Set(gone.map((f) => f.sha256))];
  });
  await collectBlobs(db, hashes);
}

/**
 * Versions per stage (exact up to COUNT_CAP each, `capped` beyond) and the newest production version, for the
 * model overview: one statement of four index-only capped counts, and one indexed row.
 */
export async function stageSummary(db: DB, access: ProjectAccess) {
  const where = and(eq(versions.projectId, access.project.id), eq(versions.kind, "model"));
  const capped = (stage: (typeof STAGES)[number]) =>
    sql<number>`(select count(*)::int from (select 1 from ${versions} where ${and(where, eq(versions.stage, stage))} limit ${COUNT_CAP + 1}) c)`;
  const [[row], [latestProduction]] = await Promise.all([
    db
      .select({ testing: capped("testing"), staging: capped("staging"), production: capped("production"), disabled: capped("disabled") })
      .from(sql`(select 1) one`),
    db
      .select({ name: versions.name, updatedAt: versions.updatedAt })
      .from(versions)
      .where(and(where, eq(versions.stage, "production")))
      .orderBy(desc(versions.updatedAt))
      .limit(1),
  ]);
  const counts = Object.fromEntries(STAGES.map((st) => [st, Math.min(Number(row[st]), COUNT_CAP)])) as Record<string, number>;
  const cappedStages = Object.fromEntries(STAGES.map((st) => [st, Number(row[st]) > COUNT_CAP])) as Record<string, boolean>;
  return { counts, capped: cappedStages, latestProduction: latestProduction ?? null };
}
