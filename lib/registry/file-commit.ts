// A commit of several file changes at once (the Hugging Face surface's POST …/commit/{rev}): to an existing
// version it changes that version's files; to a new version it registers one (the next v{n}) that starts from a
// base version's files. The bytes are stored first (they can take long); then one transaction checks every rule
// again under the version's lock, writes every row and records the activity, so a commit lands whole or not at
// all. Blobs stored for a commit that failed are collected again; replaced or deleted blobs once unreferenced.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { files, stageConditions, versions } from "@/db/schema";
import { getBlobStore, type BlobSource, type BlobStore } from "@/lib/storage";
import { chooseContentType } from "@/lib/storage/content-type";
import { formatBytes } from "@/lib/storage/format";
import { normaliseFilePath } from "@/lib/storage/paths";
import { assertProjectCan, findVersion, loadProjectAccess, type ProjectAccess } from "./access";
import type { Actor } from "./actor";
import { recordActivity } from "./activity";
import { ConflictError, InvalidError, NotFoundError, TooLargeError, isUniqueViolation } from "./errors";
import { collectBlob, fileLimits, lockBlob } from "./files";
import { assertFeatureEnabled } from "./projects";
import { blobAvailableTo, claimStagedUpload } from "./upload-grants";
import { assertVersionWritable } from "./version-lock";
import { lockProject, nextVersionName, versionName } from "./versions";
import { nameNumber } from "./version-view";

export type CommitOperation =
  | { op: "put"; path: string; body: BlobSource; size?: number }
  | { op: "putStored"; path: string; sha256: string; size: number }
  | { op: "delete"; path: string }
  | { op: "deleteFolder"; path: string };

/** A new version (named `name`, else the next v{n}) starting from a base version's files, or an existing one. */
export type CommitTarget = { kind: "new"; baseVersionId: number | null; name?: string } | { kind: "existing"; version: string };

export type CommitInput = { owner: string; project: string; target: CommitTarget; operations: CommitOperation[]; summary: string };

export type CommitResult = { access: ProjectAccess; versionId: number; version: string; created: boolean };

type Put = { path: string; sha256: string; size: number; fresh: boolean };

const MAX_OPERATIONS = 10_000;

