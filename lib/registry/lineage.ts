// A version's lineage as a small graph: the run it came from and that run's project, the version it was copied
// from, the models it was transferred through, the copies made of it, and the stages it went through. Every
// visibility decision is made here: a project the reader may not see (and anything in it) is a PRIVATE node
// with no name and no link. A bounded number of queries whatever the number of copies or transfers.
import "server-only";
import { and, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, organizations, projects, runs, stageConditions, versions } from "@/db/schema";
import type { Actor } from "./actor";
import { findVersion, loadProjectAccess, projectVisibleTo } from "./access";
import { PRIVATE, redactorFor } from "./redact";
import { checkKind } from "./version-view";

/** The most copies and transfers a lineage lists (beyond it: "more"), and stage changes it walks. */
export const LINEAGE_LIMIT = 20;
const STAGE_LIMIT = 200;

export type LineageNodeKind = "project" | "run" | "external-run" | "origin" | "transfer" | "version" | "copy" | "stage";

export type LineageNode = {
  id: string;
  kind: LineageNodeKind;
  /** A name, or PRIVATE when the reader may not see it. */
  label: string;
  /** A second line: the run's status, a copy's stage, when a stage was entered … */
  detail?: string;
  /** Where the node opens in this UI (or an external run's URL); null when private or not a page. */
  href: string | null;
  private: boolean;
  /** When it happened (stages, transfers). */
  at?: Date;
};

export type LineageEdge = { from: string; to: string; label: string };

export type Lineage = {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** More copies than LINEAGE_LIMIT exist. */
  moreCopies: boolean;
};

/**
 * Whether the reader may read the project with this id: the same rule as every list (access.ts), as a subquery.
 * `projectId` must be a column of another table (runs.project_id, versions.project_id): inside the subquery
 * "projects" is the subquery's own table.
 */
const visibleSql = (actor: Actor, projectId: typeof runs.projectId | typeof versions.projectId): SQL<boolean> =>
  sql<boolean>`exists(select 1 from ${projects} where ${projects.id} = ${projectId} and ${projectVisibleTo(actor)})`;

const versionHref = (owner: string, project: string, name: string) => `/${owner}/${project}/versions/${encodeURIComponent(name)}`;

const hidden = (id: string, kind: LineageNodeKind, detail?: string): LineageNode => ({ id, kind, label: PRIVATE, href: null, private: true, detail });

