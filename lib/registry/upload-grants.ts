// Git LFS uploads (the Hugging Face surface): the batch call hands out expiring, self-authorizing upload URLs —
// an HMAC (key derived from the app's secret) over the scheme version, the model, the uploader, the object's
// sha256 and size and the expiry — so the client PUTs the bytes without Authorization. The PUT streams into the
// blob store while hashing; a body whose sha256 or size differs is refused and nothing is kept.
//
// Who may reference a stored blob in a commit: content-addressing must not let anyone who merely knows a sha256
// claim another model's file (or someone's abandoned upload). A blob is available to a model when one of its
// files already has it, or when it was received through an upload URL of this model in the last day (recorded as
// the activity `file.lfs_received`). Otherwise the batch asks for the bytes again: they deduplicate in the store,
// and the upload proves possession.
//
// Straight to the bucket (a store with staged uploads, i.e. S3, unless MODELREG_S3_DIRECT_UPLOAD=0): the batch
// answers a presigned PUT of a staging object `.staging/<model uuid>/<user id>/<sha256>` (or a multipart upload of
// it, part URLs presigned, for objects above MODELREG_LFS_MULTIPART_CHUNK when the client offers `multipart`) and a
// `verify` action. Nothing staged is a blob: the staged object becomes one only once the app has read it back,
// hashed it and found the granted sha256 and size (then `file.lfs_received` is recorded, as on the app path); on a
// mismatch it is deleted. huggingface_hub POSTs `verify`; @huggingface/hub does not, so a commit that names an
// object not yet available runs the same check on the committer's staged object (claimStagedUpload).
import "server-only";
import crypto from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, organizations, projects } from "@/db/schema";
import { sessionSecret } from "@/lib/auth/secret";
import {
  BlobChecksumError,
  BlobSizeError,
  BlobSourceError,
  BlobTooLargeError,
  SHA256_RE,
  getBlobStore,
  type BlobSource,
  type BlobStore,
  type StagedUploads,
} from "@/lib/storage";
import { directUploadsEnabled } from "@/lib/storage/direct-upload-config";
import { formatBytes } from "@/lib/storage/format";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ForbiddenError, InvalidError, NotFoundError, TooLargeError } from "./errors";
import { fileLimits } from "./files";

const SCHEME = "v1";
/** v2 grants name a multipart upload of the staging object (its upload id). */
const SCHEME_MULTIPART = "v2";
/** MODELREG_LFS_UPLOAD_TTL seconds (default an hour): how long an upload URL stays valid. */
export const uploadTtlSeconds = () => {
  const n = Number(process.env.MODELREG_LFS_UPLOAD_TTL);
  return Number.isInteger(n) && n > 0 ? n : 3600;
};
const RECEIVED_WINDOW = "1 day";

export type UploadGrant = { projectUuid: string; userId: number; sha256: string; size: number; expiresAt: number; uploadId?: string };

function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", sessionSecret(), "modelreg", "lfs-upload-v1", 32));
}

const mac = (payload: string) => crypto.createHmac("sha256", key()).update(payload).digest("base64url");

