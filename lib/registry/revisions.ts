// Revisions of a model, as git-style clients name them (the Hugging Face surface): a version name, a stage name
// (the newest version in it), an alias, `main`/`HEAD` (the default revision: the newest production version, else
// the newest version), or a version's 40-hex commit id. A commit id is deterministic: the first 16 hex digits of
// the version's uuid (so it is found through the uuid index) and 24 of sha256(uuid, file manifest) — it changes
// whenever the version's files change, and an old id stops resolving once they have.
import "server-only";
import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { files, modelAliases, users, versions, type Version } from "@/db/schema";
import { getBlobStore, type BlobStore } from "@/lib/storage";
import type { Actor } from "./actor";
import { assertProjectCan, findVersion, loadProjectAccess, type ProjectAccess } from "./access";
import { NotFoundError } from "./errors";
import { STAGES } from "./version-view";

/** A revision the model does not have (a repository that exists is not the problem). */
export class RevisionNotFoundError extends NotFoundError {}

export const DEFAULT_REVISIONS = ["main", "HEAD"] as const;
export const COMMIT_ID_RE = /^[0-9a-f]{40}$/;
/** The most files one revision lists in a single answer (siblings, trees). */
export const REVISION_FILE_CAP = 10_000;

export type RevisionState = { commit: string; lastModified: Date; fileCount: number; totalSize: number };
export type ResolvedRevision = { version: Version } & RevisionState;
export type RevisionFile = { path: string; size: number; sha256: string; contentType: string; createdAt: Date };

/** A model the actor may read (a missing or invisible one is NotFoundError; a project without models too). */
export async function loadModel(db: DB, actor: Actor, owner: string, model: string): Promise<ProjectAccess> {
  const access = await loadProjectAccess(db, actor, owner, model);
  assertProjectCan(access, "project.read", actor);
  if (access.project.excludedFeatures.includes("models")) throw new NotFoundError(`Model '${owner}/${model}' not found`);
  return access;
}

export const isDefaultRevision = (rev: string) => (DEFAULT_REVISIONS as readonly string[]).includes(rev);

/** The version a revision names, with its commit id; null when the model has no such revision. */
export async function resolveRevisionIn(db: DB, access: ProjectAccess, rev: string): Promise<ResolvedRevision | null> {
  const found = await findRevisionVersion(db, access.project.id, rev);
  if (!found) return null;
  const state = await revisionState(db, found.version);
  // A commit id of files the version no longer has names nothing: clients must not get other bytes under it.
  if (found.viaCommit && state.commit !== rev) return null;
  return { version: found.version, ...state };
}

/** Like resolveRevisionIn, but a missing revision is RevisionNotFoundError. */
export async function resolveRevision(db: DB, access: ProjectAccess, rev: string): Promise<ResolvedRevision> {
  const r = await resolveRevisionIn(db, access, rev);
  if (!r) throw new RevisionNotFoundError(`Revision '${rev}' not found in ${access.org.name}/${access.project.name}`);
  return r;
}

