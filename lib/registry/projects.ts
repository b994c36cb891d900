// Models (projects): create, list with PQL, read, update, delete. Permission checks via access.ts.
import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, organizations, projects, type Project } from "@/db/schema";
import { orgCan, type OrgRole, type ProjectRole } from "@/lib/authz";
import { compileOrderBy, compileWhere, type QuerySpec } from "@/lib/pql";
import type { Actor } from "./actor";
import { loadProjectAccess, projectVisibleTo, requireProject, type ProjectAccess } from "./access";
import { listActivityRows, recordActivity } from "./activity";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, UnauthorizedError, isUniqueViolation } from "./errors";
import { parse, projectSlug, tagList } from "./validate";

export const FEATURES = ["runs", "models", "artifacts"] as const;
export type Feature = (typeof FEATURES)[number];
const STAGES = ["testing", "staging", "production", "disabled"] as const;

export const createProjectSchema = z.object({
  name: projectSlug,
  description: z.string().trim().max(2000, "must be at most 2000 characters").optional().default(""),
  tags: tagList.optional().default([]),
  is_public: z.boolean().optional().default(false),
  readme: z.string().max(200_000, "must be at most 200,000 characters").optional().default(""),
});

export const updateProjectSchema = z
  .object({
    name: projectSlug,
    description: z.string().trim().max(2000, "must be at most 2000 characters"),
    tags: tagList,
    is_public: z.boolean(),
    readme: z.string().max(200_000, "must be at most 200,000 characters"),
    excluded_features: z.array(z.enum(FEATURES, { error: `must be among ${FEATURES.join(", ")}` })).max(3),
    settings: z
      .object({
        protectedStages: z.array(z.enum(STAGES)).optional(),
        requireApproval: z.boolean().optional(),
      })
      .strict(),
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
    kind: { type: "enum", column: sql`(case when 'models' = any(${projects.excludedFeatures}) then 'project' else 'model' end)`, values: ["model", "project"] },
    uuid: { type: "uuid", column: projects.uuid },
  },
  sortable: { name: projects.name, created_at: projects.createdAt, updated_at: projects.updatedAt },
  defaultSort: "-updated_at",
  tiebreaker: projects.id,
};

/** Throws when a feature is switched off for the project (its tab is hidden and its writes refused). */
export function assertFeatureEnabled(project: Pick<Project, "name" | "excludedFeatures">, feature: Feature): void {
  if (project.excludedFeatures.includes(feature)) {
    throw new InvalidError(`The ${feature} feature is disabled for ${project.name}; a project admin can enable it in Settings → Features.`, {
      feature: [`${feature} is disabled`],
    });
  }
}

async function orgForCreate(db: DB, actor: Actor, owner: string): Promise<{ id: number; name: string; role: OrgRole | null }> {
  const uid = actor.kind === "user" ? actor.userId : -1;
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(organizations)
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, uid)))
    .where(eq(organizations.name, String(owner).toLowerCase()))
    .limit(1);
  if (!org) throw new NotFoundError(`Organization '${owner}' not found`);
  return org;
}

export async function createProject(db: DB, actor: Actor, owner: string, input: z.input<typeof createProjectSchema> | Record<string, unknown>): Promise<ProjectAccess> {
  if (actor.kind !== "user") throw new UnauthorizedError("Sign in to create a model");
  const data = parse(createProjectSchema, input);
  const org = await orgForCreate(db, actor, owner);
  if (!orgCan(org.role, "project.create")) {
    throw new ForbiddenError(`Creating models in ${org.name} needs the admin role in the organization.`);
  }
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
          settings: { protectedStages: ["production"] },
        })
        .returning({ id: projects.id });
      await recordActivity(tx, { orgId: org.id, projectId: p.id, actorId: actor.userId, verb: "project.created", target: `${org.name}/${data.name}`, details: { is_public: data.is_public } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `A model named '${data.name}' already exists in ${org.name}.`);
    throw err;
  }
  return loadProjectAccess(db, actor, org.name, data.name);
}

