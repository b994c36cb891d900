// MLflow's RegisteredModel and ModelVersion shapes (MLFLOW-WIRE.md), from the registry's rows: names OWNER.MODEL,
// versions "n" for v{n}, stages None/Staging/Production/Archived, timestamps in milliseconds, status READY.
import "server-only";
import type { DB } from "@/db";
import type { MlflowTag } from "@/db/schema";
import type { Actor } from "@/lib/registry/actor";
import { mlflowModelName, mlflowStageOf, mlflowVersionOf } from "@/lib/registry/mlflow-names";
import { aliasesOfModels, latestVersionsOf, modelsLastUpdated, type MlflowModelRow, type MlflowVersionRow } from "@/lib/registry/mlflow-search";
import { modelTagsOf, versionTagsOf } from "@/lib/registry/mlflow-tags";
import { runHref, type VersionView } from "@/lib/registry/version-view";

/** Where MLflow's client fetches a version's files: resolved against the tracking URI to /api/2.0/mlflow-artifacts/artifacts/… */
export const artifactUriOf = (owner: string, project: string, version: string) => `mlflow-artifacts:/modelreg/${owner}/${project}/${version}`;

const nameNumberOf = (name: string) => (/^v(0|[1-9]\d{0,8})$/.test(name) ? Number(name.slice(1)) : null);
export const mlflowVersion = (name: string) => mlflowVersionOf(name, nameNumberOf(name));

export function renderVersion(v: MlflowVersionRow, tags: MlflowTag[], origin: string) {
  const mlflowMeta = (v.metaInfo?.mlflow ?? {}) as { source?: unknown };
  const href = runHref(v);
  return {
    name: mlflowModelName(v.owner, v.project),
    version: mlflowVersion(v.name),
    creation_timestamp: v.createdAt.getTime(),
    last_updated_timestamp: v.updatedAt.getTime(),
    user_id: v.createdBy ?? "",
    current_stage: mlflowStageOf(v.stage),
    description: v.description,
    source: typeof mlflowMeta.source === "string" ? mlflowMeta.source : artifactUriOf(v.owner, v.project, v.name),
    run_id: v.runUuid ?? v.externalRun?.uuid ?? "",
    run_link: href ? (href.startsWith("/") ? `${origin}${href}` : href) : "",
    status: "READY",
    status_message: "",
    tags,
    aliases: v.aliases ?? [],
  };
}

export type MlflowModelVersion = ReturnType<typeof renderVersion>;

/** Versions with their MLflow tags (one query for the page). */
export async function renderVersions(db: DB, rows: MlflowVersionRow[], origin: string): Promise<MlflowModelVersion[]> {
  const tags = await versionTagsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => renderVersion(r, tags.get(r.id) ?? [], origin));
}

export const withModel = (v: VersionView, owner: string, project: string, projectId: number): MlflowVersionRow => ({ ...v, owner, project, projectId });

/** Registered models with their tags, aliases, latest version per stage and last change: four queries for the page. */
export async function renderModels(db: DB, actor: Actor, rows: MlflowModelRow[], origin: string) {
  const ids = rows.map((r) => r.project.id);
  const [tags, aliases, latest, updated] = await Promise.all([
    modelTagsOf(db, ids),
    aliasesOfModels(db, ids),
    latestVersionsOf(db, actor, rows),
    modelsLastUpdated(db, ids),
  ]);
  const latestAll = [...latest.values()].flat();
  const rendered = await renderVersions(db, latestAll, origin);
  const byProject = new Map<number, MlflowModelVersion[]>();
  latestAll.forEach((v, i) => {
    byProject.set(v.projectId, [...(byProject.get(v.projectId) ?? []), rendered[i]]);
  });
  return rows.map((r) => ({
    name: mlflowModelName(r.owner, r.project.name),
    creation_timestamp: r.project.createdAt.getTime(),
    last_updated_timestamp: (updated.get(r.project.id) ?? r.project.updatedAt).getTime(),
    description: r.project.description,
    latest_versions: byProject.get(r.project.id) ?? [],
    tags: tags.get(r.project.id) ?? [],
    aliases: (aliases.get(r.project.id) ?? []).map((a) => ({ alias: a.alias, version: mlflowVersion(a.version) })),
  }));
}

export async function renderModel(db: DB, actor: Actor, row: MlflowModelRow, origin: string) {
  return (await renderModels(db, actor, [row], origin))[0];
}
