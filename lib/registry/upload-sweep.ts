// The sweep of LFS uploads that were never committed. An object received through an upload URL (or verified from
// the S3 staging area) stays claimable by a commit of its model for a day (upload-grants.ts); after that, if no file
// references it, it is garbage. The sweep collects such blobs through collectBlob (under the blob's lock, so a
// commit racing it either sees the blob or is told to retry, as everywhere), and deletes staged S3 objects that
// were never verified. Several instances may sweep at once: every step is idempotent.
import "server-only";
import { sql } from "drizzle-orm";
import type { DB } from "@/db";
import { getBlobStore, type BlobStore } from "@/lib/storage";
import { collectBlob } from "./files";
import { uploadTtlSeconds } from "./upload-grants";

const DAY_MS = 24 * 3600 * 1000;
/** Receipts older than this are not looked at again (a day's sweep covers them many times over). */
const LOOKBACK = "30 days";

export type SweepResult = { blobs: number; staged: number };

/**
 * One sweep: blobs whose newest `file.lfs_received` is older than a day and that no file references, and staged
 * objects older than a day (or than twice the upload URL lifetime, if longer). At most `limit` of each.
 */
export async function sweepUncommittedUploads(db: DB, store: BlobStore = getBlobStore(), opts: { now?: Date; limit?: number } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 1000;
  const cutoff = new Date(now.getTime() - DAY_MS);
  const result = await db.execute(sql`
    select a.target as sha256
    from activities a
    where a.verb = 'file.lfs_received' and a.created_at > ${now.toISOString()}::timestamptz - ${LOOKBACK}::interval
    group by a.target
    having max(a.created_at) < ${cutoff.toISOString()}::timestamptz
      and not exists (select 1 from files f where f.sha256 = a.target)
    limit ${limit}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { sha256: string }[];
  let blobs = 0;
  for (const { sha256 } of rows) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    if (!(await store.exists(sha256))) continue;
    if (
      await collectBlob(db, store, sha256).catch((e) => {
        console.error("[modelreg] LFS sweep: blob collection failed", e);
        return false;
      })
    )
      blobs++;
  }
  let staged = 0;
  if (store.staged) {
    const stagedCutoff = new Date(now.getTime() - Math.max(DAY_MS, 2 * uploadTtlSeconds() * 1000));
    for await (const id of store.staged.listOlderThan(stagedCutoff)) {
      if (staged >= limit) break;
      await store.staged.discard(id);
      staged++;
    }
  }
  return { blobs, staged };
}

const g = globalThis as unknown as { __modelregUploadSweeper?: NodeJS.Timeout };

/** Sweeps every MODELREG_LFS_SWEEP_HOURS hours (default 6; first a minute after start). Once per process. */
export function startUploadSweeper(db: DB): void {
  if (g.__modelregUploadSweeper) return;
  const hours = Number(process.env.MODELREG_LFS_SWEEP_HOURS);
  const every = (Number.isFinite(hours) && hours > 0 ? hours : 6) * 3600 * 1000;
  const run = () =>
    void sweepUncommittedUploads(db)
      .then((r) => (r.blobs || r.staged) && console.log(`[modelreg] LFS sweep: ${r.blobs} uncommitted blob(s), ${r.staged} staged object(s) removed`))
      .catch((e) => console.error("[modelreg] LFS sweep failed", e));
  const first = setTimeout(run, 60_000);
  first.unref?.();
  g.__modelregUploadSweeper = setInterval(run, every);
  g.__modelregUploadSweeper.unref?.();
}
