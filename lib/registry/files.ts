// Version files: list, upload (streamed, content-addressed, verified), download metadata, delete.
//
// Blob garbage and its race. A blob is shared by every file row with its sha256, so it may go only
// when no row references it. Uploads and collections of one sha256 are serialised by a Postgres
// advisory lock on the hash, taken inside their transactions:
// - an upload writes its blob first (outside any transaction: it can take minutes), then in one
//   transaction locks the hash, checks the blob is still there, and inserts its row;
// - a collection locks the hash, counts the rows, and deletes the blob while holding the lock.
// Whichever comes second sees the other's effect: a collection after the insert sees the row and
// keeps the blob; an upload after the collection finds the blob gone and answers 409 "retry"
// instead of recording a row without content. Deleting or replacing a row checks for remaining
// references in its own transaction and, when there are none, collects after commit, so a failed
// commit can never leave a row pointing at a deleted blob. What we accept: a crash between that
// commit and the collection leaves an unreferenced blob (wasted space, never a wrong answer).
import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { files, versions, type Version } from "@/db/schema";
import { assertProjectCan, findVersion, loadProjectAccess } from "./access";
import { recordActivity } from "./activity";
import type { DownloadTarget } from "./downloads";
import { assertVersionWritable, readOnlyReason } from "./version-lock";
import type { Actor } from "./actor";
import { ConflictError, InvalidError, NotFoundError, TooLargeError } from "./errors";
import { projectCan } from "@/lib/authz";
import { BlobChecksumError, BlobSourceError, BlobTooLargeError, SHA256_RE, getBlobStore, type BlobSource, type BlobStore } from "@/lib/storage";
import { normaliseFilePath } from "@/lib/storage/paths";
import { chooseContentType } from "@/lib/storage/content-type";
import { formatBytes } from "@/lib/storage/format";
import { contentDisposition, parseByteSize } from "@/lib/storage/http";

export type VersionRef = { owner: string; project: string; kind: string; version: string };

export type FileInfo = { path: string; size: number; sha256: string; contentType: string; createdAt: Date };

const fileColumns = {
  path: files.path,
  size: files.size,
  sha256: files.sha256,
  contentType: files.contentType,
  createdAt: files.createdAt,
};

const GIB = 1024 ** 3;

/** MODELREG_MAX_FILE_SIZE (default 5 GiB) and MODELREG_MAX_VERSION_SIZE (default 50 GiB), read per call. */
export function fileLimits(env: Record<string, string | undefined> = process.env) {
  return {
    maxFileSize: parseByteSize(env.MODELREG_MAX_FILE_SIZE, 5 * GIB),
    maxVersionSize: parseByteSize(env.MODELREG_MAX_VERSION_SIZE, 50 * GIB),
  };
}

// Files of a version in a protected stage are read-only for everyone, admins included (409; a member: 403):
// what is in production must not change under its consumers. The rule lives in version-lock.ts.

async function resolve(db: DB, actor: Actor, ref: VersionRef) {
  const access = await loadProjectAccess(db, actor, ref.owner, ref.project);
  const version = await findVersion(db, access.project.id, ref.kind, ref.version);
  return { access, version };
}

const target = (version: Pick<Version, "kind" | "name">, path: string) => `${version.kind}/${version.name}/${path}`;

export async function listFiles(
  db: DB,
  actor: Actor,
  input: VersionRef & { limit: number; offset: number },
): Promise<{ count: number; totalSize: number; results: FileInfo[] }> {
  const { access, version } = await resolve(db, actor, input);
  assertProjectCan(access, "project.read", actor);
  return filesOf(db, version.id, input.limit, input.offset);
}

