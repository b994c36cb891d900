// Uploads of the REST API that go straight to the bucket (the CLI's `models push`): the client declares each
// file's path, size and sha256; for a store with staged uploads (S3) it gets a presigned PUT per file that is not
// yet available to the model, PUTs the bytes to the bucket, then commits the paths. The app never carries the
// bytes, and no file row exists before the staged object was read back and found to have the declared sha256 and
// size (upload-grants.ts claims it; on a mismatch it is deleted and nothing is kept). Built on the same pieces as
// the Hugging Face surface's LFS batch and commit (upload-grants.ts, file-commit.ts): one rule for both.
//
// A store without staged uploads (the local folder), MODELREG_S3_DIRECT_UPLOAD=0, an artifact version or a file
// above S3's single-PUT limit answers `app`: the client PUTs that file through the app's file route as before.
import "server-only";
import { z } from "zod";
import type { DB } from "@/db";
import { getBlobStore, SHA256_RE, type BlobStore } from "@/lib/storage";
import { checkFilePath } from "@/lib/storage/paths";
import { assertProjectCan, findVersion, loadProjectAccess } from "./access";
import type { Actor } from "./actor";
import { InvalidError } from "./errors";
import { commitFiles } from "./file-commit";
import type { VersionRef } from "./files";
import { directUploadsEnabled, planUploads } from "./upload-grants";
import { parse } from "./validate";
import { assertVersionWritable } from "./version-lock";

const MAX_FILES = 1000;

/**
 * Whether the browser's uploader should plan its uploads (hash each file, ask for a presigned PUT): the store
 * has staged uploads (S3) and they are on, for a model version (an artifact's files always go through the app).
 * When false the uploader PUTs every file through the app's file route, as without this.
 */
export function directUploadsAvailable(kind: "model" | "artifact" = "model", store: BlobStore = getBlobStore()): boolean {
  return kind === "model" && Boolean(store.staged) && directUploadsEnabled();
}

const fileSchema = z.object({
  path: z.string().min(1).max(1024),
  size: z.number().int().min(0),
  sha256: z.string().regex(SHA256_RE, "must be 64 lowercase hexadecimal digits"),
});
const planSchema = z.object({ files: z.array(fileSchema).min(1).max(MAX_FILES) });

export type DirectUploadAnswer =
  | { path: string; action: "none" }
  | { path: string; action: "put"; url: string; expires_in: number }
  | { path: string; action: "app" }
  | { path: string; action: "error"; status: number; message: string };

/** For each declared file: nothing to send (`none`), a presigned PUT (`put`), or send it through the app (`app`). */
export async function planDirectUploads(
  db: DB,
  actor: Actor,
  ref: VersionRef,
  input: unknown,
  store: BlobStore = getBlobStore(),
): Promise<{ direct: boolean; files: DirectUploadAnswer[] }> {
  // Who may, first: a model the caller may not see is a 404 whatever the body says.
  const access = await loadProjectAccess(db, actor, ref.owner, ref.project);
  const version = await findVersion(db, access.project.id, ref.kind, ref.version);
  assertProjectCan(access, "file.upload", actor);
  assertVersionWritable(access, actor, version, "contents", "files");
  const { files } = parse(planSchema, input);
  const paths = files.map((f, i) => {
    const r = checkFilePath(f.path);
    if (!r.ok) throw InvalidError.field(`files.${i}.path`, r.message);
    return r.path;
  });
  if (version.kind !== "model") return { direct: false, files: paths.map((path) => ({ path, action: "app" })) };
  const answers = await planUploads(
    db,
    access,
    actor,
    files.map((f) => ({ oid: f.sha256, size: f.size })),
    store,
  );
  let direct = false;
  const out = answers.map((a, i): DirectUploadAnswer => {
    const path = paths[i];
    if ("error" in a) {
      // Over S3's single PUT (the sha256 and size were checked by the schema): through the app, which streams it
      // into a multipart upload.
      if (a.error.code === 422) return { path, action: "app" };
      return { path, action: "error", status: a.error.code, message: a.error.message };
    }
    if (a.stored) return { path, action: "none" };
    if (a.target.kind === "direct") {
      direct = true;
      return { path, action: "put", url: a.target.href, expires_in: a.expiresIn };
    }
    return { path, action: "app" };
  });
  return { direct, files: out };
}

const commitSchema = z.object({ files: z.array(fileSchema).min(1).max(MAX_FILES) });

/**
 * Records the declared files on the version in one transaction (file-commit.ts): each must be available to the
 * model (already one of its blobs, or the caller's staged object, checked now). Nothing is recorded unless all are.
 */
export async function commitDirectUploads(db: DB, actor: Actor, ref: VersionRef, input: unknown, store: BlobStore = getBlobStore()) {
  // Who may, first (commitFiles checks again, under its transaction): an invisible model is a 404 for any body.
  assertProjectCan(await loadProjectAccess(db, actor, ref.owner, ref.project), "file.upload", actor);
  const { files } = parse(commitSchema, input);
  const result = await commitFiles(
    db,
    actor,
    {
      owner: ref.owner,
      project: ref.project,
      target: { kind: "existing", version: ref.version },
      operations: files.map((f) => ({ op: "putStored" as const, path: f.path, sha256: f.sha256, size: f.size })),
      summary: `Upload ${files.length} file${files.length === 1 ? "" : "s"}`,
    },
    store,
  );
  return { version: result.version, files: files.length };
}
