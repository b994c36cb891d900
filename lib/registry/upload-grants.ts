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
import "server-only";
import crypto from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { activities, organizations, projects } from "@/db/schema";
import { sessionSecret } from "@/lib/auth/secret";
import { BlobChecksumError, BlobSourceError, BlobTooLargeError, SHA256_RE, getBlobStore, type BlobSource, type BlobStore } from "@/lib/storage";
import { formatBytes } from "@/lib/storage/format";
import type { Actor } from "./actor";
import type { ProjectAccess } from "./access";
import { recordActivity } from "./activity";
import { ForbiddenError, InvalidError, NotFoundError, TooLargeError } from "./errors";
import { fileLimits } from "./files";

const SCHEME = "v1";
/** MODELREG_LFS_UPLOAD_TTL seconds (default an hour): how long an upload URL stays valid. */
export const uploadTtlSeconds = () => {
  const n = Number(process.env.MODELREG_LFS_UPLOAD_TTL);
  return Number.isInteger(n) && n > 0 ? n : 3600;
};
const RECEIVED_WINDOW = "1 day";

export type UploadGrant = { projectUuid: string; userId: number; sha256: string; size: number; expiresAt: number };

function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", sessionSecret(), "modelreg", "lfs-upload-v1", 32));
}

const mac = (payload: string) => crypto.createHmac("sha256", key()).update(payload).digest("base64url");

/** The grant as one URL-safe token: `<payload>.<hmac>`. */
export function signUploadGrant(g: UploadGrant): string {
  const payload = Buffer.from(JSON.stringify([SCHEME, g.projectUuid, g.userId, g.sha256, g.size, g.expiresAt])).toString("base64url");
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
  if (!Array.isArray(fields) || fields[0] !== SCHEME || fields.length !== 6) throw new ForbiddenError("This upload URL is not valid.");
  const [, projectUuid, userId, sha256, size, expiresAt] = fields as [string, string, number, string, number, number];
  if (expiresAt <= now) throw new ForbiddenError("This upload URL has expired: ask the batch endpoint for a new one.");
  return { projectUuid, userId, sha256, size, expiresAt };
}

export type BatchObject = { oid: string; size: number };
export type BatchAnswer =
  | { oid: string; size: number; stored: true }
  | { oid: string; size: number; stored: false; grant: string; expiresIn: number }
  | { oid: string; size: number; error: { code: number; message: string } };

/**
 * The batch call's decision for each object: already available to this model (no upload), an upload grant, or
 * an error (bad id, too large). The caller has checked that the actor may upload to the model.
 */
export async function planUploads(db: DB, access: ProjectAccess, actor: Actor, objects: BatchObject[], store: BlobStore = getBlobStore()): Promise<BatchAnswer[]> {
  if (actor.kind !== "user") throw new ForbiddenError("Sign in to upload.");
  const { maxFileSize } = fileLimits();
  const ttl = uploadTtlSeconds();
  return Promise.all(
    objects.map(async ({ oid, size }): Promise<BatchAnswer> => {
      if (!SHA256_RE.test(oid)) return { oid, size, error: { code: 422, message: "oid must be a sha256: 64 lowercase hexadecimal digits" } };
      if (!Number.isSafeInteger(size) || size < 0) return { oid, size, error: { code: 422, message: "size must be a whole number of bytes" } };
      if (size > maxFileSize) return { oid, size, error: { code: 413, message: `Files are limited to ${formatBytes(maxFileSize)} (MODELREG_MAX_FILE_SIZE).` } };
      if (await blobAvailableTo(db, access.project.id, oid, size, store)) return { oid, size, stored: true };
      const grant = signUploadGrant({ projectUuid: access.project.uuid, userId: actor.userId, sha256: oid, size, expiresAt: Date.now() + ttl * 1000 });
      return { oid, size, stored: false, grant, expiresIn: ttl };
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
    .where(and(eq(activities.projectId, projectId), eq(activities.verb, "file.lfs_received"), eq(activities.target, sha256), gt(activities.createdAt, sql`now() - ${RECEIVED_WINDOW}::interval`)))
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
    if (err instanceof BlobTooLargeError) throw new TooLargeError(`The body is larger than the ${g.size} bytes this upload URL was granted for; nothing was stored.`);
    if (err instanceof BlobChecksumError) throw InvalidError.field("sha256", `The body's sha256 is ${err.actual}, not the granted ${err.expected}; nothing was stored.`);
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