/** The grant as one URL-safe token: `<payload>.<hmac>`. */
export function signUploadGrant(g: UploadGrant): string {
  const fields = g.uploadId
    ? [SCHEME_MULTIPART, g.projectUuid, g.userId, g.sha256, g.size, g.expiresAt, g.uploadId]
    : [SCHEME, g.projectUuid, g.userId, g.sha256, g.size, g.expiresAt];
  const payload = Buffer.from(JSON.stringify(fields)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The grant a token carries; a forged, altered or expired one is refused (403, no detail beyond that). */
export function verifyUploadGrant(token: string, now = Date.now()): UploadGrant {
  const [payload, sig, extra] = String(token).split(".");
  if (!payload || !sig || extra !== undefined) throw new ForbiddenError("This upload URL is not valid.");
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new ForbiddenError("This upload URL is not valid.");
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw new ForbiddenError("This upload URL is not valid.");
  }
  const ok =
    Array.isArray(fields) &&
    ((fields[0] === SCHEME && fields.length === 6) || (fields[0] === SCHEME_MULTIPART && fields.length === 7 && typeof fields[6] === "string"));
  if (!ok) throw new ForbiddenError("This upload URL is not valid.");
  const [, projectUuid, userId, sha256, size, expiresAt, uploadId] = fields as [string, string, number, string, number, number, string?];
  if (expiresAt <= now) throw new ForbiddenError("This upload URL has expired: ask the batch endpoint for a new one.");
  return { projectUuid, userId, sha256, size, expiresAt, ...(uploadId ? { uploadId } : {}) };
}

export type BatchObject = { oid: string; size: number };
/** Where the bytes go: the app's upload URL (`/api/lfs/upload/{grant}`), or straight into the store. */
export type UploadTarget = { kind: "app" } | { kind: "direct"; href: string } | { kind: "multipart"; chunkSize: number; partUrls: string[] };
export type BatchAnswer =
  | { oid: string; size: number; stored: true }
  | { oid: string; size: number; stored: false; grant: string; expiresIn: number; target: UploadTarget }
  | { oid: string; size: number; error: { code: number; message: string } };

/** MODELREG_S3_DIRECT_UPLOAD: "0"/"false" sends LFS uploads through the app on S3 too (lib/storage/direct-upload-config.ts). */
export { directUploadsEnabled };

const MIB = 1024 * 1024;
/** MODELREG_LFS_MULTIPART_CHUNK (default 64 MiB, at least 5 MiB: S3's smallest part): larger direct uploads go in parts. */
export function multipartChunkSize(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.MODELREG_LFS_MULTIPART_CHUNK);
  return Number.isSafeInteger(n) && n >= 5 * MIB ? n : 64 * MIB;
}
const MAX_PARTS = 10_000;
/** S3 takes at most 5 GiB in one PUT. */
const SINGLE_PUT_LIMIT = 5 * 1024 * MIB;

/** The staging object of one uploader's object for one model: deterministic, so a commit can find it. */
export const stagingId = (projectUuid: string, userId: number, sha256: string) => `${projectUuid}/${userId}/${sha256}`;

function stagedOf(store: BlobStore): StagedUploads | null {
  return store.staged && directUploadsEnabled() ? store.staged : null;
}

/**
 * The batch call's decision for each object: already available to this model (no upload), an upload grant, or
 * an error (bad id, too large). The caller has checked that the actor may upload to the model.
 */
export async function planUploads(
  db: DB,
  access: ProjectAccess,
  actor: Actor,
  objects: BatchObject[],
  store: BlobStore = getBlobStore(),
  opts: { multipart?: boolean } = {},
): Promise<BatchAnswer[]> {
  if (actor.kind !== "user") throw new ForbiddenError("Sign in to upload.");
  const { maxFileSize } = fileLimits();
  const ttl = uploadTtlSeconds();
  const staged = stagedOf(store);
  const chunk = multipartChunkSize();
  return Promise.all(
    objects.map(async ({ oid, size }): Promise<BatchAnswer> => {
      if (!SHA256_RE.test(oid)) return { oid, size, error: { code: 422, message: "oid must be a sha256: 64 lowercase hexadecimal digits" } };
      if (!Number.isSafeInteger(size) || size < 0) return { oid, size, error: { code: 422, message: "size must be a whole number of bytes" } };
      if (size > maxFileSize) return { oid, size, error: { code: 413, message: `Files are limited to ${formatBytes(maxFileSize)} (MODELREG_MAX_FILE_SIZE).` } };
      if (await blobAvailableTo(db, access.project.id, oid, size, store)) return { oid, size, stored: true };
      const base = { projectUuid: access.project.uuid, userId: actor.userId, sha256: oid, size, expiresAt: Date.now() + ttl * 1000 };
      if (!staged) return { oid, size, stored: false, grant: signUploadGrant(base), expiresIn: ttl, target: { kind: "app" } };
      const id = stagingId(access.project.uuid, actor.userId, oid);
      if (size > chunk && opts.multipart) {
        const chunkSize = Math.max(chunk, Math.ceil(size / MAX_PARTS));
        const { uploadId, urls } = await staged.presignMultipart(id, Math.ceil(size / chunkSize), ttl);
        return {
          oid,
          size,
          stored: false,
          grant: signUploadGrant({ ...base, uploadId }),
          expiresIn: ttl,
          target: { kind: "multipart", chunkSize, partUrls: urls },
        };
      }
      if (size > SINGLE_PUT_LIMIT) {
        return {
          oid,
          size,
          error: { code: 422, message: "Objects over 5 GiB go to S3 in parts: offer the multipart transfer (huggingface_hub and @huggingface/hub do)." },
        };
      }
      return {
        oid,
        size,
        stored: false,
        grant: signUploadGrant(base),
        expiresIn: ttl,
        target: { kind: "direct", href: await staged.presignPut(id, size, ttl) },
      };
    }),
  );
}