/** One page by path (the unique index on version_id, path) and the version's totals. */
async function filesOf(db: DB, versionId: number, limit: number, offset: number) {
  const [results, [agg]] = await Promise.all([
    db.select(fileColumns).from(files).where(eq(files.versionId, versionId)).orderBy(asc(files.path)).limit(limit).offset(offset),
    db
      .select({ count: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${files.size}), 0)::text` })
      .from(files)
      .where(eq(files.versionId, versionId)),
  ]);
  return { count: Number(agg?.count ?? 0), totalSize: Number(agg?.total ?? 0), results };
}

/**
 * The files under a folder of a version (`dir` "" = all), by path, at most `limit`: for listings by folder
 * (MLflow's artifact proxy). The prefix match is on the unique (version_id, path) index; `%`/`_` are escaped.
 */
export async function listFilesUnder(db: DB, actor: Actor, input: VersionRef & { dir: string; limit: number }): Promise<FileInfo[]> {
  const dir = input.dir ? normaliseFilePath(input.dir) : "";
  const { access, version } = await resolve(db, actor, input);
  assertProjectCan(access, "project.read", actor);
  const prefix = dir ? `${dir.replace(/[\\%_]/g, (c) => `\\${c}`)}/%` : "%";
  return db
    .select(fileColumns)
    .from(files)
    .where(and(eq(files.versionId, version.id), sql`${files.path} like ${prefix}`))
    .orderBy(asc(files.path))
    .limit(input.limit);
}

/** A file as a download handler needs it: its record and the version it belongs to (countDownload). */
export type DownloadableFile = FileInfo & DownloadTarget;

/** One file's record, for downloads; NotFoundError when the path has no file. */
export async function getFile(db: DB, actor: Actor, input: VersionRef & { path: string }): Promise<DownloadableFile> {
  const path = normaliseFilePath(input.path);
  const { access, version } = await resolve(db, actor, input);
  assertProjectCan(access, "project.read", actor);
  const [row] = await db
    .select(fileColumns)
    .from(files)
    .where(and(eq(files.versionId, version.id), eq(files.path, path)))
    .limit(1);
  if (!row) throw new NotFoundError(`File '${path}' not found in version '${version.name}'`);
  return { ...row, versionId: version.id, projectId: version.projectId };
}

/** How long a direct download URL (an S3 presigned GET) stays valid. */
export const DIRECT_DOWNLOAD_TTL_SECONDS = 300;

/** MODELREG_S3_DOWNLOAD_REDIRECT: "0"/"false" keeps every download streaming through the app. Default on. */
export function directDownloadsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.MODELREG_S3_DOWNLOAD_REDIRECT ?? "").trim().toLowerCase();
  return !(v === "0" || v === "false" || v === "off" || v === "no");
}

/**
 * Where a client may fetch a file's bytes straight from the blob store (the caller has read the file with
 * getFile, so the actor may read it): a short-lived presigned URL that answers the file as an attachment, or
 * null when the bytes go through the app (a store without such URLs, redirects turned off, an empty file).
 */
export async function directDownloadUrl(file: FileInfo, store: BlobStore = getBlobStore()): Promise<string | null> {
  if (!store.presignGet || !directDownloadsEnabled() || file.size === 0) return null;
  return store.presignGet(file.sha256, {
    expiresIn: DIRECT_DOWNLOAD_TTL_SECONDS,
    contentDisposition: contentDisposition(file.path),
    contentType: file.contentType,
  });
}

export type UploadInput = VersionRef & {
  path: string;
  body: BlobSource;
  /** Content-Length when the client sent one: refused up front when over a limit. */
  contentLength?: number;
  contentType?: string | null;
  /** The sha256 the client declares (x-checksum-sha256); a different body is refused, nothing kept. */
  sha256?: string;
};

export type UploadResult = FileInfo & { replaced: boolean; deduplicated: boolean };

export async function uploadFile(db: DB, actor: Actor, input: UploadInput, store: BlobStore = getBlobStore()): Promise<UploadResult> {
  const path = normaliseFilePath(input.path);
  if (input.sha256 !== undefined && !SHA256_RE.test(input.sha256)) {
    throw InvalidError.field("sha256", "must be 64 lowercase hexadecimal digits");
  }
  const { access, version } = await resolve(db, actor, input);
  assertProjectCan(access, "file.upload", actor);
  assertVersionWritable(access, actor, version, "contents", "files");

  const { maxFileSize, maxVersionSize } = fileLimits();
  const room = maxVersionSize - (await sizeOfOtherFiles(db, version.id, path));
  const tooLarge = (size: number | null) =>
    maxFileSize <= room
      ? new TooLargeError(
          `Files are limited to ${formatBytes(maxFileSize)}${size === null ? "" : `; this one is ${formatBytes(size)}`} (MODELREG_MAX_FILE_SIZE).`,
        )
      : new TooLargeError(
          `Version '${version.name}' would exceed its limit of ${formatBytes(maxVersionSize)} (MODELREG_MAX_VERSION_SIZE): ${formatBytes(Math.max(0, room))} left.`,
        );
  if (input.contentLength !== undefined && input.contentLength > Math.min(maxFileSize, room)) {
    throw tooLarge(input.contentLength);
  }

  let put;
  try {
    put = await store.put(input.body, {
      maxBytes: Math.max(0, Math.min(maxFileSize, room)),
      expectedSha256: input.sha256,
      sizeHint: input.contentLength,
    });
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw tooLarge(null);
    if (err instanceof BlobChecksumError) {
      throw InvalidError.field("sha256", `The body's sha256 is ${err.actual}, not the declared ${err.expected}; nothing was stored.`);
    }
    if (err instanceof BlobSourceError) {
      throw InvalidError.field("body", "The upload was interrupted before it completed; nothing was stored.");
    }
    throw err;
  }
  if (input.contentLength !== undefined && put.size !== input.contentLength) {
    await collectBlob(db, store, put.sha256);
    throw InvalidError.field("content-length", `The body has ${put.size} bytes, not the declared ${input.contentLength}.`);
  }

  const contentType = chooseContentType(input.contentType, path);
  try {
    const { row, orphan } = await db.transaction(async (tx) => {
      // Lock order everywhere: the version row, then blob hashes (no deadlocks between writers).
      const [v] = await tx
        .select({ id: versions.id, name: versions.name, stage: versions.stage })
        .from(versions)
        .where(eq(versions.id, version.id))
        .for("update");
      if (!v) throw new NotFoundError(`Version '${version.name}' not found`);
      assertVersionWritable(access, actor, v, "contents", "files");
      // Re-checked under the row lock: parallel uploads to one version cannot overshoot its limit together.
      if ((await sizeOfOtherFiles(tx, v.id, path)) + put.size > maxVersionSize) throw tooLarge(put.size);
      await lockBlob(tx, put.sha256);
      if (!(await store.exists(put.sha256))) {
        throw new ConflictError("The upload raced with the deletion of identical content; please retry.");
      }
      const [old] = await tx
        .select({ sha256: files.sha256 })
        .from(files)
        .where(and(eq(files.versionId, v.id), eq(files.path, path)))
        .limit(1);
      const [row] = await tx
        .insert(files)
        .values({ versionId: v.id, path, size: put.size, sha256: put.sha256, contentType, createdById: userId(actor) })
        .onConflictDoUpdate({
          target: [files.versionId, files.path],
          set: { size: put.size, sha256: put.sha256, contentType, createdById: userId(actor), createdAt: sql`now()` },
        })
        .returning(fileColumns);
      await recordActivity(tx, {
        orgId: access.org.id,
        projectId: access.project.id,
        actorId: userId(actor),
        verb: old ? "file.replaced" : "file.uploaded",
        target: target(version, path),
        details: { kind: version.kind, version: version.name, path, size: put.size, sha256: put.sha256 },
      });
      const orphan = old && old.sha256 !== put.sha256 && !(await isReferenced(tx, old.sha256)) ? old.sha256 : null;
      return { row: { ...row, replaced: Boolean(old) }, orphan };
    });
    if (orphan) await collectBlob(db, store, orphan);
    return { ...row, deduplicated: !put.created };
  } catch (err) {
    // Nothing was recorded: the blob goes too, unless another file already shares it.
    await collectBlob(db, store, put.sha256).catch((e) => console.error("[modelreg] blob collection failed", e));
    throw err;
  }
}