/** The lineage of a model version for `actor`: NotFoundError when the actor may not read the version itself. */
export async function versionLineage(db: DB, actor: Actor, owner: string, project: string, version: string, kind = "model"): Promise<Lineage> {
  const access = await loadProjectAccess(db, actor, owner, project);
  const v = await findVersion(db, access.project.id, checkKind(kind), version);
  const here = `${access.org.name}/${access.project.name}`;
  // Run, copy origin and copies each join their project and ask about its visibility in the same statement.
  const runQ = v.runId
    ? db
        .select({
          uuid: runs.uuid,
          name: runs.name,
          status: runs.status,
          owner: organizations.name,
          project: projects.name,
          visible: visibleSql(actor, runs.projectId),
        })
        .from(runs)
        .innerJoin(projects, eq(projects.id, runs.projectId))
        .innerJoin(organizations, eq(organizations.id, projects.orgId))
        .where(eq(runs.id, v.runId))
        .limit(1)
    : Promise.resolve([]);
  const originQ = v.copiedFromId
    ? db
        .select({ name: versions.name, owner: organizations.name, project: projects.name, visible: visibleSql(actor, versions.projectId) })
        .from(versions)
        .innerJoin(projects, eq(projects.id, versions.projectId))
        .innerJoin(organizations, eq(organizations.id, projects.orgId))
        .where(eq(versions.id, v.copiedFromId))
        .limit(1)
    : Promise.resolve([]);
  const copiesQ = db
    .select({ name: versions.name, stage: versions.stage, owner: organizations.name, project: projects.name, visible: visibleSql(actor, versions.projectId) })
    .from(versions)
    .innerJoin(projects, eq(projects.id, versions.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(eq(versions.copiedFromId, v.id))
    .orderBy(asc(versions.id))
    .limit(LINEAGE_LIMIT + 1);
  // Transfers are recorded as activity of the organization, by version name (versions_transferred_in rows).
  const transfersQ = db
    .select({ details: activities.details, at: activities.createdAt })
    .from(activities)
    .where(
      and(
        eq(activities.orgId, access.org.id),
        eq(activities.verb, "version.transferred_in"),
        eq(activities.target, v.name),
        gte(activities.createdAt, v.createdAt),
      ),
    )
    .orderBy(asc(activities.createdAt))
    .limit(LINEAGE_LIMIT);
  const stagesQ = db
    .select({ type: stageConditions.type, reason: stageConditions.reason, at: stageConditions.createdAt })
    .from(stageConditions)
    .where(and(eq(stageConditions.versionId, v.id), eq(stageConditions.status, "True")))
    .orderBy(asc(stageConditions.id))
    .limit(STAGE_LIMIT);
  const [[run], [origin], copies, transferRows, stageRows] = await Promise.all([runQ, originQ, copiesQ, transfersQ, stagesQ]);

  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  const self: LineageNode = {
    id: "version",
    kind: "version",
    label: `${here}:${v.name}`,
    detail: v.stage,
    href: versionHref(access.org.name, access.project.name, v.name),
    private: false,
  };

  // Where it came from: a local run (in a project the reader may or may not see), or an external reference.
  if (run) {
    if (run.visible) {
      nodes.push({ id: "project", kind: "project", label: `${run.owner}/${run.project}`, href: `/${run.owner}/${run.project}`, private: false });
      nodes.push({
        id: "run",
        kind: "run",
        label: run.name || run.uuid.slice(0, 8),
        detail: run.status,
        href: `/${run.owner}/${run.project}/runs/${run.uuid}`,
        private: false,
      });
    } else {
      nodes.push(hidden("project", "project"), hidden("run", "run"));
    }
    edges.push({ from: "project", to: "run", label: "logged in" }, { from: "run", to: "version", label: "promoted" });
  } else if (v.externalRun) {
    const ext = v.externalRun;
    nodes.push({
      id: "run",
      kind: "external-run",
      label: ext.uuid ?? ext.url ?? "external run",
      detail: ext.project ?? undefined,
      href: ext.url ?? null,
      private: false,
    });
    edges.push({ from: "run", to: "version", label: "registered from" });
  }
  if (v.copiedFromId) {
    nodes.push(
      !origin
        ? { id: "origin", kind: "origin", label: "a deleted version", href: null, private: false }
        : origin.visible
          ? {
              id: "origin",
              kind: "origin",
              label: `${origin.owner}/${origin.project}:${origin.name}`,
              href: versionHref(origin.owner, origin.project, origin.name),
              private: false,
            }
          : hidden("origin", "origin"),
    );
    edges.push({ from: "origin", to: "version", label: "copied" });
  }

  // The models it passed through, newest hop last, followed back from this model (rows of other versions that
  // had the same name elsewhere do not join the chain). Their names are redacted like activity details.
  const hops: { from: string; at: Date }[] = [];
  let at = here;
  for (const row of [...transferRows].reverse()) {
    const d = row.details as { from?: unknown; to?: unknown };
    if (typeof d.to === "string" && typeof d.from === "string" && d.to.toLowerCase() === at.toLowerCase()) {
      hops.unshift({ from: d.from, at: row.at });
      at = d.from;
    }
  }
  if (hops.length) {
    const r = await redactorFor(
      db,
      actor,
      hops.map((h) => h.from),
      [here],
    );
    hops.forEach((h, i) => {
      const visible = r.visible(h.from);
      nodes.push({
        id: `transfer-${i}`,
        kind: "transfer",
        label: visible ? h.from : PRIVATE,
        href: visible ? `/${h.from}` : null,
        private: !visible,
        at: h.at,
      });
      edges.push({ from: `transfer-${i}`, to: i + 1 < hops.length ? `transfer-${i + 1}` : "version", label: "transferred" });
    });
  }

  nodes.push(self);
  for (const [i, c] of copies.slice(0, LINEAGE_LIMIT).entries()) {
    nodes.push(
      c.visible
        ? {
            id: `copy-${i}`,
            kind: "copy",
            label: `${c.owner}/${c.project}:${c.name}`,
            detail: c.stage,
            href: versionHref(c.owner, c.project, c.name),
            private: false,
          }
        : hidden(`copy-${i}`, "copy"),
    );
    edges.push({ from: "version", to: `copy-${i}`, label: "copied to" });
  }

  // The path of stages: each entered stage once per entry (testing → staging → production → disabled).
  let prev = "version";
  let last: string | null = null;
  for (const [i, s] of stageRows.entries()) {
    if (s.type === last) continue;
    last = s.type;
    nodes.push({ id: `stage-${i}`, kind: "stage", label: s.type, detail: s.reason || undefined, href: null, private: false, at: s.at });
    edges.push({ from: prev, to: `stage-${i}`, label: prev === "version" ? "registered at" : "moved to" });
    prev = `stage-${i}`;
  }
  return { nodes, edges, moreCopies: copies.length > LINEAGE_LIMIT };
}
