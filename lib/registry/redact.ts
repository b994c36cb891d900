// The one redaction step for everything that names another project: a version's run project and run link,
// the version it was copied from, its stage history's copy origin, and activity details (transfers, copies,
// promotions, promotion sources). Whatever the reader may not see becomes "private" — no name, no link.
// Every reader of versions, stage history and activity goes through here (registry functions, so the API and
// the pages alike); the reader's visibility of every referenced project is decided in one query.
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db";
import { organizations, projects } from "@/db/schema";
import type { Actor } from "./actor";
import { projectVisibleTo } from "./access";
import type { ProjectAccess } from "./access";
import { conditionsOf, loadVersionView, stageObject, type ConditionApi, type VersionView } from "./version-view";

/** What a reader sees instead of the name of a project (or of anything in it) they may not read. */
export const PRIVATE = "private";

/** `owner/project` (lowercase) of a reference `owner/project` or `owner/project:version`, else null. */
export function projectOfRef(ref: unknown): string | null {
  if (typeof ref !== "string") return null;
  const m = /^([a-z0-9-]+)\/([a-z0-9._-]+)(?::[^\s]*)?$/i.exec(ref.trim());
  return m ? `${m[1].toLowerCase()}/${m[2].toLowerCase()}` : null;
}

export type Redactor = {
  /** Whether the reader may see what `ref` names (not a reference at all: true). */
  visible(ref: unknown): boolean;
  /** `ref`, or PRIVATE when the reader may not see it. */
  ref<T>(ref: T): T | typeof PRIVATE;
  /** `text` with every hidden reference it contains (of those this redactor was built for) replaced by PRIVATE. */
  text(text: string): string;
};

/** A redactor for these references (`owner/project[:version]`): one query, none when there is nothing to check. */
export async function redactorFor(db: DB, actor: Actor, refs: Iterable<unknown>, known: Iterable<string> = []): Promise<Redactor> {
  const all = new Set<string>();
  for (const r of refs) if (typeof r === "string" && projectOfRef(r)) all.add(r.trim());
  const wanted = new Set([...all].map((r) => projectOfRef(r)!));
  // Projects the caller already knows the reader sees (the one being read) need no query.
  for (const k of known) wanted.delete(k.toLowerCase());
  const visible = new Set<string>([...known].map((k) => k.toLowerCase()));
  if (wanted.size) {
    const pairs = [...wanted].map((w) => w.split("/") as [string, string]);
    const rows = await db
      .select({ owner: organizations.name, name: projects.name })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(
        and(
          inArray(organizations.name, [...new Set(pairs.map((p) => p[0]))]),
          inArray(projects.name, [...new Set(pairs.map((p) => p[1]))]),
          projectVisibleTo(actor),
        ),
      );
    for (const r of rows) visible.add(`${r.owner}/${r.name}`);
  }
  const isVisible = (ref: unknown) => {
    const p = projectOfRef(ref);
    return p === null || visible.has(p);
  };
  // Longest first, so that `o/p:v1` is replaced whole rather than leaving `:v1` behind after `o/p`.
  const hidden = [...all].filter((r) => !isVisible(r)).sort((a, b) => b.length - a.length);
  return {
    visible: isVisible,
    ref: <T>(ref: T) => (isVisible(ref) ? ref : PRIVATE),
    text: (text: string) => hidden.reduce((t, h) => t.split(h).join(PRIVATE), text),
  };
}

const fullRef = (v: Pick<VersionView, "runProject">) => v.runProject;

/** The references a version names (its run's project, its copy origin) and those its history names. */
function versionRefs(views: Pick<VersionView, "runProject" | "copiedFrom">[], histories: ConditionApi[][]): unknown[] {
  return [...views.flatMap((v) => [fullRef(v), v.copiedFrom]), ...histories.flatMap((h) => h.map((c) => c.meta_info.copied_from))];
}

/** A version as the reader may see it: a hidden run project is PRIVATE with no run uuid (so no link). */
export function redactView<V extends VersionView>(r: Redactor, v: V): V {
  const runHidden = !r.visible(v.runProject);
  const copyHidden = !r.visible(v.copiedFrom);
  if (!runHidden && !copyHidden) return v;
  return {
    ...v,
    ...(runHidden ? { runProject: PRIVATE, runUuid: null } : {}),
    ...(copyHidden ? { copiedFrom: PRIVATE } : {}),
    // A promoted version's default description names the run's project.
    description: r.text(v.description),
  };
}

