// Models (projects): create, list with PQL, read, update (rename, visibility, features), delete.
// Settings and access live in project-settings.ts / project-access.ts; every check goes through access.ts.
import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { deletedProjects, memberships, organizations, projects, projectTeams, projectUsers, type Project } from "@/db/schema";
import { orgCan, type ProjectRole } from "@/lib/authz";
import { compileOrderBy, compileWhere, type QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { cappedProjectCount, loadProjectAccess, orgProjectsVisibleTo, PROJECT_COUNT_CAP, requireProject, type ProjectAccess } from "./access";
import { collectBlobs, deleteFileRows } from "./blob-gc";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, UnauthorizedError, isUniqueViolation } from "./errors";
import { listMyOrganizations, requireOrg } from "./orgs";
import { parse, projectSlug, tagList } from "./validate";
import { STAGES } from "./version-view";
import { accessFactColumns, roleFromFacts } from "./access-facts";

export const FEATURES = ["runs", "models", "artifacts"] as const;
export type Feature = (typeof FEATURES)[number];
export { STAGES };
export const DEFAULT_PROTECTED_STAGES: (typeof STAGES)[number][] = ["production"];
/** Counts stop here: an exact count of a long list costs more than the page (STACK-NOTES). */
export { PROJECT_COUNT_CAP } from "./access";

const description = z.string().trim().max(2000, "must be at most 2000 characters");
const readme = z.string().max(200_000, "must be at most 200,000 characters");
export const featureList = z
  .array(z.enum(FEATURES, { error: `must be among ${FEATURES.join(", ")}` }))
  .max(FEATURES.length)
  .transform((f) => [...new Set(f)]);
export const protectedStageList = z
  .array(z.enum(STAGES, { error: `must be among ${STAGES.join(", ")}` }))
  .max(STAGES.length)
  .transform((s) => [...new Set(s)]);

export const createProjectSchema = z.object({
  name: projectSlug,
  description: description.optional().default(""),
  tags: tagList.optional().default([]),
  is_public: z.boolean().optional().default(false),
  readme: readme.optional().default(""),
});

export const updateProjectSchema = z
  .object({
    name: projectSlug,
    description,
    tags: tagList,
    is_public: z.boolean(),
    readme,
    excluded_features: featureList,
    settings: z.object({ protectedStages: protectedStageList.optional(), requireApproval: z.boolean().optional() }).strict(),
  })
  .partial();

export const PROJECT_QUERY: QuerySpec = {
  fields: {
    name: { type: "string", column: projects.name, search: true },
    description: { type: "string", column: projects.description, search: true },
    tags: { type: "tags", column: projects.tags },
    created_at: { type: "datetime", column: projects.createdAt },
    updated_at: { type: "datetime", column: projects.updatedAt },
    is_public: { type: "boolean", column: projects.isPublic },
    // A project that hosts versions is a model; one with the models feature switched off is not.
    kind: { type: "enum", column: sql`(case when 'models' = any(${projects.excludedFeatures}) then 'project' else 'model' end)`, values: ["model", "project"] },
    uuid: { type: "uuid", column: projects.uuid },
  },
  sortable: { name: projects.name, created_at: projects.createdAt, updated_at: projects.updatedAt },
  defaultSort: "-updated_at",
  tiebreaker: projects.id,
};

/** Throws InvalidError when `feature` is switched off for the project: its tab is hidden and its writes refused. */
export function assertFeatureEnabled(project: Pick<Project, "excludedFeatures">, feature: Feature): void {
  if (project.excludedFeatures.includes(feature)) {
    throw new InvalidError(
      `This was refused because the ${feature} feature is disabled for this model; a project admin can turn it on in Settings → Features.`,
      { feature: [`the ${feature} feature is disabled for this model`] },
    );
  }
}

const actorIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** The organizations where the actor may create models (the create form's owner choices). */
export async function listCreatableOwners(db: DB, actor: Actor): Promise<string[]> {
  return (await listMyOrganizations(db, actor)).filter((o) => orgCan(o.role, "project.create")).map((o) => o.name);
}

/** Creates a model in `owner`: org admins and above, or the owner of a personal organization. */
/** Creates a model; `within` (a caller's writes of the same change, e.g. MLflow's tags) runs in its transaction. */
export async function createProject(
  db: DB,
  actor: Actor,
  owner: string,
  input: unknown,
  within?: (tx: DB, projectId: number) => Promise<void>,
): Promise<ProjectAccess> {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to create a model.");
  const org = await requireOrg(db, actor, owner, "project.create");
  const data = parse(createProjectSchema, input);
  try {
    await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(projects)
        .values({
          orgId: org.id,
          name: data.name,
          description: data.description,
          tags: data.tags,
          isPublic: data.is_public,
          readme: data.readme,
          createdById: actor.userId,
          // New models hold one version in production (exclusive-stages.ts); older ones keep what they had.
          settings: { protectedStages: DEFAULT_PROTECTED_STAGES, exclusiveStages: ["production"] },
        })
        .returning({ id: projects.id });
      await within?.(tx, p.id);
      await recordActivity(tx, {
        orgId: org.id,
        projectId: p.id,
        actorId: actor.userId,
        verb: "project.created",
        target: `${org.name}/${data.name}`,
        details: { is_public: data.is_public },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `A model named '${data.name}' already exists in ${org.name}.`);
    throw err;
  }
  return loadProjectAccess(db, actor, org.name, data.name);
}

export type ProjectListItem = Project & { owner: string; role: ProjectRole | null };
export type ProjectList = { count: number; capped: boolean; results: ProjectListItem[] };

/**
 * The models of `owner` the actor may see, filtered and sorted by PQL: one indexed page query (with
 * the facts that decide the actor's role on each row) and a count bounded by PROJECT_COUNT_CAP.
 */
export async function listProjects(
  db: DB,
  actor: Actor,
  owner: string,
  opts: { query?: string | null; sort?: string | null; limit: number; offset: number },
): Promise<ProjectList> {
  const uid = actor.kind === "user" ? actor.userId : -1;
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(organizations)
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, uid)))
    .where(eq(organizations.name, String(owner).trim().toLowerCase()))
    .limit(1);
  if (!org) throw new NotFoundError(`Organization '${owner}' not found`);
  const where = and(orgProjectsVisibleTo(actor, org.id), compileWhere(PROJECT_QUERY, opts.query)) as SQL;
  const orderBy = compileOrderBy(PROJECT_QUERY, opts.sort);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        project: projects,
        ...accessFactColumns(uid),
      })
      .from(projects)
      .where(where)
      .orderBy(...orderBy)
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: cappedProjectCount(where) }).from(sql`(select 1) one`),
  ]);
  const n = Number(total?.n ?? 0);
  const results = rows.map((r) => {
    const { role } = roleFromFacts({ ...r, orgRole: org.role, isPublic: r.project.isPublic });
    return { ...r.project, owner: org.name, role };
  });
  return { count: Math.min(n, PROJECT_COUNT_CAP), capped: n > PROJECT_COUNT_CAP, results };
}

/** A model the actor may read, with the actor's role; NotFoundError when missing or invisible. */
export async function getProject(db: DB, actor: Actor, owner: string, name: string): Promise<ProjectAccess> {
  return loadProjectAccess(db, actor, owner, name);
}

