// Which local run a version of a project may link to, and what it inherits from it — the promotion rules, once:
// same organization, the run's project is the target or one of its promotion sources, member on the target and
// viewer on the source, models enabled on the target and runs on the source. Shared by promoteRun (promote.ts)
// and version registration with a local run uuid (versions.ts); it imports neither.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { organizations, projects, projectSources, runs, type RunArtifact } from "@/db/schema";
import type { Actor } from "./actor";
import { assertProjectCan, loadProjectAccess, type ProjectAccess } from "./access";
import { InvalidError, NotFoundError } from "./errors";
import { assertFeatureEnabled, type Feature } from "./projects";
import { isUuid } from "./runs";

export const NOT_ACCESSIBLE = "the run is not accessible from this project";

/** A local run that may be linked to a version of the target, with what the version inherits from it. */
export type ResolvedRun = {
  id: number;
  uuid: string;
  name: string;
  projectId: number;
  /** `owner` and `project` of the run's project. */
  owner: string;
  project: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  artifacts: RunArtifact[];
};

type RunSource = ResolvedRun & { orgId: number; excludedFeatures: string[] };

/** The feature check, with the project named: in a promotion two projects are in play. */
function featureOn(project: { name: string; excludedFeatures: string[] }, owner: string, feature: Feature, why: string) {
  try {
    assertFeatureEnabled(project, feature);
  } catch (err) {
    if (!(err instanceof InvalidError)) throw err;
    throw new InvalidError(`The ${feature} feature is disabled for ${owner}/${project.name}, ${why}.`, {
      feature: [`the ${feature} feature is disabled for ${owner}/${project.name}`],
    });
  }
}

/**
 * Every promotion rule, in the order a user would want to hear them. `sourceReadable` is true when the
 * caller already loaded the run through its own project (so the actor may read it).
 */
export async function enforce(db: DB, actor: Actor, run: RunSource, target: ProjectAccess, field: "run" | "project", sourceReadable: boolean) {
  assertProjectCan(target, "run.promote", actor);
  featureOn(target.project, target.org.name, "models", "so it cannot receive model versions");
  const refuse = () => InvalidError.field(field, NOT_ACCESSIBLE);
  if (run.orgId !== target.org.id) throw refuse();
  if (run.projectId !== target.project.id) {
    const [allowed] = await db
      .select({ one: sql`1` })
      .from(projectSources)
      .where(and(eq(projectSources.projectId, target.project.id), eq(projectSources.sourceProjectId, run.projectId)))
      .limit(1);
    if (!allowed) throw refuse();
  }
  if (!sourceReadable) {
    await loadProjectAccess(db, actor, run.owner, run.project).catch((err) => {
      throw err instanceof NotFoundError ? refuse() : err;
    });
  }
  featureOn({ name: run.project, excludedFeatures: run.excludedFeatures }, run.owner, "runs", "so its runs cannot be promoted");
}

async function loadRunSource(db: DB, uuid: string): Promise<RunSource | null> {
  const [r] = await db
    .select({
      id: runs.id,
      uuid: runs.uuid,
      name: runs.name,
      projectId: runs.projectId,
      inputs: runs.inputs,
      outputs: runs.outputs,
      artifacts: runs.artifacts,
      orgId: projects.orgId,
      owner: organizations.name,
      project: projects.name,
      excludedFeatures: projects.excludedFeatures,
    })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(eq(runs.uuid, uuid))
    .limit(1);
  return r ?? null;
}

/**
 * For version registration with `run: <uuid>` (API, `models register --run-uid`): the local run with that
 * uuid once every promotion rule holds for `target`, or null when no local run has it (an external
 * reference). Refusals are InvalidError on field `run` ("the run is not accessible from this project"),
 * ForbiddenError without member on the target. Call markRunPromoted(tx, run.id) in the registering
 * transaction, and promotionMetaInfo(run, given) for the version's meta_info.
 */
export async function resolveRunForVersion(db: DB, actor: Actor, target: ProjectAccess, runUuid: string): Promise<ResolvedRun | null> {
  if (!isUuid(runUuid)) return null;
  const run = await loadRunSource(db, runUuid);
  if (!run) return null;
  await enforce(db, actor, run, target, "run", false);
  const { orgId: _o, excludedFeatures: _e, ...resolved } = run;
  return resolved;
}

/** Marks the run as promoted; call it in the transaction that creates the version. */
export async function markRunPromoted(db: DB, runId: number): Promise<void> {
  await db
    .update(runs)
    .set({ metaInfo: sql`${runs.metaInfo} || '{"is_promoted": true}'::jsonb` })
    .where(eq(runs.id, runId));
}

/** A promoted version's meta_info: the run's outputs as metrics and inputs as params; what the caller gives wins. */
export function promotionMetaInfo(run: Pick<ResolvedRun, "inputs" | "outputs">, given: Record<string, unknown> = {}): Record<string, unknown> {
  return { metrics: run.outputs, params: run.inputs, ...given };
}
