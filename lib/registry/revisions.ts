// Revisions of a model, as git-style clients name them (the Hugging Face surface): a version name, a stage name
// (the newest version in it), an alias, `main`/`HEAD` (the default revision: the newest production version, else
// the newest version), or a version's 40-hex commit id. A commit id is deterministic: the first 16 hex digits of
// the version's uuid (so it is found through the uuid index) and 24 of sha256(uuid, file manifest) — it changes
// whenever the version's files change, and an old id stops resolving once they have.
import "server-only";
import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { files, versions, type Version } from "@/db/schema";
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
  const uuidHex = version.uuid.replace(/-/g, "").toLowerCase();
  const updated = new Date(version.updatedAt);
  const lastFile = row?.lastFile ? new Date(row.lastFile) : null;
  return {
    commit: uuidHex.slice(0, 16) + String(row.manifest).slice(0, 24),
    lastModified: lastFile && lastFile > updated ? lastFile : updated,
    fileCount: Number(row?.count ?? 0),
    totalSize: Number(row?.total ?? 0),
  };
}

/** Every file of the version (up to REVISION_FILE_CAP), by path; `under` keeps those inside a folder. */
export async function revisionFiles(db: DB, versionId: number, under = ""): Promise<RevisionFile[]> {
  const prefix = under ? `${under.replace(/\/+$/, "")}/` : "";
  const where = prefix
    ? and(eq(files.versionId, versionId), sql`starts_with(${files.path}, ${prefix})`)
    : eq(files.versionId, versionId);
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