export async function commitFiles(db: DB, actor: Actor, input: CommitInput, store: BlobStore = getBlobStore()): Promise<CommitResult> {
  const access = await loadProjectAccess(db, actor, input.owner, input.project);
  assertFeatureEnabled(access.project, "models");
  const isNew = input.target.kind === "new";
  assertProjectCan(access, isNew ? "version.write" : "file.upload", actor);
  const existing = input.target.kind === "existing" ? await findVersion(db, access.project.id, "model", input.target.version) : null;
  const ops = checkOperations(input.operations);
  const chosenName = input.target.kind === "new" && input.target.name !== undefined ? parseName(input.target.name) : undefined;
  const deletes = ops.filter((o) => o.op === "delete" || o.op === "deleteFolder");
  if (existing) {
    if (deletes.length) assertProjectCan(access, "file.delete", actor);
    assertVersionWritable(access, actor, existing, "contents", "files");
  }

  const { maxFileSize, maxVersionSize } = fileLimits();
  const puts: Put[] = [];
  try {
    for (const o of ops) {
      if (o.op === "put") {
        const r = await store.put(o.body, { maxBytes: maxFileSize, sizeHint: o.size }).catch((err: unknown) => {
          if (err instanceof Error && err.name === "BlobTooLargeError")
            throw new TooLargeError(`'${o.path}': files are limited to ${formatBytes(maxFileSize)} (MODELREG_MAX_FILE_SIZE).`);
          throw err;
        });
        puts.push({ path: o.path, sha256: r.sha256, size: r.size, fresh: r.created });
      } else if (o.op === "putStored") {
        if (o.size > maxFileSize) throw new TooLargeError(`'${o.path}': files are limited to ${formatBytes(maxFileSize)} (MODELREG_MAX_FILE_SIZE).`);
        let fresh = false;
        if (!(await blobAvailableTo(db, access.project.id, o.sha256, o.size, store))) {
          // Uploaded straight to the store and never verified (@huggingface/hub skips `verify`): check it now.
          const claimed = await claimStagedUpload(db, access, actor, o.sha256, o.size, store);
          if (!claimed)
            throw InvalidError.field(
              "lfsFile",
              `'${o.path}': object ${o.sha256} (${o.size} bytes) has not been uploaded to this model: upload it through the LFS batch endpoint first.`,
            );
          fresh = claimed.created;
        }
        puts.push({ path: o.path, sha256: o.sha256, size: o.size, fresh });
      }
    }

    const actorId = actor.kind === "user" ? actor.userId : null;
    const { versionId, name, orphans } = await db.transaction(async (tx) => {
      let v: { id: number; name: string; stage: (typeof versions.$inferSelect)["stage"] };
      if (isNew) {
        await lockProject(tx, access.project.id);
        const name = chosenName ?? (await nextVersionName(tx, access.project.id, "model"));
        const [row] = await tx
          .insert(versions)
          .values({
            projectId: access.project.id,
            kind: "model",
            name,
            nameNumber: nameNumber(name),
            description: input.summary.slice(0, 5000),
            createdById: actorId,
          })
          .returning({ id: versions.id, name: versions.name, stage: versions.stage });
        v = row;
        await tx
          .insert(stageConditions)
          .values({ versionId: v.id, type: "testing", reason: "Registered", message: "", actorId, createdAt: sql`clock_timestamp()` });
        await recordActivity(tx, {
          orgId: access.org.id,
          projectId: access.project.id,
          actorId,
          verb: "version.registered",
          target: name,
          details: { kind: "model", via: "huggingface" },
        });
        const base = input.target.kind === "new" ? input.target.baseVersionId : null;
        if (base !== null) {
          await tx.execute(sql`insert into ${files} (version_id, path, size, sha256, content_type, created_by_id)
            select ${v.id}, path, size, sha256, content_type, created_by_id from ${files} where version_id = ${base}`);
        }
      } else {
        const [row] = await tx
          .select({ id: versions.id, name: versions.name, stage: versions.stage })
          .from(versions)
          .where(eq(versions.id, existing!.id))
          .for("update");
        if (!row) throw new NotFoundError(`Version '${existing!.name}' not found`);
        assertVersionWritable(access, actor, row, "contents", "files");
        v = row;
      }
      const orphans = new Set<string>();
      const details = (path: string, extra: Record<string, unknown>) => ({ kind: "model", version: v.name, path, ...extra });
      for (const o of deletes) {
        const cond =
          o.op === "delete"
            ? and(eq(files.versionId, v.id), eq(files.path, o.path))
            : and(eq(files.versionId, v.id), sql`starts_with(${files.path}, ${`${o.path}/`})`);
        const gone = await tx.delete(files).where(cond).returning({ path: files.path, sha256: files.sha256, size: files.size });
        if (!gone.length && !isNew) throw new NotFoundError(`File '${o.path}' not found in version '${v.name}'`);
        for (const g of gone) {
          orphans.add(g.sha256);
          if (!isNew)
            await recordActivity(tx, {
              orgId: access.org.id,
              projectId: access.project.id,
              actorId,
              verb: "file.deleted",
              target: `model/${v.name}/${g.path}`,
              details: details(g.path, { size: g.size, sha256: g.sha256 }),
            });
        }
      }
      for (const p of puts) {
        await lockBlob(tx, p.sha256);
        if (!(await store.exists(p.sha256))) throw new ConflictError("The commit raced with the deletion of identical content; please retry.");
        const [old] = await tx
          .select({ sha256: files.sha256 })
          .from(files)
          .where(and(eq(files.versionId, v.id), eq(files.path, p.path)))
          .limit(1);
        const contentType = chooseContentType(null, p.path);
        await tx
          .insert(files)
          .values({ versionId: v.id, path: p.path, size: p.size, sha256: p.sha256, contentType, createdById: actorId })
          .onConflictDoUpdate({
            target: [files.versionId, files.path],
            set: { size: p.size, sha256: p.sha256, contentType, createdById: actorId, createdAt: sql`now()` },
          });
        if (old && old.sha256 !== p.sha256) orphans.add(old.sha256);
        await recordActivity(tx, {
          orgId: access.org.id,
          projectId: access.project.id,
          actorId,
          verb: old ? "file.replaced" : "file.uploaded",
          target: `model/${v.name}/${p.path}`,
          details: details(p.path, { size: p.size, sha256: p.sha256 }),
        });
      }
      const [total] = await tx
        .select({ n: sql<string>`coalesce(sum(${files.size}), 0)::text` })
        .from(files)
        .where(eq(files.versionId, v.id));
      if (Number(total?.n ?? 0) > maxVersionSize) {
        throw new TooLargeError(`Version '${v.name}' would exceed its limit of ${formatBytes(maxVersionSize)} (MODELREG_MAX_VERSION_SIZE).`);
      }
      const stillUsed = orphans.size
        ? new Set(
            (
              await tx
                .select({ sha256: files.sha256 })
                .from(files)
                .where(inArray(files.sha256, [...orphans]))
            ).map((r) => r.sha256),
          )
        : new Set<string>();
      return { versionId: v.id, name: v.name, orphans: [...orphans].filter((h) => !stillUsed.has(h)) };
    });
    for (const h of orphans) await collectBlob(db, store, h).catch((e) => console.error("[modelreg] blob collection failed", e));
    return { access, versionId, version: name, created: isNew };
  } catch (caught) {
    let err = caught;
    if (isUniqueViolation(err) && chosenName) err = new ConflictError(`Version '${chosenName}' already exists in ${access.org.name}/${access.project.name}.`);
    // Nothing was recorded: blobs this commit stored go again, unless something else references them.
    for (const p of puts) if (p.fresh) await collectBlob(db, store, p.sha256).catch((e) => console.error("[modelreg] blob collection failed", e));
    throw err;
  }
}

function parseName(name: string): string {
  const r = versionName.safeParse(name);
  if (!r.success) throw InvalidError.field("name", r.error.issues[0].message);
  return r.data;
}

/** Paths normalised; a path changed twice in one commit is refused (the Hub refuses it too). */
function checkOperations(input: CommitOperation[]): CommitOperation[] {
  if (input.length > MAX_OPERATIONS) throw InvalidError.field("operations", `at most ${MAX_OPERATIONS} in one commit`);
  const seen = new Set<string>();
  return input.map((o) => {
    const path = normaliseFilePath(o.path);
    if (seen.has(path)) throw InvalidError.field("operations", `'${path}' is changed twice in one commit`);
    seen.add(path);
    return { ...o, path };
  });
}