export function redactConditions(r: Redactor, conditions: ConditionApi[]): ConditionApi[] {
  return conditions.map((c) => {
    const from = c.meta_info.copied_from;
    if (r.visible(from)) return c;
    return { ...c, message: r.text(c.message), meta_info: { ...c.meta_info, copied_from: PRIVATE } };
  });
}

/** Versions (and optionally their histories) as the reader may see them; `known`: projects the reader sees. */
export async function redactVersions<V extends VersionView>(db: DB, actor: Actor, views: V[], known: string[], histories: ConditionApi[][] = []) {
  const r = await redactorFor(db, actor, versionRefs(views, histories), known);
  return { views: views.map((v) => redactView(r, v)), histories: histories.map((h) => redactConditions(r, h)) };
}

/** One version and its history, as the reader may see them. */
export async function redactVersion<V extends VersionView>(db: DB, actor: Actor, view: V, conditions: ConditionApi[], known: string) {
  const { views, histories } = await redactVersions(db, actor, [view], [known], [conditions]);
  return { version: views[0], conditions: histories[0] };
}

/** A stage history alone (the stage object), as the reader may see it. */
export async function redactHistory(db: DB, actor: Actor, conditions: ConditionApi[], known: string): Promise<ConditionApi[]> {
  const r = await redactorFor(db, actor, versionRefs([], [conditions]), [known]);
  return redactConditions(r, conditions);
}

/** Activity detail keys that name projects: transfers (from, to), copies (from), promotions (to), promotion sources. */
const REF_KEYS = ["from", "to", "copied_from"] as const;

type ActivityLike = { verb: string; details: Record<string, unknown> };

/** `sources` are bare model names of the row's organization. */
const sourceRefs = (d: Record<string, unknown>, org: string) =>
  Array.isArray(d.sources) ? d.sources.filter((s): s is string => typeof s === "string").map((s) => (s.includes("/") ? s : `${org}/${s}`)) : [];

/** Activity rows of organization `org` as the reader may see them: hidden projects in their details are PRIVATE. */
export async function redactActivities<A extends ActivityLike>(db: DB, actor: Actor, org: string, rows: A[], known: string[] = []): Promise<A[]> {
  const refs = rows.flatMap((a) => [...REF_KEYS.map((k) => a.details?.[k]), ...sourceRefs(a.details ?? {}, org)]);
  if (!refs.some((x) => projectOfRef(x))) return rows;
  const r = await redactorFor(db, actor, refs, known);
  return rows.map((a) => {
    const d = a.details ?? {};
    let changed = false;
    const out: Record<string, unknown> = { ...d };
    for (const k of REF_KEYS) {
      if (!r.visible(d[k])) {
        out[k] = PRIVATE;
        changed = true;
        // A promotion's version lives in the model it went to.
        if (k === "to" && "version" in d) out.version = PRIVATE;
      }
    }
    if (Array.isArray(d.sources)) {
      const src = d.sources.map((s) => (typeof s === "string" && !r.visible(s.includes("/") ? s : `${org}/${s}`) ? PRIVATE : s));
      if (src.some((s, i) => s !== (d.sources as unknown[])[i])) {
        out.sources = src;
        changed = true;
      }
    }
    return changed ? { ...a, details: out } : a;
  });
}

const knownOf = (access: Pick<ProjectAccess, "org" | "project">) => `${access.org.name}/${access.project.name}`;

/** A version with its history, loaded and redacted for the reader of `access` (every single-version answer). */
export async function loadVersionFor(db: DB, actor: Actor, access: Pick<ProjectAccess, "org" | "project">, versionId: number) {
  const [v, c] = await Promise.all([loadVersionView(db, versionId), conditionsOf(db, versionId)]);
  return redactVersion(db, actor, v, c, knownOf(access));
}

/** The stage object ({uuid, stage, stage_conditions}), redacted for the reader. */
export async function stageObjectFor(db: DB, actor: Actor, access: Pick<ProjectAccess, "org" | "project">, versionId: number) {
  const s = await stageObject(db, versionId);
  return { ...s, stage_conditions: await redactHistory(db, actor, s.stage_conditions, knownOf(access)) };
}