/** Updates any of name, description, tags, readme, visibility, features and settings (project admins). */
export async function updateProject(db: DB, actor: Actor, owner: string, name: string, input: unknown): Promise<ProjectAccess> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const data = parse(updateProjectSchema, input);
  const p = access.project;
  const changes: Partial<typeof projects.$inferInsert> = {};
  if (data.name !== undefined && data.name !== p.name) changes.name = data.name;
  if (data.description !== undefined) changes.description = data.description;
  if (data.tags !== undefined) changes.tags = data.tags;
  if (data.readme !== undefined) changes.readme = data.readme;
  if (data.is_public !== undefined && data.is_public !== p.isPublic) changes.isPublic = data.is_public;
  if (data.excluded_features !== undefined) changes.excludedFeatures = data.excluded_features;
  if (data.settings !== undefined) changes.settings = { ...p.settings, ...data.settings };
  if (Object.keys(changes).length === 0) return access;
  const newName = changes.name ?? p.name;
  const target = `${access.org.name}/${newName}`;
  const base = { orgId: access.org.id, projectId: p.id, actorId: actorIdOf(actor), target };
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(projects)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(projects.id, p.id));
      // One entry per concern, so the log reads like what happened.
      if (changes.name) await recordActivity(tx, { ...base, verb: "project.renamed", details: { from: p.name, to: newName } });
      if (changes.isPublic !== undefined) {
        await recordActivity(tx, { ...base, verb: "project.visibility_changed", details: { is_public: changes.isPublic } });
      }
      if (changes.excludedFeatures) {
        await recordActivity(tx, { ...base, verb: "project.features_changed", details: { excluded_features: changes.excludedFeatures } });
      }
      if (changes.settings) await recordActivity(tx, { ...base, verb: "project.settings_changed", details: { ...data.settings } });
      const fields = (["description", "tags", "readme"] as const).filter((f) => data[f] !== undefined);
      if (fields.length) {
        await recordActivity(tx, {
          ...base,
          verb: "project.updated",
          details: { fields },
          change: { before: Object.fromEntries(fields.map((f) => [f, p[f]])), after: Object.fromEntries(fields.map((f) => [f, data[f]])) },
        });
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `A model named '${newName}' already exists in ${access.org.name}.`);
    throw err;
  }
  return loadProjectAccess(db, actor, access.org.name, newName);
}

/**
 * Deletes a model with its versions, runs, files and grants (foreign keys cascade), then collects the blobs
 * no other model shares. Project admins.
 */
export async function deleteProject(db: DB, actor: Actor, owner: string, name: string): Promise<void> {
  const access = await requireProject(db, actor, owner, name, "project.delete");
  const pid = access.project.id;
  const hashes = await db.transaction(async (tx) => {
    // Its organization (key share) and then the row (update), locked in that order: a concurrent delete of either
    // waits for this one, or has already removed it — then this is a 404, not a foreign-key failure on the
    // snapshot below, nor a deadlock with the organization's cascade.
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, access.org.id)).for("key share");
    const [held] = org ? await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, pid)).for("update") : [];
    if (!held) throw new NotFoundError("Model not found");
    const gone = await deleteFileRows(tx, { projectId: pid });
    // Its activity keeps project_id; this snapshot of who could see the project keeps the log as private (org-activity.ts).
    await tx.insert(deletedProjects).values({
      id: pid,
      orgId: access.org.id,
      name: access.project.name,
      isPublic: access.project.isPublic,
      teamIds: sql`(select coalesce(array_agg(${projectTeams.teamId}), '{}') from ${projectTeams} where ${projectTeams.projectId} = ${pid})`,
      userIds: sql`(select coalesce(array_agg(${projectUsers.userId}), '{}') from ${projectUsers} where ${projectUsers.projectId} = ${pid})`,
    });
    // Recorded before the delete so the organization's webhooks still see the model (who may read it).
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: pid,
      actorId: actorIdOf(actor),
      verb: "project.deleted",
      target: `${access.org.name}/${access.project.name}`,
    });
    await tx.delete(projects).where(eq(projects.id, pid));
    return gone;
  });
  await collectBlobs(db, hashes);
}

/** Polyaxon's project shape (POLYAXON-WIRE.md), plus `kind`. */
export function projectToApi(p: Project, owner: string, role: ProjectRole | null) {
  return {
    uuid: p.uuid,
    owner,
    name: p.name,
    description: p.description,
    tags: p.tags,
    readme: p.readme,
    is_public: p.isPublic,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
    live_state: p.liveState === "live" ? 1 : 0,
    excluded_features: p.excludedFeatures,
    settings: { protectedStages: DEFAULT_PROTECTED_STAGES, ...p.settings },
    role,
    contributors: [] as string[],
    kind: (p.excludedFeatures.includes("models") ? "project" : "model") as "project" | "model",
  };
}