export async function deleteFile(db: DB, actor: Actor, input: VersionRef & { path: string }, store: BlobStore = getBlobStore()): Promise<void> {
  const path = normaliseFilePath(input.path);
  const { access, version } = await resolve(db, actor, input);
  assertProjectCan(access, "file.delete", actor);
  assertVersionWritable(access, actor, version, "contents", "files");
  const orphan = await db.transaction(async (tx) => {
    const [v] = await tx
      .select({ id: versions.id, name: versions.name, stage: versions.stage })
      .from(versions)
      .where(eq(versions.id, version.id))
      .for("update");
    if (!v) throw new NotFoundError(`Version '${version.name}' not found`);
    assertVersionWritable(access, actor, v, "contents", "files");
    const [gone] = await tx
      .delete(files)
      .where(and(eq(files.versionId, v.id), eq(files.path, path)))
      .returning({ sha256: files.sha256, size: files.size });
    if (!gone) throw new NotFoundError(`File '${path}' not found in version '${version.name}'`);
    await recordActivity(tx, {
      orgId: access.org.id,
      projectId: access.project.id,
      actorId: userId(actor),
      verb: "file.deleted",
      target: target(version, path),
      details: { kind: version.kind, version: version.name, path, size: gone.size, sha256: gone.sha256 },
    });
    return (await isReferenced(tx, gone.sha256)) ? null : gone.sha256;
  });
  if (orphan) await collectBlob(db, store, orphan);
}

