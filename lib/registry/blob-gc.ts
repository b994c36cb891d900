// Blob collection after deletes that take file rows with them (a version, a project, an organization).
// The rows go in the deleter's transaction, returning their hashes; after commit, each hash whose blob no
// remaining row references is collected under its lock (files.ts explains the race this settles). A crash
// between the commit and the collection leaves an unreferenced blob: wasted space, never a wrong answer.
import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DB } from "@/db";
import { files, projects, versions } from "@/db/schema";

/** Deletes the file rows of every version of one project, or of every project of one org; their distinct hashes. */
export async function deleteFileRows(tx: DB, scope: { projectId: number } | { orgId: number }): Promise<string[]> {
  const versionIds =
    "projectId" in scope
      ? tx.select({ id: versions.id }).from(versions).where(eq(versions.projectId, scope.projectId))
      : tx.select({ id: versions.id }).from(versions).innerJoin(projects, eq(projects.id, versions.projectId)).where(eq(projects.orgId, scope.orgId));
  const gone = await tx.delete(files).where(inArray(files.versionId, versionIds)).returning({ sha256: files.sha256 });
  return [...new Set(gone.map((r) => r.sha256))];
}

/** Collects the blobs of `hashes` that nothing references any more; failures are logged, never thrown. */
export async function collectBlobs(db: DB, hashes: readonly string[]): Promise<void> {
  if (!hashes.length) return;
  // Loaded lazily: only deletions that had files need the blob store (and its S3 client).
  const [{ collectBlob }, { getBlobStore }] = await Promise.all([import("./files"), import("@/lib/storage")]);
  const store = getBlobStore();
  for (const h of hashes) await collectBlob(db, store, h).catch((e) => console.error("[modelreg] blob collection failed", e));
}
