// Promotion: a run becomes a model version of a project that accepts the run's project. The rules live here
// once — same organization, the run's project is the target or one of its promotion sources, member on the
// target and viewer on the source, models enabled on the target and runs on the source — and serve both the
// promote action and version registration with a local run uuid (resolveRunForVersion).
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { memberships, projects, projectSources } from "@/db/schema";
import { projectCan } from "@/lib/authz";
import type { Actor } from "./actor";
import { accessFactColumns, roleFromFacts } from "./access-facts";
import { loadProjectAccess, type ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError } from "./errors";
import { getRun } from "./runs";
import { parse, tagList } from "./validate";
import { registerVersion } from "./versions";

import { enforce, markRunPromoted, promotionMetaInfo } from "./run-source";
export { NOT_ACCESSIBLE, markRunPromoted, promotionMetaInfo, resolveRunForVersion, type ResolvedRun } from "./run-source";

export const promoteSchema = z
  .object({
    project: z
      .string()
      .trim()
      .min(1, "is required")
      .max(300)
      .regex(/^(?:[^/\s]+\/)?[^/\s]+$/, "must be OWNER/MODEL"),
    // The version name's own rules are checked by the registration.
    name: z.string().trim().max(128, "must be at most 128 characters").optional(),
    description: z.string().trim().max(5000, "must be at most 5000 characters").optional(),
    tags: tagList.optional(),
    artifacts: z.array(z.string().trim().min(1).max(256)).max(200, "at most 200 artifacts").optional(),
  })
  .strict();
export type PromoteInput = z.input<typeof promoteSchema>;

/** Promotes run `runUuid` of owner/project into the model `input.project` as a new version (v{n} unless named). */
export async function promoteRun(db: DB, actor: Actor, owner: string, project: string, runUuid: string, input: unknown) {
  const { access: source, run } = await getRun(db, actor, owner, project, runUuid);
  const data = parse(promoteSchema, input);
  const [tOwner, tName] = data.project.includes("/") ? data.project.split("/") : [source.org.name, data.project];
  const target = await loadProjectAccess(db, actor, tOwner, tName);
  await enforce(
    db,
    actor,
    { ...run, owner: source.org.name, project: source.project.name, orgId: source.org.id, excludedFeatures: source.project.excludedFeatures },
    target,
    "project",
    true,
  );
  const names = run.artifacts.map((a) => a.name);
  const unknown = (data.artifacts ?? []).filter((a) => !names.includes(a));
  if (unknown.length) throw InvalidError.field("artifacts", `not artifacts of this run: ${unknown.join(", ")}`);
  const actorId = actor.kind === "user" ? actor.userId : null;
  const result = await db
    .transaction(async (tx) => {
      const r = await registerVersion(tx, actor, target.org.name, target.project.name, "model", {
        ...(data.name ? { name: data.name } : {}),
        description: data.description || `Promoted from run ${run.name || run.uuid.slice(0, 8)} of ${source.org.name}/${source.project.name}`,
        tags: data.tags ?? [],
        artifacts: data.artifacts ?? names,
        run: run.uuid,
        meta_info: promotionMetaInfo(run),
      });
      await markRunPromoted(tx, run.id);
      await recordActivity(tx, {
        orgId: source.org.id,
        projectId: source.project.id,
        actorId,
        verb: "run.promoted",
        target: run.name || run.uuid,
        details: { run: run.uuid, to: `${target.org.name}/${target.project.name}`, version: r.version.name },
      });
      return r;
    })
    .catch((err) => {
      // The registration's own message suggests `force`, which promotion does not offer.
      if (err instanceof ConflictError && data.name)
        throw ConflictError.field(
          "name",
          `Version '${data.name}' already exists in ${target.org.name}/${target.project.name}: choose another name, or leave it empty for the next v{n}.`,
        );
      throw err;
    });
  return { ...result, source, run };
}

export type PromotionTarget = { owner: string; name: string; description: string; self: boolean };

/**
 * The models the actor may promote this run's project into: the project itself when it hosts models, and every
 * project of the organization whose promotion sources include it — only those where the actor is a member. One
 * query: the role facts are loaded per candidate and decided by lib/authz, as loadProjectAccess does for one.
 */
export async function promotionTargets(db: DB, actor: Actor, source: ProjectAccess): Promise<PromotionTarget[]> {
  if (actor.kind !== "user" || source.project.excludedFeatures.includes("runs")) return [];
  const uid = actor.userId;
  const rows = await db
    .select({
      name: projects.name,
      description: projects.description,
      isPublic: projects.isPublic,
      orgRole: memberships.role,
      ...accessFactColumns(uid),
      id: projects.id,
    })
    .from(projects)
    .leftJoin(memberships, and(eq(memberships.orgId, projects.orgId), eq(memberships.userId, uid)))
    .where(
      and(
        eq(projects.orgId, source.org.id),
        sql`not ('models' = any(${projects.excludedFeatures}))`,
        sql`(${projects.id} = ${source.project.id} or exists(select 1 from ${projectSources}
          where ${projectSources.projectId} = ${projects.id} and ${projectSources.sourceProjectId} = ${source.project.id}))`,
      ),
    )
    .orderBy(asc(projects.name))
    .limit(200);
  return rows
    .filter((r) => {
      const { role } = roleFromFacts(r);
      return projectCan(role, "run.promote");
    })
    .map((r) => ({ owner: source.org.name, name: r.name, description: r.description, self: r.id === source.project.id }));
}