export type ProjectListItem = Project & { owner: string };

/** The models of `owner` the actor may see, filtered by PQL, in one indexed query plus a bounded count. */
export async function listProjects(
  db: DB,
  actor: Actor,
  owner: string,
  opts: { query?: string | null; sort?: string | null; limit: number; offset: number },
): Promise<{ count: number; results: ProjectListItem[] }> {
  const [org] = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.name, String(owner).toLowerCase())).limit(1);
  if (!org) throw new NotFoundError(`Organization '${owner}' not found`);
  const where = and(eq(projects.orgId, org.id), projectVisibleTo(actor), compileWhere(PROJECT_QUERY, opts.query));
  const orderBy = compileOrderBy(PROJECT_QUERY, opts.sort);
  const [rows, [total]] = await Promise.all([
    db.select().from(projects).where(where).orderBy(...orderBy).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(projects).where(where),
  ]);
  return { count: total.n, results: rows.map((p) => ({ ...p, owner: org.name })) };
}

export async function getProject(db: DB, actor: Actor, owner: string, name: string): Promise<ProjectAccess> {
  return loadProjectAccess(db, actor, owner, name);
}

export async function updateProject(
  db: DB,
  actor: Actor,
  owner: string,
  name: string,
  input: z.input<typeof updateProjectSchema> | Record<string, unknown>,
): Promise<ProjectAccess> {
  const access = await requireProject(db, actor, owner, name, "project.settings");
  const data = parse(updateProjectSchema, input);
  const p = access.project;
  const changes: Partial<typeof projects.$inferInsert> = {};
  if (data.name !== undefined) changes.name = data.name;
  if (data.description !== undefined) changes.description = data.description;
  if (data.tags !== undefined) changes.tags = data.tags;
  if (data.is_public !== undefined) changes.isPublic = data.is_public;
  if (data.readme !== undefined) changes.readme = data.readme;
  if (data.excluded_features !== undefined) changes.excludedFeatures = [...new Set(data.excluded_features)];
  if (data.settings !== undefined) changes.settings = { ...p.settings, ...data.settings };
  if (Object.keys(changes).length === 0) return access;
  try {
    await db.transaction(async (tx) => {
      await tx.update(projects).set({ ...changes, updatedAt: sql`now()` }).where(eq(projects.id, p.id));
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: p.id,
        actorId: actor.kind === "user" ? actor.userId : null,
        verb: changes.name && changes.name !== p.name ? "project.renamed" : "project.updated",
        target: `${access.org.name}/${changes.name ?? p.name}`,
        details: { fields: Object.keys(data), ...(changes.name && changes.name !== p.name ? { from: p.name } : {}) },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw ConflictError.field("name", `A model named '${data.name}' already exists in ${access.org.name}.`);
    throw err;
  }
  return loadProjectAccess(db, actor, access.org.name, changes.name ?? p.name);
}

export async function deleteProject(db: DB, actor: Actor, owner: string, name: string): Promise<void> {
  const access = await requireProject(db, actor, owner, name, "project.delete");
  await db.transaction(async (tx) => {
    await tx.delete(projects).where(eq(projects.id, access.project.id));
    await recordActivity(tx, {
      orgId: access.org.id,
      actorId: actor.kind === "user" ? actor.userId : null,
      verb: "project.deleted",
      target: `${access.org.name}/${access.project.name}`,
    });
  });
}

/** Polyaxon's project shape (POLYAXON-WIRE.md). */
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
    settings: p.settings,
    role,
    contributors: [],
    kind: p.excludedFeatures.includes("models") ? "project" : "model",
  };
}

/** One page of a model's activity (project viewer), newest first; fetches one extra row to know if more exist. */
export async function listProjectActivity(db: DB, actor: Actor, owner: string, name: string, page: { limit: number; offset: number }) {
  const access = await loadProjectAccess(db, actor, owner, name);
  const rows = await listActivityRows(db, { projectId: access.project.id }, { limit: page.limit + 1, offset: page.offset });
  return { access, rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
