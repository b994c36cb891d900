// Exclusive stages (settings.exclusiveStages, production for new models): at most one model version in each.
// A version entering one retires the previous holder to settings.exclusiveFallback (staging unless configured)
// in the same transaction, with its own history entry and activity. The caller holds the project row lock
// (lockProject), so concurrent entries serialise and each finds the holder the previous one left.
import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { projects, stageConditions, versions, type Stage } from "@/db/schema";
import type { ProjectAccess } from "./access";
import { recordActivity } from "./activity";

export const DEFAULT_EXCLUSIVE_STAGES: Stage[] = ["production"];
export const DEFAULT_EXCLUSIVE_FALLBACK: Stage = "staging";

/**
 * The lock an entry into an exclusive stage takes before the version's: FOR NO KEY UPDATE on the project row.
 * Entries serialise on it (and with lockProject's FOR UPDATE), while the foreign-key checks of other writers'
 * inserts (their KEY SHARE on the project, e.g. an activity row) do not wait for it — with FOR UPDATE, a change
 * holding the version lock and inserting its activity would deadlock with an entry holding the project lock.
 */
export async function lockForExclusive(tx: DB, projectId: number): Promise<void> {
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("no key update");
}

/** The model's exclusive stages: none on models made before the setting existed, unless configured. */
export function exclusiveStages(access: Pick<ProjectAccess, "project">): Stage[] {
  return access.project.settings?.exclusiveStages ?? [];
}

export function exclusiveFallback(access: Pick<ProjectAccess, "project">): Stage {
  return access.project.settings?.exclusiveFallback ?? DEFAULT_EXCLUSIVE_FALLBACK;
}

/**
 * Whether moving a version into `to` retires the holders: `to` is exclusive and the caller did not pass
 * `archive_existing: false`; `archive_existing: true` retires them even in a stage that is not exclusive
 * (as MLflow's archive_existing_versions).
 */
export function retiresHolders(access: Pick<ProjectAccess, "project">, to: Stage, archiveExisting?: boolean | null, retireTo?: Stage | null): boolean {
  const fallback = retireTo ?? exclusiveFallback(access);
  if (archiveExisting != null) return archiveExisting && to !== fallback;
  return exclusiveStages(access).includes(to) && to !== fallback;
}

/** The model versions in `stage` other than `versionId` (what an entry would retire), by name. */
export async function holdersOf(db: DB, projectId: number, stage: Stage, exceptId?: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: versions.id, name: versions.name })
    .from(versions)
    .where(and(eq(versions.projectId, projectId), eq(versions.kind, "model"), eq(versions.stage, stage), ...(exceptId ? [ne(versions.id, exceptId)] : [])))
    .orderBy(asc(versions.name))
    .limit(100);
}

/**
 * Moves every other model version in `stage` to the fallback stage (or `retireTo`: MLflow's archive_existing_versions
 * retires to Archived, i.e. disabled), each with a history entry and an activity naming the version that replaced
 * it. Call inside the transaction of the entry, under lockProject.
 */
export async function retireHolders(
  tx: DB,
  access: ProjectAccess,
  actorId: number | null,
  entering: { id: number; name: string },
  stage: Stage,
  retireTo?: Stage | null,
): Promise<string[]> {
  const holders = await tx
    .select({ id: versions.id, name: versions.name })
    .from(versions)
    .where(and(eq(versions.projectId, access.project.id), eq(versions.kind, "model"), eq(versions.stage, stage), ne(versions.id, entering.id)))
    .orderBy(asc(versions.id))
    .for("update");
  if (!holders.length) return [];
  const to = retireTo ?? exclusiveFallback(access);
  const reason = `Replaced by ${entering.name}`;
  await tx.insert(stageConditions).values(
    holders.map((h) => ({
      versionId: h.id,
      type: to,
      fromStage: stage,
      status: "True",
      reason,
      message: `${entering.name} entered ${stage}, which holds one version`,
      details: { replaced_by: entering.name },
      actorId,
      createdAt: sql`clock_timestamp()`,
    })),
  );
  await tx
    .update(versions)
    .set({ stage: to, updatedAt: sql`now()` })
    .where(
      inArray(
        versions.id,
        holders.map((h) => h.id),
      ),
    );
  for (const h of holders) {
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId,
      verb: "version.stage_changed",
      target: h.name,
      details: { kind: "model", from: stage, to, applied: true, reason, replaced_by: entering.name },
    });
  }
  return holders.map((h) => h.name);
}