/** Whether the model may reference the stored blob `sha256` of `size` bytes (see the top of this file). */
export async function blobAvailableTo(db: DB, projectId: number, sha256: string, size: number, store: BlobStore = getBlobStore()): Promise<boolean> {
  const stat = await store.stat(sha256);
  if (!stat || stat.size !== size) return false;
  // Spelled out with aliases: drizzle leaves columns unqualified inside sql``, which a join makes ambiguous.
  const result = await db.execute(
    sql`select exists(select 1 from files f join versions v on v.id = f.version_id where f.sha256 = ${sha256} and v.project_id = ${projectId}) as here`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { here: boolean }[];
  if (rows[0]?.here) return true;
  const [received] = await db
    .select({ id: activities.id })
    .from(activities)
    .where(
      and(
        eq(activities.projectId, projectId),
        eq(activities.verb, "file.lfs_received"),
        eq(activities.target, sha256),
        gt(activities.createdAt, sql`now() - ${RECEIVED_WINDOW}::interval`),
      ),
    )
    .limit(1);
  return Boolean(received);
}

/**
 * PUT on an upload URL: the grant is checked (signature, expiry, the model still exists), then the body is
 * streamed into the store, verified against the granted sha256 and size; on any difference nothing is kept.
 */
export async function receiveGrantedUpload(
  db: DB,
  token: string,
  body: BlobSource,
  contentLength: number | undefined,
  store: BlobStore = getBlobStore(),
): Promise<{ sha256: string; size: number; created: boolean }> {
  const g = verifyUploadGrant(token);
  if (contentLength !== undefined && contentLength !== g.size) {
    throw InvalidError.field("content-length", `The body has ${contentLength} bytes, not the ${g.size} this upload URL was granted for; nothing was stored.`);
  }
  const [p] = await db
    .select({ id: projects.id, orgId: projects.orgId, name: projects.name, org: organizations.name })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .where(eq(projects.uuid, g.projectUuid))
    .limit(1);
  if (!p) throw new NotFoundError("The model of this upload URL no longer exists.");
  let put;
  try {
    put = await store.put(body, { maxBytes: g.size, expectedSha256: g.sha256, sizeHint: g.size });
  } catch (err) {
    if (err instanceof BlobTooLargeError)
      throw new TooLargeError(`The body is larger than the ${g.size} bytes this upload URL was granted for; nothing was stored.`);
    if (err instanceof BlobChecksumError)
      throw InvalidError.field("sha256", `The body's sha256 is ${err.actual}, not the granted ${err.expected}; nothing was stored.`);
    if (err instanceof BlobSourceError) throw InvalidError.field("body", "The upload was interrupted before it completed; nothing was stored.");
    throw err;
  }
  // A body of the right hash has the right size; this is belt and braces for stores that report otherwise.
  if (put.size !== g.size) throw InvalidError.field("size", `The body has ${put.size} bytes, not the granted ${g.size}.`);
  await recordActivity(db, {
    orgId: p.orgId,
    projectId: p.id,
    actorId: g.userId,
    verb: "file.lfs_received",
    target: g.sha256,
    details: { sha256: g.sha256, size: g.size, stored: put.created },
  });
  return put;
}

/** The model a grant was issued for (it may have been deleted since). */
async function grantProject(db: DB, g: UploadGrant) {
  const [p] = await db.select({ id: projects.id, orgId: projects.orgId, uuid: projects.uuid }).from(projects).where(eq(projects.uuid, g.projectUuid)).limit(1);
  if (!p) throw new NotFoundError("The model of this upload URL no longer exists.");
  return p;
}

/**
 * Reads the staged object of (model, uploader, sha256) back, hashing it; on a match it becomes the blob and its
 * receipt is recorded (as an upload through the app), on a mismatch it is deleted and nothing is kept. Null when
 * nothing is staged there.
 */
async function commitStaged(
  db: DB,
  staged: StagedUploads,
  p: { id: number; orgId: number; uuid: string },
  userId: number,
  sha256: string,
  size: number,
): Promise<{ sha256: string; size: number; created: boolean } | null> {
  let put;
  try {
    put = await staged.commit(stagingId(p.uuid, userId, sha256), { sha256, size });
  } catch (err) {
    if (err instanceof BlobChecksumError)
      throw InvalidError.field("sha256", `The uploaded object's sha256 is ${err.actual}, not the granted ${err.expected}; nothing was kept.`);
    if (err instanceof BlobSizeError)
      throw InvalidError.field("size", `The uploaded object has ${err.actual} bytes, not the granted ${err.expected}; nothing was kept.`);
    throw err;
  }
  if (!put) return null;
  await recordActivity(db, {
    orgId: p.orgId,
    projectId: p.id,
    actorId: userId,
    verb: "file.lfs_received",
    target: sha256,
    details: { sha256, size, stored: put.created, direct: true },
  });
  return put;
}

/**
 * POST on a grant's verify URL (LFS `verify`, body `{oid, size}`): the staged object is checked and becomes the
 * blob. Idempotent: an object the model already has (verified before, or through a multipart completion) is fine.
 */
export async function verifyGrantedUpload(db: DB, token: string, body: { oid?: unknown; size?: unknown }, store: BlobStore = getBlobStore()): Promise<void> {
  const g = verifyUploadGrant(token);
  if (body.oid !== g.sha256 || body.size !== g.size) throw InvalidError.field("oid", "The object to verify is not the one this URL was granted for.");
  const p = await grantProject(db, g);
  if (await blobAvailableTo(db, p.id, g.sha256, g.size, store)) return;
  const staged = store.staged;
  if (!staged || !(await commitStaged(db, staged, p, g.userId, g.sha256, g.size))) {
    throw new NotFoundError(`Object ${g.sha256} has not been uploaded: PUT it to the upload URL first.`);
  }
}

/**
 * POST on a multipart grant's completion URL (`{oid, parts: [{partNumber, etag}]}`): completes the staged
 * multipart upload, then verifies it as `verify` does (clients that never call verify are covered).
 */
export async function completeGrantedMultipart(
  db: DB,
  token: string,
  body: { oid?: unknown; parts?: unknown },
  store: BlobStore = getBlobStore(),
): Promise<void> {
  const g = verifyUploadGrant(token);
  if (!g.uploadId || !store.staged) throw new ForbiddenError("This URL is not a multipart upload's.");
  if (body.oid !== g.sha256) throw InvalidError.field("oid", "The object to complete is not the one this URL was granted for.");
  const parts = Array.isArray(body.parts) ? body.parts : null;
  const ok = (x: unknown): x is { partNumber: number; etag: string } =>
    Boolean(x) &&
    Number.isSafeInteger((x as { partNumber?: unknown }).partNumber) &&
    typeof (x as { etag?: unknown }).etag === "string" &&
    (x as { etag: string }).etag.length <= 200;
  if (!parts?.length || parts.length > MAX_PARTS || !parts.every(ok)) throw InvalidError.field("parts", "must list every part as {partNumber, etag}");
  const p = await grantProject(db, g);
  const id = stagingId(p.uuid, g.userId, g.sha256);
  try {
    await store.staged.completeMultipart(id, g.uploadId, parts);
  } catch (err) {
    await store.staged.discard(id).catch(() => {});
    throw InvalidError.field("parts", `The multipart upload could not be completed (${err instanceof Error ? err.message : String(err)}); nothing was kept.`);
  }
  if (!(await commitStaged(db, store.staged, p, g.userId, g.sha256, g.size))) throw new NotFoundError("The completed upload is missing from the store.");
}

/**
 * For a commit naming an object not yet available to the model: the committer's staged object for it, checked
 * and made the blob (true), or nothing staged (false). A mismatch throws (the object is deleted).
 */
export async function claimStagedUpload(
  db: DB,
  access: ProjectAccess,
  actor: Actor,
  sha256: string,
  size: number,
  store: BlobStore = getBlobStore(),
): Promise<{ created: boolean } | null> {
  if (actor.kind !== "user" || !store.staged) return null;
  const put = await commitStaged(db, store.staged, { id: access.project.id, orgId: access.org.id, uuid: access.project.uuid }, actor.userId, sha256, size);
  return put ? { created: put.created } : null;
}