/** What the file browser needs: the files (first `limit`), totals, and what this viewer may do. */
export async function versionFilesView(db: DB, actor: Actor, ref: VersionRef, limit = 1000) {
  const { access, version } = await resolve(db, actor, ref);
  assertProjectCan(access, "project.read", actor);
  const list = await filesOf(db, version.id, limit, 0);
  const readOnly = readOnlyReason(access, version, "files");
  return {
    ...list,
    owner: access.org.name,
    project: access.project.name,
    kind: version.kind,
    version: version.name,
    readOnly,
    canUpload: projectCan(access.role, "file.upload") && !readOnly,
    canDelete: projectCan(access.role, "file.delete") && !readOnly,
    limits: fileLimits(),
  };
}

/**
 * Deletes the blob when no file row references it, holding the hash's lock while it checks and
 * deletes (see the top of this file). Safe to call for any hash at any time.
 */
export async function collectBlob(db: DB, store: BlobStore, sha256: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockBlob(tx, sha256);
    if (await isReferenced(tx, sha256)) return false;
    await store.delete(sha256);
    return true;
  });
}

export async function lockBlob(tx: DB, sha256: string): Promise<void> {
  // The first 64 bits of the hash are a fine lock key: collisions only serialise unrelated blobs.
  const key = BigInt.asIntN(64, BigInt(`0x${sha256.slice(0, 16)}`)).toString();
  await tx.execute(sql`select pg_advisory_xact_lock(${key}::bigint)`);
}

export async function isReferenced(tx: DB, sha256: string): Promise<boolean> {
  const [row] = await tx.select({ one: sql<number>`1` }).from(files).where(eq(files.sha256, sha256)).limit(1);
  return Boolean(row);
}

async function sizeOfOtherFiles(db: DB, versionId: number, exceptPath: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${files.size}), 0)::text` })
    .from(files)
    .where(and(eq(files.versionId, versionId), ne(files.path, exceptPath)));
  return Number(row?.total ?? 0);
}

const userId = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);