async function byName(db: DB, projectId: number, name: string): Promise<Version | null> {
  try {
    return await findVersion(db, projectId, "model", name);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

async function findRevisionVersion(db: DB, projectId: number, rev: string): Promise<{ version: Version; viaCommit: boolean } | null> {
  const found = (v: Version | null, viaCommit = false) => (v ? { version: v, viaCommit } : null);
  if (isDefaultRevision(rev)) return found((await newest(db, projectId, "production")) ?? (await newest(db, projectId, null)));
  if (!rev || rev.startsWith("@")) return null;
  const named = await byName(db, projectId, rev);
  if (named) return found(named);
  if ((STAGES as readonly string[]).includes(rev)) return found(await newest(db, projectId, rev as Version["stage"]));
  if (COMMIT_ID_RE.test(rev)) return found(await byCommitPrefix(db, projectId, rev), true);
  if (/^[a-z0-9][a-z0-9._-]*$/i.test(rev)) return found(await byName(db, projectId, `@${rev}`));
  return null;
}

/** The newest version (in `stage`, when given): one walk down a (project, kind[, stage], created_at, id) index. */
async function newest(db: DB, projectId: number, stage: Version["stage"] | null): Promise<Version | null> {
  const where = stage
    ? and(eq(versions.projectId, projectId), eq(versions.kind, "model"), eq(versions.stage, stage))
    : and(eq(versions.projectId, projectId), eq(versions.kind, "model"));
  const [v] = await db.select().from(versions).where(where).orderBy(desc(versions.createdAt), desc(versions.id)).limit(1);
  return v ?? null;
}

/** The version whose uuid starts with the commit id's first 16 hex digits (a range on the uuid index). */
async function byCommitPrefix(db: DB, projectId: number, commit: string): Promise<Version | null> {
  const p = commit.slice(0, 16);
  const uuidOf = (tail: string) => `${p.slice(0, 8)}-${p.slice(8, 12)}-${p.slice(12, 16)}-${tail}`;
  const [v] = await db
    .select()
    .from(versions)
    .where(
      and(
        gte(versions.uuid, uuidOf("0000-000000000000")),
        lte(versions.uuid, uuidOf("ffff-ffffffffffff")),
        eq(versions.projectId, projectId),
        eq(versions.kind, "model"),
      ),
    )
    .limit(1);
  return v ?? null;
}

/** A commit id from the version's uuid and the hex sha256 of its manifest (see the top of this file). */
const commitId = (uuid: string, manifest: string) => uuid.replace(/-/g, "").toLowerCase().slice(0, 16) + manifest.slice(0, 24);

/** The version's commit id, last change and totals, from one aggregate over its files (in the database). */
export async function revisionState(db: DB, version: Pick<Version, "id" | "uuid" | "updatedAt">): Promise<RevisionState> {
  const [row] = await db
    .select({
      manifest: sql<string>`encode(sha256(convert_to(${version.uuid}::text || E'\\n' || coalesce(string_agg(${files.path} || E'\\t' || ${files.sha256} || E'\\t' || ${files.size}::text, E'\\n' order by ${files.path} collate "C"), ''), 'UTF8')), 'hex')`,
      lastFile: sql<string | null>`max(${files.createdAt})::text`,
      count: sql<number>`count(*)::int`,
      total: sql<string>`coalesce(sum(${files.size}), 0)::text`,
    })
    .from(files)
    .where(eq(files.versionId, version.id));
  const updated = new Date(version.updatedAt);
  const lastFile = row?.lastFile ? new Date(row.lastFile) : null;
  return {
    commit: commitId(version.uuid, String(row.manifest)),
    lastModified: lastFile && lastFile > updated ? lastFile : updated,
    fileCount: Number(row?.count ?? 0),
    totalSize: Number(row?.total ?? 0),
  };
}

/** Every file of the version (up to REVISION_FILE_CAP), by path; `under` keeps those inside a folder. */
export async function revisionFiles(db: DB, versionId: number, under = ""): Promise<RevisionFile[]> {
  const prefix = under ? `${under.replace(/\/+$/, "")}/` : "";
  const where = prefix ? and(eq(files.versionId, versionId), sql`starts_with(${files.path}, ${prefix})`) : eq(files.versionId, versionId);
  return db
    .select({ path: files.path, size: files.size, sha256: files.sha256, contentType: files.contentType, createdAt: files.createdAt })
    .from(files)
    .where(where)
    .orderBy(asc(files.path))
    .limit(REVISION_FILE_CAP);
}

/** The revision state of a version known by id (after a commit wrote it). */
export async function revisionOfVersion(db: DB, versionId: number): Promise<ResolvedRevision> {
  const [v] = await db.select().from(versions).where(eq(versions.id, versionId)).limit(1);
  if (!v) throw new NotFoundError("Version not found");
  return { version: v, ...(await revisionState(db, v)) };
}

/** The largest README.md read as a model card (the Hub reads its front matter into `cardData`). */
export const MODEL_CARD_MAX_BYTES = 256 * 1024;
const cardCache = new Map<string, string>();

/**
 * The text of the revision's model card (its top-level README.md, when small enough), or null. Blobs are
 * content-addressed, so a card read once is cached by its sha256 and never goes stale.
 */
export async function revisionModelCard(list: RevisionFile[], store: BlobStore = getBlobStore()): Promise<string | null> {
  const f = list.find((x) => x.path === "README.md");
  if (!f || f.size > MODEL_CARD_MAX_BYTES) return null;
  const hit = cardCache.get(f.sha256);
  if (hit !== undefined) return hit;
  const chunks: Buffer[] = [];
  try {
    for await (const c of await store.get(f.sha256)) chunks.push(Buffer.from(c as Uint8Array));
  } catch (err) {
    console.error("[modelreg] model card unreadable", f.sha256, err);
    return null;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (cardCache.size >= 500) cardCache.delete(cardCache.keys().next().value!);
  cardCache.set(f.sha256, text);
  return text;
}

/** The most versions listed as branches by revisionRefs (the newest first). */
export const REF_CAP = 1000;

export type RevisionRef = { name: string; ref: string; targetCommit: string };

/**
 * The model's revisions as git refs (huggingface_hub's list_repo_refs): branches are `main` and every version
 * (the newest REF_CAP of them; each may be committed to), tags are the stages (their newest version) and the
 * aliases. Each version's commit id comes from one query that aggregates every listed version's manifest.
 */
export async function revisionRefs(db: DB, access: ProjectAccess): Promise<{ branches: RevisionRef[]; tags: RevisionRef[]; truncated: boolean }> {
  const projectId = access.project.id;
  const result = await db.execute(sql`
    select v.id, v.name, v.stage, v.uuid::text as uuid,
      encode(sha256(convert_to(v.uuid::text || E'\n' || coalesce((
        select string_agg(f.path || E'\t' || f.sha256 || E'\t' || f.size::text, E'\n' order by f.path collate "C")
        from ${files} f where f.version_id = v.id), ''), 'UTF8')), 'hex') as manifest
    from ${versions} v
    where v.project_id = ${projectId} and v.kind = 'model'
    order by v.created_at desc, v.id desc
    limit ${REF_CAP + 1}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    id: number;
    name: string;
    stage: Version["stage"];
    uuid: string;
    manifest: string;
  }[];
  const truncated = rows.length > REF_CAP;
  const listed = rows.slice(0, REF_CAP);
  const commitOf = new Map(listed.map((r) => [Number(r.id), commitId(r.uuid, r.manifest)]));
  const branches: RevisionRef[] = [];
  // A revision whose version is older than the listed ones is resolved on its own (only when truncated).
  const newestIn = async (stage: Version["stage"] | null, rev: string) => {
    const r = listed.find((x) => stage === null || x.stage === stage);
    if (r) return commitOf.get(Number(r.id))!;
    return truncated ? ((await resolveRevisionIn(db, access, rev))?.commit ?? null) : null;
  };
  // main: the newest production version, else the newest version (as findRevisionVersion).
  const mainCommit = (await newestIn("production", "production")) ?? (await newestIn(null, "main"));
  if (mainCommit) branches.push({ name: "main", ref: "refs/heads/main", targetCommit: mainCommit });
  for (const r of listed) if (r.name !== "main") branches.push({ name: r.name, ref: `refs/heads/${r.name}`, targetCommit: commitOf.get(Number(r.id))! });
  const tags: RevisionRef[] = [];
  for (const stage of STAGES) {
    const commit = await newestIn(stage, stage);
    if (commit) tags.push({ name: stage, ref: `refs/tags/${stage}`, targetCommit: commit });
  }
  const aliases = await db
    .select({ name: modelAliases.name, versionId: modelAliases.versionId, uuid: versions.uuid, updatedAt: versions.updatedAt })
    .from(modelAliases)
    .innerJoin(versions, eq(versions.id, modelAliases.versionId))
    .where(eq(modelAliases.projectId, projectId))
    .orderBy(asc(modelAliases.name));
  for (const a of aliases) {
    const commit = commitOf.get(a.versionId) ?? (await revisionState(db, { id: a.versionId, uuid: a.uuid, updatedAt: a.updatedAt })).commit;
    tags.push({ name: a.name, ref: `refs/tags/${a.name}`, targetCommit: commit });
  }
  return { branches, tags, truncated };
}

export type RevisionCommit = { id: string; title: string; message: string; date: Date; authors: string[] };

/**
 * The history of a revision (huggingface_hub's list_repo_commits). A Modelreg version keeps its files, not a git
 * history: its history is one commit, its current state (the commit id clients cache under), dated by its last
 * change and authored by whoever registered the version.
 */
export async function revisionCommits(db: DB, rev: ResolvedRevision): Promise<RevisionCommit[]> {
  const v = rev.version;
  const [by] = v.createdById ? await db.select({ username: users.username }).from(users).where(eq(users.id, v.createdById)).limit(1) : [];
  const description = (v.description ?? "").trim();
  const title = description.split("\n")[0]?.slice(0, 200) || `Version ${v.name}`;
  return [{ id: rev.commit, title, message: description, date: new Date(rev.lastModified), authors: by ? [by.username] : [] }];
}
